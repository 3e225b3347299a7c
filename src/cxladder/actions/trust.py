"""Trust: nothing personal without consent, everything personal exportable and erasable.

The audit log names who viewed or changed a customer's data but keeps the customer only as a
salted hash, so the log itself survives an erasure without keeping the erased person in it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from cxladder.errors import InvalidInput
from cxladder.model import Customer
from cxladder.store.actions_repo import mentions

__all__ = [
    "ConsentRequired",
    "ErasureReport",
    "PurgeReport",
    "Purpose",
    "RetentionKind",
    "export_json",
    "require_consent",
    "rewrite_rejects_file",
    "subject_hash",
]


class ConsentRequired(InvalidInput):
    """The customer did not agree to what was asked (personalisation, contact)."""


class Purpose(StrEnum):
    PERSONALISATION = "personalisation"
    CONTACT = "contact"
    ANALYTICS = "analytics"


def require_consent(customer: Customer, purpose: Purpose) -> None:
    if not getattr(customer.consent, purpose.value):
        raise ConsentRequired(
            f"customer {customer.id!r} has not consented to {purpose.value}; record their "
            f"consent first (`cxladder customers consent {customer.id} --{purpose.value}`)"
        )


def subject_hash(salt: str, organization: str, customer_id: str) -> str:
    """What the audit log keeps instead of the customer id."""
    text = f"{salt}\x1f{organization}\x1f{customer_id}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class RetentionKind(StrEnum):
    """What a retention rule purges once it is older than its number of days."""

    CUSTOMERS = "customers"  # customers without any experience in that time: erased entirely
    TEXTS = "texts"  # free text of experiences: blanked, the levels stay
    CASE_NOTES = "case_notes"  # notes staff wrote on cases


@dataclass(frozen=True, slots=True)
class ErasureReport:
    """What an erasure removed, table by table, and which rejects files it rewrote."""

    subject: str
    rows: dict[str, int]
    files_rewritten: tuple[str, ...]
    # Rejects files the store names but this process cannot find (moved, or a relative path
    # from another working directory): check them by hand.
    files_missing: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.rows.values())


@dataclass(frozen=True, slots=True)
class PurgeReport:
    customers_erased: int
    texts_cleared: int
    notes_deleted: int


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    return str(value)


def export_json(document: Mapping[str, Any]) -> str:
    return json.dumps(document, default=_json_default, indent=2, ensure_ascii=False, sort_keys=True)


def rewrite_rejects_file(path: Path, customer_id: str, email: str) -> bool:
    """Rewrite an import's rejects file without the customer's rows; True when it changed.

    CSV files are read as CSV (the header stays); any other file line by line.
    """
    if not path.is_file():
        return False
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    kept = (
        _kept_csv(text, customer_id, email)
        if path.suffix.lower() == ".csv"
        else _kept_lines(text, customer_id, email)
    )
    if kept == text:
        return False
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".erasing-", suffix=path.suffix)
    with os.fdopen(handle, "w", encoding="utf-8", errors="surrogateescape", newline="") as out:
        out.write(kept)
    os.replace(temp, path)
    return True


def _kept_csv(text: str, customer_id: str, email: str) -> str:
    # Imports write rejects with a BOM (Excel) and the source file's own separator.
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    header = body.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=header.count)
    rows = list(csv.reader(io.StringIO(body, newline=""), delimiter=delimiter))
    kept = [row for n, row in enumerate(rows) if n == 0 or not mentions(row, customer_id, email)]
    if len(kept) == len(rows):
        return text  # nothing of this customer: leave the file byte for byte as it was
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(kept)
    return bom + out.getvalue()


def _kept_lines(text: str, customer_id: str, email: str) -> str:
    kept = []
    for line in text.splitlines(keepends=True):
        try:
            value: Any = json.loads(line)
        except ValueError:
            value = re.split(r"[\s,;|]+", line)
        if not mentions(value, customer_id, email):
            kept.append(line)
    return "".join(kept)
