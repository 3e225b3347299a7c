"""Personal data never reaches the store or the screen: every kind is redacted."""

from __future__ import annotations

import pytest

from cxladder.text.redaction import Redaction, redact, redact_many


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
