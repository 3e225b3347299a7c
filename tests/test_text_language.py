"""Dutch, English, or neither: decided per comment, offline."""

from __future__ import annotations

import pytest

from cxladder.text.language import detect_language, detect_languages


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Het eten was heerlijk en de bediening vriendelijk", "nl"),
        ("niet slecht", "nl"),
        ("We hebben een uur gewacht op onze bestelling", "nl"),
        ("The food was great and the staff were lovely", "en"),
        ("not bad at all", "en"),
        ("We waited an hour for our order", "en"),
        ("Le repas était excellent et le service aussi", "other"),
        ("Das Essen war sehr gut und die Bedienung auch", "other"),
        ("El servicio fue muy bueno", "other"),
        ("", "other"),
        ("12345 !!!", "other"),
    ],
)
def test_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_default_is_used_when_the_text_is_too_short_to_tell() -> None:
    assert detect_language("Top!", default="nl") == "nl"
    assert detect_languages(["the food was fine", "Top!"], default="en") == ["en", "en"]
