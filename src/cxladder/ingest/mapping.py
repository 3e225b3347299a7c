"""From the user's column names to the fields of an Experience.

A mapping is explicit (a JSON or TOML file, or `--map datum=at` pairs), automatic (common Dutch
and English column names are recognised), or both: explicit pairs win, recognition fills in the
rest. Unmapped columns that hold only numbers become `facts`; other unmapped columns are
ignored and listed in the import summary, so nothing is dropped without the user being told.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from cxladder.errors import MappingError, UnreadableFile
from cxladder.store.bulk import EXPERIENCE_COLUMNS

__all__ = [
    "FACT_PREFIX",
    "FIELDS",
    "IGNORE",
    "REQUIRED_FIELDS",
    "ColumnMapping",
    "ResolvedMapping",
    "normalise_name",
]

FIELDS: tuple[str, ...] = tuple(name for name in EXPERIENCE_COLUMNS if name != "facts")
"""Experience fields a column may map to; `facts.<name>` and `ignore` are valid targets too."""

REQUIRED_FIELDS: tuple[str, ...] = ("customer_id", "touchpoint", "at")
FACT_PREFIX = "facts."
IGNORE = "ignore"

# Keys are normalised names (see normalise_name). Dutch first where the word is Dutch, because
# the exports we meet most come from Dutch survey tools and cash registers.
_ALIASES: dict[str, tuple[str, ...]] = {
    "event_id": (
        "event_id", "eventid", "event", "id", "experience_id", "response_id", "record_id",
        "gebeurtenis_id", "meting_id", "respons_id", "reactie_id", "volgnummer",
    ),
    "customer_id": (
        "customer_id", "customer", "customerid", "customer_number", "client", "client_id",
        "klant", "klant_id", "klantid", "klantnummer", "klantnr", "relatienummer", "relatie",
    ),
    "touchpoint": (
        "touchpoint", "touch_point", "touchpoint_key", "contactmoment", "raakpunt", "moment",
    ),
    "journey_id": (
        "journey_id", "journey", "journeyid", "klantreis", "klantreis_id", "reis_id", "case_id",
        "visit_id", "bezoek_id",
    ),
    "at": (
        "at", "date", "datum", "datetime", "timestamp", "time", "tijd", "tijdstip",
        "datum_tijd", "datumtijd", "occurred_at", "event_time", "created_at",
    ),
    "channel": ("channel", "kanaal"),
    "csat": ("csat", "satisfaction", "tevredenheid", "klanttevredenheid"),
    "nps": ("nps", "nps_score", "recommend", "likelihood_to_recommend", "aanbeveling"),
    "ces": ("ces", "effort", "customer_effort", "customer_effort_score", "moeite"),
    "stars": ("stars", "star_rating", "rating", "sterren"),
    "grade": ("grade", "cijfer", "rapportcijfer", "mark"),
    "text": (
        "text", "comment", "comments", "remark", "feedback", "review", "verbatim", "message",
        "opmerking", "opmerkingen", "toelichting", "tekst", "bericht",
    ),
    "language": ("language", "lang", "taal"),
    "staff": ("staff", "employee", "agent", "medewerker", "behandelaar"),
    "wait_minutes": (
        "wait_minutes", "wait", "wait_time", "waiting_time", "wachttijd", "wachttijd_minuten",
        "wachttijd_min",
    ),
    "delay_minutes": (
        "delay_minutes", "delay", "delay_time", "vertraging", "vertraging_minuten",
        "vertraging_min",
    ),
}
RECOGNISED: Mapping[str, str] = MappingProxyType(
    {alias: target for target, aliases in _ALIASES.items() for alias in aliases}
)

# The bookkeeping columns of a rejects file: never facts, so a fixed rejects file imports as is.
REJECT_COLUMNS: tuple[str, ...] = ("row", "field", "value", "reason")

_PAIR = re.compile(r"^\s*(?P<column>[^=]+?)\s*=\s*(?P<target>[^=]+?)\s*$")


def normalise_name(name: str) -> str:
    """'Klant ID' and 'klant-id' and '\\ufeffklant_id' are all 'klant_id'."""
    text = name.replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-./]+", "_", text).strip("_")


def _check_target(column: str, target: str) -> str:
    if target in FIELDS or target == IGNORE:
        return target
    if target.startswith(FACT_PREFIX) and len(target) > len(FACT_PREFIX):
        return target
    valid = ", ".join((*FIELDS, "facts.<name>", IGNORE))
    raise MappingError(
        f"column {column!r} is mapped to {target!r}, which is not an experience field; "
        f"use one of: {valid}"
    )


@dataclass(frozen=True, slots=True)
class ResolvedMapping:
    """What one file's columns turned out to mean.

    `fields` maps an Experience field to the file column that feeds it; `facts` maps a fact name
    to its column (explicit `facts.<name>` targets first, then candidate numeric columns, which
    the loader keeps only when every value is a number); `ignored` lists the rest.
    """

    fields: Mapping[str, str]
    facts: Mapping[str, str]
    fact_candidates: tuple[str, ...]
    ignored: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which column of the user's file feeds which Experience field.

    `columns` maps a column name as it appears in the file to a field (see FIELDS), to
    `facts.<name>`, or to `ignore`. With `recognise`, columns not named here are matched on
    common Dutch and English names; with `numeric_facts`, unmapped all-numeric columns become
    facts under their own name.
    """

    columns: Mapping[str, str] = field(default_factory=dict)
    recognise: bool = True
    numeric_facts: bool = True

    def __post_init__(self) -> None:
        checked = {str(c): _check_target(str(c), str(t).strip()) for c, t in self.columns.items()}
        object.__setattr__(self, "columns", MappingProxyType(checked))

    @classmethod
    def from_pairs(cls, pairs: Iterable[str]) -> ColumnMapping:
        """Build from `column=field` strings, as typed after `--map`."""
        columns: dict[str, str] = {}
        for pair in pairs:
            match = _PAIR.match(pair)
            if match is None:
                raise MappingError(
                    f"{pair!r} is not a column mapping; write it as column=field, e.g. datum=at"
                )
            columns[match["column"]] = match["target"]
        return cls(columns)

    @classmethod
    def from_file(cls, path: Path) -> ColumnMapping:
        """Read a JSON or TOML mapping: either a flat {column: field} table, or a `columns`
        table next to the options `recognise` and `numeric_facts`."""
        data = _read_mapping_file(Path(path))
        if isinstance(data.get("columns"), dict):
            options = {k: v for k, v in data.items() if k != "columns"}
            unknown = set(options) - {"recognise", "numeric_facts"}
            if unknown:
                raise MappingError(
                    f"{path}: unknown option(s) {', '.join(sorted(unknown))}; "
                    "a mapping file knows `columns`, `recognise` and `numeric_facts`"
                )
            return cls(
                {str(k): str(v) for k, v in data["columns"].items()},
                recognise=_flag(path, options, "recognise"),
                numeric_facts=_flag(path, options, "numeric_facts"),
            )
        not_text = [k for k, v in data.items() if not isinstance(v, str)]
        if not_text:
            raise MappingError(
                f"{path}: the value of {not_text[0]!r} is not a field name; "
                'write "column" = "field", or put the pairs in a [columns] table'
            )
        return cls({str(k): str(v) for k, v in data.items()})

    def merged(self, other: ColumnMapping) -> ColumnMapping:
        """This mapping with `other`'s pairs and options on top (the --map pairs win)."""
        return ColumnMapping(
            {**self.columns, **other.columns},
            recognise=self.recognise and other.recognise,
            numeric_facts=self.numeric_facts and other.numeric_facts,
        )

    def resolve(self, names: Sequence[str]) -> ResolvedMapping:
        """Match this mapping against a file's column names; raise MappingError if it cannot
        work (a mapped column missing, two columns for one field, a required field uncovered)."""
        self._check_columns_exist(names)
        fields: dict[str, str] = {}
        facts: dict[str, str] = {}
        for column, target in self.columns.items():
            if target.startswith(FACT_PREFIX):
                facts[target.removeprefix(FACT_PREFIX)] = column
            elif target != IGNORE:
                _claim(fields, target, column)
        leftover = [n for n in names if n not in self.columns]
        if self.recognise:
            leftover = self._recognise(leftover, fields)
        candidates, ignored = self._fact_candidates(leftover, facts)
        _check_required(fields, names)
        return ResolvedMapping(
            MappingProxyType(fields), MappingProxyType(facts), candidates, ignored
        )

    def _check_columns_exist(self, names: Sequence[str]) -> None:
        missing = [c for c in self.columns if c not in names]
        if missing:
            raise MappingError(
                f"the mapping names column {missing[0]!r}, which is not in the file; "
                f"the file has: {', '.join(names)}"
            )

    def _recognise(self, leftover: list[str], fields: dict[str, str]) -> list[str]:
        rest = []
        for name in leftover:
            target = RECOGNISED.get(normalise_name(name))
            if target is not None and target not in fields:
                fields[target] = name
            else:
                rest.append(name)
        return rest

    def _fact_candidates(
        self, leftover: list[str], facts: dict[str, str]
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        if not self.numeric_facts:
            return (), tuple(leftover)
        candidates = tuple(
            n for n in leftover if n not in REJECT_COLUMNS and normalise_name(n) not in facts
        )
        ignored = tuple(n for n in leftover if n not in candidates)
        return candidates, ignored


def _claim(fields: dict[str, str], target: str, column: str) -> None:
    if target in fields:
        raise MappingError(
            f"columns {fields[target]!r} and {column!r} are both mapped to {target!r}; "
            "map one of them to another field or to `ignore`"
        )
    fields[target] = column


def _check_required(fields: Mapping[str, str], names: Sequence[str]) -> None:
    for required in REQUIRED_FIELDS:
        if required not in fields:
            raise MappingError(
                f"no column holds {required!r}; the file has: {', '.join(names)}. "
                f"Name it with --map <column>={required} or in a mapping file"
            )


def _flag(path: Path, options: Mapping[str, Any], name: str) -> bool:
    value = options.get(name, True)
    if not isinstance(value, bool):
        raise MappingError(f"{path}: {name} must be true or false, not {value!r}")
    return value


def _read_mapping_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UnreadableFile(f"cannot read mapping file {path}: {exc.strerror}") from exc
    try:
        data = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        kind = "TOML" if path.suffix.lower() == ".toml" else "JSON"
        raise UnreadableFile(f"mapping file {path} is not valid {kind}: {exc}") from exc
    if not isinstance(data, dict):
        raise MappingError(f"mapping file {path} must hold a table of column = field pairs")
    return data
