"""Personal data never reaches the store or the screen: every kind is redacted."""

from __future__ import annotations

import random

import pytest

from cxladder.text.redaction import (
    _MAY_HOLD,
    _PATTERNS,
    Redaction,
    redact,
    redact_many,
)


@pytest.mark.parametrize(
    ("text", "tag", "secret"),
    [
        ("Mail me at jan.de.vries@example.nl please", "[email]", "jan.de.vries@example.nl"),
        ("reach me: anna+cx@post.co.uk", "[email]", "anna+cx@post.co.uk"),
        ("Bel me op 06-12345678", "[phone]", "12345678"),
        ("mijn nummer is 0612345678", "[phone]", "0612345678"),
        ("vast nummer 020 123 4567", "[phone]", "123 4567"),
        ("call +31 6 1234 5678 tomorrow", "[phone]", "1234 5678"),
        ("UK office +44 20 7946 0958", "[phone]", "7946 0958"),
        ("tel. (010) 4123456", "[phone]", "4123456"),
        ("Refund to NL91 ABNA 0417 1643 00 please", "[iban]", "0417 1643 00"),
        ("iban NL91ABNA0417164300", "[iban]", "NL91ABNA0417164300"),
        ("Belgian BE71 0961 2345 6769 too", "[iban]", "0961 2345 6769"),
        ("card 4111 1111 1111 1111 was charged twice", "[card]", "4111 1111 1111 1111"),
        ("kaart 5500-0000-0000-0004", "[card]", "5500-0000-0000-0004"),
        ("Ik woon op 3511 AB 12", "[address]", "3511 AB"),
        ("postcode 1012AB, nummer 7", "[address]", "1012AB"),
        ("bezorgd op Kerkstraat 12a in Utrecht", "[address]", "Kerkstraat 12a"),
    ],
)
def test_each_kind_of_personal_data_is_redacted(text: str, tag: str, secret: str) -> None:
    redacted, found = redact(text)
    assert tag in redacted
    assert secret not in redacted
    assert found >= 1


@pytest.mark.parametrize(
    "text",
    [
        "We waited 20 minutes for 2 coffees at 7 pm",
        "Tafel 12 om 19:30 op 25-12-2026, 4 personen",
        "Gave it a 9 out of 10, 25th anniversary",
        "Het eten was heerlijk en de bediening vriendelijk",
        "",
    ],
)
def test_ordinary_numbers_and_text_are_left_alone(text: str) -> None:
    assert redact(text) == (text, 0)


def test_counter_and_batch_agree() -> None:
    texts = ["mail a@b.nl", "no data", "06-12345678 en c@d.com"]
    counter = Redaction()
    assert [counter(t) for t in texts] == redact_many(texts)
    assert counter.found == 3


def test_redaction_is_cheap_on_plain_text() -> None:
    # The pre-check means a comment without a digit or '@' is returned as the same object.
    text = "Vriendelijk personeel, lekker eten"
    assert redact(text)[0] is text


def _ungated(text: str) -> tuple[str, int]:
    total = 0
    for tag, pattern in _PATTERNS:
        text, found = pattern.subn(tag, text)
        total += found
    return text, total


# Pieces that make near misses and hits of every pattern when strung together at random.
_PIECES = [
    "0",
    "1",
    "06",
    "4",
    "9",
    " ",
    " ",
    "-",
    ".",
    "+",
    "(0)",
    "(010)",
    "00",
    "31",
    "NL91",
    "ABNA",
    "AB",
    "SA",
    "a",
    "x",
    "@",
    "jan@",
    "example.nl",
    "Kerkstraat",
    "laan",
    "Dorpsweg",
    "hof",
    "12a",
    ",",
    "é",
    "٣",
    "\n",
]


def test_the_quick_gate_never_skips_a_text_a_pattern_would_redact() -> None:
    rng = random.Random(20261125)
    texts = ["".join(rng.choices(_PIECES, k=rng.randint(1, 14))) for _ in range(30_000)]
    texts += ["06 1 2 3 4 5 6 7", "3511AB", "Kerkstraat 1", "a@b.c", "٣٣٣٣ AB", "1 2 3 x 4"]
    skipped = 0
    for text in texts:
        if _MAY_HOLD.search(text) is None:
            skipped += 1
            assert all(pattern.search(text) is None for _, pattern in _PATTERNS), text
        assert redact(text) == _ungated(text), text
    assert skipped > 1_000  # the gate does skip texts, else this test proves nothing


@pytest.mark.parametrize(
    "text",
    [
        "We waited 20 minutes",
        "om 12u30 en 14u45",
        "3 x 4 = 7",
        "18,50 per 1/2 liter",
        "Laan 1 is no street",
    ],
)
def test_a_few_digits_alone_are_no_personal_data(text: str) -> None:
    assert _MAY_HOLD.search(text) is None
    assert redact(text) == (text, 0)


_STREETS = [
    "straat",
    "laan",
    "weg",
    "plein",
    "gracht",
    "kade",
    "singel",
    "dijk",
    "pad",
    "dreef",
    "hof",
]


@pytest.mark.parametrize(
    "text",
    [
        *(f"bezorgd op Dorps{suffix} 5 gisteren" for suffix in _STREETS),
        *(f"bel 06{sep}12{sep}34{sep}56{sep}78 terug" for sep in (" ", ".", "-", "")),
        *(f"call +31{sep}6{sep}1234{sep}5678" for sep in (" ", ".", "-")),
        "kaart 4111-1111-1111-1111",
        "IBAN nl91abna0417164300",
        "postcode 1012AB",
        "x@y.nl",
    ],
)
def test_the_quick_gate_lets_every_kind_through(text: str) -> None:
    assert _MAY_HOLD.search(text) is not None
    assert redact(text)[1] >= 1
