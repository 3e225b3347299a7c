"""Validate, quarantine, dedupe and bulk-write one import through the store.

Validation is columnar: every check runs over a whole column at once (Arrow, NumPy, pandas), and
per-row Python runs only for the rows that are rejected, to word their reasons. One import is
one `Store.add_batch` call, one transaction: it lands whole, or not at all.
"""

from __future__ import annotations

import csv
import json
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cxladder.errors import InvalidInput
from cxladder.ingest.mapping import FACT_PREFIX, ColumnMapping, ResolvedMapping
from cxladder.ingest.readers import RawRows, read_file, read_frame
from cxladder.large_batches import large_batch
from cxladder.model import SCORE_RANGES, Channel, Touchpoint
from cxladder.store.repo import EXPERIENCE_COLUMNS, Rejection, Store

__all__ = ["DEFAULT_CHANNEL", "PART_ROWS", "ImportSummary", "Validation", "import_file",
           "import_frame"]

Mask = npt.NDArray[np.bool_]
Progress = Callable[[int], None]

DEFAULT_CHANNEL = Channel.ON_SITE
"""Channel of a touchpoint created by a non-strict import whose rows name no channel."""

# Widths of the store's columns; longer values would make PostgreSQL refuse the whole batch.
_WIDTHS = {"event_id": 128, "customer_id": 128, "touchpoint": 128, "journey_id": 128,
           "language": 8}
_DUTCH_FORMATS = ("%d-%m-%Y %H:%M", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y", "%d/%m/%Y %H:%M",
                  "%d/%m/%Y %H:%M:%S", "%d/%m/%Y")
