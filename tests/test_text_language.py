"""Dutch, English, or neither: decided per comment, offline."""

from __future__ import annotations

import numpy as np
import pytest

from cxladder.text.language import (
    decide,
    decide_counted,
    detect_language,
    detect_languages,
    votes,
)


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


def test_batch_decision_follows_the_single_rules() -> None:
    texts = ["thee", "the ij", "oe oe", "sh th", ""]
    grid = [
        (words, dutch, english, foreign)
        for words in (0, 1, 3, 9, 17)
        for dutch in range(4)
        for english in range(4)
        for foreign in range(3)
    ]
    rows = [(texts[i % len(texts)], counts) for i, counts in enumerate(grid)]
    got = decide_counted([t for t, _ in rows], np.asarray([c for _, c in rows], dtype=np.int64))
    expected = [decide(t, *votes(d, e, f, w)) for t, (w, d, e, f) in rows]
    assert got == expected
    assert {"nl", "en", "other"} <= set(got)
    assert decide_counted([], np.zeros((0, 4), dtype=np.int64)) == []
    assert decide_counted(["x"], np.asarray([[0, 0, 0, 0]]), default="en") == ["en"]
