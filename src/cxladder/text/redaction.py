"""Personal data out of free text before it is stored or shown.

Redaction is on by default (Settings.redact). It must be cheap enough for a million comments,
so every pattern is compiled once and a text without a digit or an '@' skips the regexes
entirely: most customer comments contain neither.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["Redaction", "redact", "redact_many"]

# Order matters: IBANs and card numbers are long digit runs that a phone pattern would
# otherwise swallow in part, leaving the rest of the number readable.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("[email]", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    (
        "[iban]",
        re.compile(r"\b[A-Z]{2}\d{2}[ ]?[A-Z0-9]{4}(?:[ ]?\d{4}){1,6}(?:[ ]?\d{1,3})?\b", re.I),
    ),
    ("[card]", re.compile(r"\b(?:\d[ -]?){12,18}\d\b")),
    (
        "[phone]",
        re.compile(
            r"(?<![\w+])(?:\+|00)\d{1,3}[ .-]?(?:\(0\))?[ .-]?\d(?:[ .-]?\d){6,11}\b"
            r"|(?<![\w+])0\d{1,3}[ .-]?\d(?:[ .-]?\d){5,7}\b"
            r"|(?<![\w+])\(0\d{1,3}\)[ .-]?\d(?:[ .-]?\d){5,7}\b"
        ),
    ),
    ("[address]", re.compile(r"\b[1-9]\d{3}[ ]?(?!SA|SD|SS)[A-Z]{2}\b(?:[ ,]+\d{1,5}[a-z]?\b)?")),
    (
        "[address]",
        re.compile(
            r"\b[A-Z][a-z]+(?:straat|laan|weg|plein|gracht|kade|singel|dijk|pad|dreef|hof)"
            r"[ ]\d{1,5}[a-z]?\b"
        ),
    ),
)

_TRIGGER = re.compile(r"[\d@]")
# What every pattern above needs at the least: an '@' (e-mail), four digits in a row with at
# most one space, dot or dash between them (IBAN, card, phone, postcode), or a street name
# before a house number. Most comments with a digit ('20 minutes', 'om 12u30') have none of
# these and skip the six full patterns; tests/test_text_redaction.py holds every pattern to it.
_MAY_HOLD = re.compile(
    r"@|\d[ .-]?\d[ .-]?\d[ .-]?\d"
    r"|(?:straat|laan|weg|plein|gracht|kade|singel|dijk|pad|dreef|hof)[ ]\d"
)


class Redaction:
    """Counts what was removed, for the import summary, without keeping any of it."""

    __slots__ = ("found",)

    def __init__(self) -> None:
        self.found = 0

    def __call__(self, text: str) -> str:
        redacted, found = redact(text)
        self.found += found
        return redacted


def redact(text: str) -> tuple[str, int]:
    """The text with personal data replaced by a tag such as [email], and how many were found."""
    if not text or _TRIGGER.search(text) is None or _MAY_HOLD.search(text) is None:
        return text, 0
    total = 0
    for tag, pattern in _PATTERNS:
        text, found = pattern.subn(tag, text)
        total += found
    return text, total


def redact_many(texts: Iterable[str]) -> list[str]:
    return [redact(text)[0] for text in texts]