_NUMBER = r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$"
_ZONE = r"(Z|[+-]\d\d(:?\d\d)?)$"
_YEARS = (1900, 2200)
# Threads that parse the fields of a file side by side: one per core, at most four.
_PARSERS = max(1, min(len(os.sched_getaffinity(0)), 4))
# Rows checked per part of a large file; the store writes one part while the next is checked.
PART_ROWS = 100_000
_SCHEMA = pa.schema(
    [
        (name, pa.timestamp("us") if name == "at" else pa.float64()
         if name in (*SCORE_RANGES, "wait_minutes", "delay_minutes") else pa.string())
        for name in EXPERIENCE_COLUMNS
    ]
)
_HASHED = [c for c in EXPERIENCE_COLUMNS if c != "event_id"]


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What one import did. `rows_read` = accepted + duplicates + rejected."""

    batch_id: int
    source: str
    rows_read: int
    accepted: int
    duplicates: int
    rejected: int
    rejects_path: Path | None
    seconds: float
    fields: Mapping[str, str] = field(default_factory=dict)
    facts: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()
    touchpoints_created: tuple[str, ...] = ()
    redacted: int = 0
    """Comments in which personal data was replaced by a tag such as [email] before storing."""


Redaction = Callable[[str], tuple[str, int]]
"""Text in, (text with personal data replaced, how many were found) out."""


def import_file(
    store: Store,
    path: Path,
    *,
    organization: str,
    mapping: ColumnMapping | None = None,
    strict: bool = False,
    rejects_dir: Path = Path("."),
    progress: Progress | None = None,
    chunk_rows: int = 50_000,
    redact: Redaction | None = None,
) -> ImportSummary:
    """Import a CSV, JSON Lines, Parquet or Excel file of experiences into `organization`."""
    started = time.perf_counter()
    with large_batch():
        rows = read_file(Path(path))
        return _import(store, rows, organization=organization, mapping=mapping, strict=strict,
                       rejects_dir=rejects_dir, progress=progress, chunk_rows=chunk_rows,
                       started=started, redact=redact)


def import_frame(
    store: Store,
    frame: pd.DataFrame,
    *,
    organization: str,
    mapping: ColumnMapping | None = None,
    strict: bool = False,
    rejects_dir: Path = Path("."),
    source: str = "dataframe",
    progress: Progress | None = None,
    chunk_rows: int = 50_000,
    redact: Redaction | None = None,
) -> ImportSummary:
    """Import a DataFrame of experiences; row numbers in rejections count its rows from 1."""
    started = time.perf_counter()
    with large_batch():
        rows = read_frame(frame, source=source)
        return _import(store, rows, organization=organization, mapping=mapping, strict=strict,
                       rejects_dir=rejects_dir, progress=progress, chunk_rows=chunk_rows,
                       started=started, redact=redact)


def _import(
    store: Store,
    rows: RawRows,
    *,
    organization: str,
    mapping: ColumnMapping | None,
    strict: bool,
    rejects_dir: Path,
    progress: Progress | None,
    chunk_rows: int,
    started: float,
    redact: Redaction | None = None,
) -> ImportSummary:
    resolved = (mapping or ColumnMapping()).resolve(rows.table.column_names)
    checked = Validation(rows.table, resolved, touchpoints=store.touchpoints(organization),
                         strict=strict, redact=redact)
    final_path = _rejects_path(Path(rejects_dir), rows)
    partial: Path | None = None

    def rejections() -> list[Rejection]:
        # Asked for by the store once every part was checked, inside the batch's transaction.
        nonlocal partial
        if checked.rejections:
            partial = _write_rejects(final_path, rows, checked.rejections)
        return checked.rejections

    try:
        outcome = store.add_batch(
            organization=organization, source=rows.source, fingerprint=rows.fingerprint,
            rows_read=rows.table.num_rows, accepted=checked, rejections=rejections,
            rejects_path=str(final_path), chunk_rows=chunk_rows, progress=progress,
        )
    except BaseException:
        if partial is not None:
            partial.unlink(missing_ok=True)
        raise
    if partial is not None:
        partial.replace(final_path)
    new_touchpoints = checked.new_touchpoints()
    # Touchpoints are created after the batch landed, so a failed import leaves none behind.
    store.save_touchpoints(organization, new_touchpoints)
    return ImportSummary(
        batch_id=outcome.batch_id, source=rows.source, rows_read=outcome.rows_read,
        accepted=outcome.accepted, duplicates=outcome.duplicates, rejected=outcome.rejected,
        rejects_path=final_path if partial is not None else None,
        seconds=time.perf_counter() - started, fields=resolved.fields,
        facts=tuple(sorted(checked.facts)), ignored_columns=checked.ignored,
        touchpoints_created=tuple(tp.key for tp in new_touchpoints), redacted=checked.redacted,
    )


def _redacted(accepted: pa.Table, redact: Redaction | None) -> tuple[pa.Table, int]:
    """Personal data out of the comments before they are stored (settings.redact).

    Only comments with a digit or an '@' can hold an e-mail, phone, IBAN, postcode or card
    number, so a vectorised pre-check spares the other rows any Python.
    """
    if redact is None or accepted.num_rows == 0:
        return accepted, 0
    position = accepted.schema.get_field_index("text")
    text = accepted.column(position).combine_chunks()
    suspects = pc.fill_null(pc.match_substring_regex(text, r"[0-9@]"), False)
    if not pc.any(suspects).as_py():
        return accepted, 0
    values = text.to_pylist()
    changed = 0
    for index in np.flatnonzero(suspects.to_numpy(zero_copy_only=False)):
        cleaned, found = redact(values[index])
        if found:
            values[index] = cleaned
            changed += 1
    column = pa.array(values, type=text.type)
    return accepted.set_column(position, "text", column), changed


# -- validation ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Fault:
    """Rows where one field fails one check; `explain` words the reason from the raw value."""

    field: str
    column: str
    rows: Mask
    explain: Callable[[str], str]


class Validation:
    """The rows of one file checked against the mapping, part after part, as they are asked for.

    Iterating gives the accepted rows of each part (as the store's EXPERIENCE_COLUMNS), so the
    store writes one part while the next is checked on another thread: for 1M rows the checks
    then cost almost no time of their own. What can only be judged over the whole file is
    decided before the first part: which leftover columns are numeric facts (a number in every
    row), and whether any event id repeats, in which case the file is checked as one part, so
    the first good row with an id wins wherever its repeat is. `rejections`, `redacted` and
    `new_touchpoints()` are complete once every part was read. Nothing here touches the
    database.
    """

    def __init__(
        self,
        table: pa.Table,
        resolved: ResolvedMapping,
        *,
        touchpoints: Mapping[str, Touchpoint],
        strict: bool,
        redact: Redaction | None = None,
        part_rows: int | None = None,
    ) -> None:
        self._table = table
        self._resolved = resolved
        self._touchpoints = touchpoints
        self._strict = strict
        self._redact = redact
        self.facts, self._fact_faults, ignored = _facts(table, resolved)
        self.ignored: tuple[str, ...] = (*resolved.ignored, *ignored)
        self.rejections: list[Rejection] = []
        self.redacted = 0
        self._unknown: dict[str, None] = {}
        self._accepted: list[pa.Table] = []
        # Event ids are parsed once for the whole file: whether any repeats is known before
        # the first part, and each part takes its slice.
        self._ids = _event_ids_parsed(table, resolved)
        self._ids_repeat = self._ids is not None and not _all_distinct(self._ids[0].drop_null())
        self._part_rows = table.num_rows if self._ids_repeat else max(part_rows or PART_ROWS, 1)

    def __iter__(self) -> Iterator[pa.Table]:
        self.rejections, self.redacted, self._unknown, self._accepted = [], 0, {}, []
        for start in range(0, self._table.num_rows, self._part_rows):
            accepted = self._part(start, min(self._part_rows, self._table.num_rows - start))
            self._accepted.append(accepted)
            yield accepted

    def accepted(self) -> pa.Table:
        """Every accepted row of the file in one table (each part checked first if need be)."""
        parts = self._accepted or list(self)
        return pa.concat_tables(parts) if parts else _SCHEMA.empty_table()

    def new_touchpoints(self) -> list[Touchpoint]:
        """Touchpoints a non-strict import met first, each on the channel its rows name most."""
        return _new_touchpoints(self.accepted(), list(self._unknown))

    def _part(self, start: int, length: int) -> pa.Table:
        part = self._table.slice(start, length).combine_chunks()
        parsed, faults = _parse_fields(part, self._resolved, parsed_already=("event_id",))
        if self._ids is not None:
            ids, id_faults = self._ids
            parsed["event_id"] = ids.slice(start, length)
            faults.extend(replace(f, rows=f.rows[start:start + length]) for f in id_faults)
        touchpoint_values, unknown, touchpoint_faults = _check_touchpoints(
            parsed["touchpoint"], self._resolved.fields["touchpoint"], self._touchpoints,
            strict=self._strict,
        )
        parsed["touchpoint"] = touchpoint_values
        self._unknown.update(dict.fromkeys(unknown))
        faults.extend(touchpoint_faults)
        faults.extend(replace(f, rows=f.rows[start:start + length]) for f in self._fact_faults)
        facts = {name: values.slice(start, length) for name, values in self.facts.items()}
        bad = _any(faults, length)
        if self._ids_repeat:  # then this part is the whole file
            faults.extend(_repeated_ids(parsed["event_id"], bad,
                                        self._resolved.fields["event_id"]))
            bad = _any(faults, length)
        accepted, redacted = _redacted(_accepted(parsed, facts, ~bad, length), self._redact)
        self.redacted += redacted
        self.rejections.extend(_rejections(part, faults, bad, first_row=start + 1))
        return accepted


def _parse_fields(
    table: pa.Table, resolved: ResolvedMapping, *, parsed_already: tuple[str, ...] = ()
) -> tuple[dict[str, pa.Array], list[_Fault]]:
    fields = [(name, column) for name, column in resolved.fields.items()
              if name not in parsed_already]

    def parse(field: tuple[str, str]) -> tuple[pa.Array, list[_Fault]]:
        name, column = field
        return _parse_field(name, column, table.column(column).combine_chunks())

    parsed: dict[str, pa.Array] = {}
    faults: list[_Fault] = []
    # Fields are parsed side by side: Arrow's kernels let go of Python's lock while they run.
    with ThreadPoolExecutor(max_workers=_PARSERS, thread_name_prefix="cxladder-parse") as pool:
        for (name, _), (values, found) in zip(fields, pool.map(parse, fields), strict=True):
            parsed[name] = values
            faults.extend(found)
    return parsed, faults


def _event_ids_parsed(
    table: pa.Table, resolved: ResolvedMapping
) -> tuple[pa.Array, list[_Fault]] | None:
    """The file's event ids as they will be stored (trimmed), and their faults; None when the
    file has no id column (each row then gets a content hash)."""
    column = resolved.fields.get("event_id")
    if column is None:
        return None
    return _parse_identifier("event_id", column, table.column(column).combine_chunks())


def _parse_field(name: str, column: str, raw: pa.Array) -> tuple[pa.Array, list[_Fault]]:
    if name == "at":
        return _parse_moments(column, raw)
    if name in SCORE_RANGES or name in ("wait_minutes", "delay_minutes"):
        return _parse_measure(name, column, raw)
    if name == "channel":
        return _parse_channel(column, raw)
    if name in ("text", "staff"):
        return _as_text(raw), []
    return _parse_identifier(name, column, raw)


def _parse_identifier(name: str, column: str, raw: pa.Array) -> tuple[pa.Array, list[_Fault]]:
    values = pc.ascii_trim_whitespace(_as_text(raw))
    empty = _mask(pc.equal(pc.fill_null(values, ""), ""))
    values = pc.if_else(pa.array(empty), pa.nulls(len(values), pa.string()), values)
    faults = []
    if name in ("customer_id", "touchpoint"):
        faults.append(_Fault(name, column, empty, lambda _v: _missing_reason(name, column)))
    width = _WIDTHS.get(name)
    if width is not None:
        long = _mask(pc.greater(pc.utf8_length(values), width))
        faults.append(_Fault(name, column, long, lambda v: (
            f"{name} is {len(v)} characters long, the store keeps at most {width}; shorten it")))
    return values, faults


def _missing_reason(name: str, column: str) -> str:
    what = {"customer_id": "the customer it belongs to", "touchpoint": "the touchpoint it "
            "happened at"}.get(name, name)
    return f"{name} (column {column!r}) is empty; every experience needs {what}"


def _parse_measure(name: str, column: str, raw: pa.Array) -> tuple[pa.Array, list[_Fault]]:
    values, unreadable = _numbers(raw)
    faults = [_Fault(name, column, unreadable, lambda v: (
        f"{name} {v!r} is not a number; write it like 7 or 7,5 or 7.5"))]
    if name in SCORE_RANGES:
        low, high = SCORE_RANGES[name]
        out = _mask(pc.or_(pc.less(values, low), pc.greater(values, high)))
        faults.append(_Fault(name, column, out, lambda v: (
            f"{name} {v} is out of range {low:g}..{high:g}; check the scale of column {column!r}")))
    elif name == "wait_minutes":
        negative = _mask(pc.less(values, 0))
        faults.append(_Fault(name, column, negative, lambda v: (
            f"wait_minutes {v} is negative; a wait is 0 minutes or more")))
    return values, faults


def _numbers(raw: pa.Array) -> tuple[pa.Array, Mask]:
    """Floats, and where a non-empty value is not a number. Decimal commas are read as points."""
    if pa.types.is_integer(raw.type) or pa.types.is_floating(raw.type) or \
            pa.types.is_decimal(raw.type):
        values = pc.cast(raw, pa.float64())
        finite = _mask(pc.is_finite(values))
        present = _mask(pc.is_valid(values))
        return pc.if_else(pa.array(finite), values, None), present & ~finite
    whole = _all_numbers(_as_text(raw))
    if whole is not None:
        return whole
    text = pc.ascii_trim_whitespace(_as_text(raw))
    present = _mask(pc.not_equal(pc.fill_null(text, ""), ""))
    readable = pc.fill_null(pc.match_substring_regex(text, _NUMBER), False)
    dotted = pc.replace_substring(pc.if_else(readable, text, None), ",", ".")
    return pc.cast(dotted, pa.float64()), present & ~_mask(readable)


def _all_numbers(text: pa.Array) -> tuple[pa.Array, Mask] | None:
    """The usual column, where every value is a number or empty: one cast, no regex. None when
    any value needs the slower path that finds and words the bad ones."""
    blank = pc.equal(text, "")
    dotted = pc.replace_substring(pc.if_else(blank, None, text), ",", ".")
    try:
        values = pc.cast(dotted, pa.float64())
    except pa.ArrowInvalid:
        return None
    if pc.any(pc.is_nan(values)).as_py() or pc.any(pc.is_inf(values)).as_py():
        return None  # 'nan' and 'inf' are words, not measurements
    return values, np.zeros(len(text), dtype=bool)


def _parse_moments(column: str, raw: pa.Array) -> tuple[pa.Array, list[_Fault]]:
    moments, present = _moments(raw)
    missing = ~present
    unreadable = present & np.isnat(moments)
    year = moments.astype("datetime64[Y]").astype(np.int64) + 1970
    odd_year = ~np.isnat(moments) & ((year < _YEARS[0]) | (year > _YEARS[1]))
    faults = [
        _Fault("at", column, missing, lambda _v: (
            f"at (column {column!r}) is empty; every experience needs the moment it happened")),
        _Fault("at", column, unreadable, lambda v: (
            f"{v!r} is not a date; use DD-MM-YYYY [HH:MM] or ISO like 2026-11-23T14:05")),
        _Fault("at", column, odd_year, lambda v: (
            f"{v!r} has an unlikely year; write the year in four digits")),
    ]
    values = np.where(unreadable | odd_year, np.datetime64("NaT", "us"), moments)
    return pa.array(values, pa.timestamp("us"), from_pandas=True), faults


def _moments(raw: pa.Array) -> tuple[npt.NDArray[np.datetime64], Mask]:
    """Timestamps as NumPy (NaT where unreadable) and where a value was given at all."""
    if pa.types.is_timestamp(raw.type) or pa.types.is_date(raw.type):
        if pa.types.is_timestamp(raw.type) and raw.type.tz is not None:
            raw = pc.local_timestamp(raw)  # the wall-clock time the file states, as for text
        moments = pc.cast(raw, pa.timestamp("us")).to_numpy(zero_copy_only=False)
        return moments.astype("datetime64[us]"), ~np.isnat(moments)
    text = pc.ascii_trim_whitespace(_as_text(raw))
    present = _mask(pc.not_equal(pc.fill_null(text, ""), ""))
    # Only values that start like 2026-11-23 go through the ISO parser; the rest are tried as
    # Dutch dates. Both parse whole columns at once.
    iso = present & _mask(pc.equal(pc.utf8_slice_codeunits(text, 4, 5), "-"))
    moments = np.full(len(text), np.datetime64("NaT", "us"))
    if iso.any():
        moments[iso] = _iso_moments(text.filter(pa.array(iso)))
    todo = np.flatnonzero(present & ~iso)
    if len(todo):
        moments[todo] = _dutch_moments(text.take(pa.array(todo)))
    return moments, present


def _iso_moments(text: pa.Array) -> npt.NDArray[np.datetime64]:
    series = pd.Series(text, dtype="str")
    try:
        parsed = pd.to_datetime(series, format="ISO8601", errors="coerce")
        if isinstance(parsed.dtype, pd.DatetimeTZDtype):
            raise ValueError("zones")
    except (ValueError, TypeError):
        # Offsets are dropped, keeping the wall-clock time each row states: the same reading a
        # row without an offset gets, so rows of one file stay comparable.
        bare = pc.replace_substring_regex(text, _ZONE, "")
        parsed = pd.to_datetime(pd.Series(bare, dtype="str"), format="ISO8601", errors="coerce")
    return parsed.to_numpy(dtype="datetime64[us]", na_value=np.datetime64("NaT")).copy()


def _dutch_moments(text: pa.Array) -> npt.NDArray[np.datetime64]:
    moments = np.full(len(text), np.datetime64("NaT", "us"))
    # Arrow's strptime rolls 31-02 over into March; the day it read must be the day written.
    written_day = _written_day(text)
    for fmt in _DUTCH_FORMATS:
        if not np.isnat(moments).any():
            break
        attempt = pc.strptime(text, format=fmt, unit="us", error_is_null=True)
        same_day = pc.fill_null(pc.equal(pc.day(attempt), written_day), False)
        fits = _mask(same_day) & np.isnat(moments)
        moments[fits] = attempt.to_numpy(zero_copy_only=False)[fits]
    return moments


def _written_day(text: pa.Array) -> pa.Array:
    """The day as typed before the first separator: 1 for '1-2-2026', 31 for '31-02-2026'."""
    first_two = pc.utf8_slice_codeunits(text, 0, 2)
    try:
        return pc.cast(first_two, pa.int64())  # zero-padded days, the usual export
    except pa.ArrowInvalid:
        digits = pc.replace_substring_regex(first_two, r"\D", "")
        return pc.cast(pc.if_else(pc.equal(digits, ""), None, digits), pa.int64())


def _parse_channel(column: str, raw: pa.Array) -> tuple[pa.Array, list[_Fault]]:
    text = pc.ascii_trim_whitespace(_as_text(raw))
    present = _mask(pc.not_equal(pc.fill_null(text, ""), ""))
    distinct = pc.unique(text).to_pylist()
    known = [_channel_or_none(value) for value in distinct]
    positions = pc.index_in(text, pa.array(distinct, pa.string()))
    values = pc.take(pa.array(known, pa.string()), positions)
    unknown = present & ~_mask(pc.is_valid(values))
    names = ", ".join(c.value for c in Channel)
    return values, [_Fault("channel", column, unknown, lambda v: (
        f"channel {v!r} is not known; use one of {names}"))]


def _channel_or_none(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return Channel.parse(value).value
    except ValueError:
        return None


def _check_touchpoints(
    values: pa.Array, column: str, touchpoints: Mapping[str, Touchpoint], *, strict: bool
) -> tuple[pa.Array, list[str], list[_Fault]]:
    """Known keys as they are; a known key or name in other capitals as its key; the rest are
    new (non-strict) or rejected (strict)."""
    lookup = {key.casefold(): key for key in touchpoints}
    lookup.update({tp.name.casefold(): key for key, tp in touchpoints.items() if tp.name})
    distinct = [v for v in pc.unique(values).to_pylist() if v is not None]
    keys = [v if v in touchpoints else lookup.get(v.casefold()) for v in distinct]
    unknown = [v for v, k in zip(distinct, keys, strict=True) if k is None]
    if not strict:
        keys = [k or v for v, k in zip(distinct, keys, strict=True)]
    resolved = pc.take(pa.array(keys, pa.string()), pc.index_in(values, pa.array(distinct,
                                                                                  pa.string())))
    if not strict:
        return resolved, unknown, []
    rows = _mask(pc.and_(pc.is_valid(values), pc.is_null(resolved)))
    shown = ", ".join(list(touchpoints)[:20]) or "none yet"
    return resolved, [], [_Fault("touchpoint", column, rows, lambda v: (
        f"touchpoint {v!r} is not known (known: {shown}); add it first or import without "
        "--strict to create it"))]


def _facts(
    table: pa.Table, resolved: ResolvedMapping
) -> tuple[dict[str, pa.Array], list[_Fault], tuple[str, ...]]:
    """Explicit `facts.<name>` columns (bad numbers rejected), then the all-numeric leftovers."""
    facts: dict[str, pa.Array] = {}
    faults: list[_Fault] = []
    for name, column in resolved.facts.items():
        values, unreadable = _numbers(table.column(column).combine_chunks())
        facts[name] = values
        faults.append(_Fault(FACT_PREFIX + name, column, unreadable, _fact_reason(name)))
    ignored = []
    for column in resolved.fact_candidates:
        values, unreadable = _numbers(table.column(column).combine_chunks())
        if unreadable.any() or values.null_count == len(values):
            ignored.append(column)
        else:
            facts[column.removeprefix(FACT_PREFIX)] = values
    return facts, faults, tuple(ignored)


def _fact_reason(name: str) -> Callable[[str], str]:
    return lambda v: f"fact {name} {v!r} is not a number; write it like 12 or 12,5"


def _repeated_ids(event_ids: pa.Array, bad: Mask, column: str) -> list[_Fault]:
    """A user's event id that appears again further down: the later rows are rejected."""
    candidates = np.flatnonzero(~bad & _mask(pc.is_valid(event_ids)))
    if _all_distinct(event_ids.take(pa.array(candidates))):
        return []
    ids = pc.dictionary_encode(event_ids).indices.to_numpy(zero_copy_only=False)
    _, first = np.unique(ids[candidates], return_index=True)
    repeated = np.zeros(len(ids), dtype=bool)
    repeated[candidates] = True
    repeated[candidates[first]] = False
    return [_Fault("event_id", column, repeated, lambda v: (
        f"event_id {v!r} appears on an earlier row of this file; give each experience its "
        "own id"))]


def _all_distinct(values: pa.Array) -> bool:
    # DuckDB's parallel hash aggregate answers this several times faster than Arrow's
    # dictionary encoding, which is then only needed for files that do repeat an id.
    with duckdb.connect() as connection:
        connection.register("ids", pa.table({"id": values}))
        [(distinct,)] = connection.sql("SELECT count(DISTINCT id) FROM ids").fetchall()
    return int(distinct) == len(values)


def _any(faults: Sequence[_Fault], n: int) -> Mask:
    bad = np.zeros(n, dtype=bool)
    for fault in faults:
        bad |= fault.rows
    return bad


# -- accepted rows -------------------------------------------------------------------------------


def _accepted(parsed: dict[str, pa.Array], facts: dict[str, pa.Array], good: Mask,
              n: int) -> pa.Table:
    keep = pa.array(good)
    columns: dict[str, pa.Array] = {}
    for name in EXPERIENCE_COLUMNS:
        if name in ("event_id", "facts"):
            continue
        kind = _SCHEMA.field(name).type
        value = parsed.get(name, pa.nulls(n, kind))
        if name in ("journey_id", "text", "language", "staff"):
            value = pc.fill_null(value, "")
        columns[name] = pc.filter(pc.cast(value, kind), keep)
    columns["facts"] = pc.filter(_facts_json(facts, n), keep)
    columns["event_id"] = _event_ids(parsed, columns, keep)
    return pa.table({name: columns[name] for name in EXPERIENCE_COLUMNS}, schema=_SCHEMA)


def _facts_json(facts: dict[str, pa.Array], n: int) -> pa.Array:
    """{"name": value, ...} per row as JSON text, built column-wise; null when a row has none."""
    if not facts:
        return pa.nulls(n, pa.string())
    names = sorted(facts)
    if not any(facts[name].null_count for name in names):
        pieces = [pc.binary_join_element_wise(json.dumps(name, ensure_ascii=False), ": ",
                                              pc.cast(facts[name], pa.string()), "")
                  for name in names]
        return pc.binary_join_element_wise("{", pc.binary_join_element_wise(*pieces, ", "),
                                           "}", "")
    # null_handling="skip" drops rows where every piece is null (Arrow 26), so each piece
    # carries its own separator and the last one is trimmed off.
    pieces = [
        pc.fill_null(pc.binary_join_element_wise(json.dumps(name, ensure_ascii=False), ": ",
                                                 pc.cast(facts[name], pa.string()), ", ", ""), "")
        for name in names
    ]
    body = pc.utf8_rtrim(pc.binary_join_element_wise(*pieces, ""), characters=", ")
    wrapped = pc.binary_join_element_wise("{", body, "}", "")
    return pc.if_else(pc.equal(body, ""), pa.nulls(n, pa.string()), wrapped)


def _event_ids(parsed: dict[str, pa.Array], columns: dict[str, pa.Array],
               keep: pa.Array) -> pa.Array:
    """The user's ids; for rows without one, 'h:' and the MD5 of the row's parsed content, so
    the same experience imported again (from any format) is recognised."""
    given = pc.filter(parsed["event_id"], keep) if "event_id" in parsed else None
    if given is not None and given.null_count == 0:
        return given
    hashed = _content_hashes(pa.table({name: columns[name] for name in _HASHED}))
    return hashed if given is None else pc.coalesce(given, hashed)


def _content_hashes(table: pa.Table) -> pa.Array:
    parts = ", ".join(
        f"coalesce(epoch_us(\"{name}\")::varchar, '')" if name == "at"
        else f"coalesce(\"{name}\"::varchar, '')" for name in table.column_names
    )
    query = f"SELECT 'h:' || md5(concat_ws(chr(31), {parts})) AS h FROM rows"
    with duckdb.connect() as connection:
        connection.register("rows", table)
        result = connection.sql(query).to_arrow_table()
    return result.column(0).combine_chunks().cast(pa.string())


def _new_touchpoints(accepted: pa.Table, unknown: list[str]) -> list[Touchpoint]:
    """Touchpoints a non-strict import met first, each on the channel its rows name most."""
    if not unknown:
        return []
    rows = accepted.select(["touchpoint", "channel"]).filter(
        pc.is_in(accepted.column("touchpoint"), pa.array(unknown, pa.string())))
    counts = rows.group_by(["touchpoint", "channel"]).aggregate([([], "count_all")])
    best: dict[str, tuple[int, str]] = {}
    for row in counts.to_pylist():
        if row["channel"] is not None and row["count_all"] > best.get(row["touchpoint"],
                                                                      (0, ""))[0]:
            best[row["touchpoint"]] = (row["count_all"], row["channel"])
    landed = set(rows.column("touchpoint").to_pylist()) if rows.num_rows < 1_000 else \
        set(pc.unique(rows.column("touchpoint")).to_pylist())
    return [
        Touchpoint(key, key, Channel(best[key][1]) if key in best else DEFAULT_CHANNEL)
        for key in unknown if key in landed
    ]


# -- rejected rows -------------------------------------------------------------------------------


def _rejections(
    table: pa.Table, faults: Sequence[_Fault], bad: Mask, *, first_row: int = 1
) -> list[Rejection]:
    """One Rejection per bad row; a row failing several checks names every field at fault.
    Rows are numbered in the file: `first_row` is the number of the table's first row."""
    rows = np.flatnonzero(bad)
    if not len(rows):
        return []
    raw = table.take(pa.array(rows)).to_pylist()
    result = []
    for position, index in enumerate(rows.tolist()):
        found = [f for f in faults if f.rows[index]]
        values = [_shown(raw[position].get(f.column)) for f in found]
        number = first_row + index
        result.append(Rejection(
            row_number=number,
            field="; ".join(dict.fromkeys(f.field for f in found)),
            value="; ".join(dict.fromkeys(values)),
            reason="; ".join(f"row {number}: {f.explain(v)}" for f, v in zip(found, values,
                                                                          strict=True)),
            raw={k: _json_safe(v) for k, v in raw[position].items()},
        ))
    return result


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value if isinstance(value, str) else str(value)


def _json_safe(value: Any) -> Any:
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return value if np.isfinite(value) else None
    return _shown(value)


def _rejects_path(rejects_dir: Path, rows: RawRows) -> Path:
    stem = Path(rows.source).stem or "import"
    return rejects_dir / f"{stem}.rejects-{rows.fingerprint[:12]}.csv"


def _write_rejects(
    path: Path | None, rows: RawRows, rejections: Sequence[Rejection]
) -> Path | None:
    """Write the rejects next to their final name; renamed into place once the batch landed."""
    if path is None:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        with partial.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=rows.delimiter)
            names = rows.table.column_names
            writer.writerow(["row", "field", "value", "reason", *names])
            for r in rejections:
                writer.writerow([r.row_number, r.field, r.value, r.reason,
                                 *(_shown(r.raw.get(name)) for name in names)])
    except OSError as exc:
        raise InvalidInput(
            f"cannot write the rejects file {path}: {exc.strerror}; choose another --rejects-dir"
        ) from exc
    return partial


# -- Arrow small talk ----------------------------------------------------------------------------


def _as_text(raw: pa.Array) -> pa.Array:
    if pa.types.is_string(raw.type):
        return raw
    if pa.types.is_floating(raw.type):
        # 1042.0 from a spreadsheet cell is the id 1042, as the user typed it.
        values = raw.to_numpy(zero_copy_only=False)
        if np.all(np.isnan(values) | (values == np.round(values))):
            return pc.cast(pc.cast(raw, pa.int64(), safe=False), pa.string())
    if pa.types.is_large_string(raw.type) or pa.types.is_dictionary(raw.type):
        return pc.cast(raw, pa.string())
    try:
        return pc.cast(raw, pa.string())
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
        return pa.array([None if v is None else _shown(v) for v in raw.to_pylist()], pa.string())


def _mask(values: pa.Array | pa.ChunkedArray) -> Mask:
    return np.asarray(pc.fill_null(values, False).to_numpy(zero_copy_only=False), dtype=bool)

