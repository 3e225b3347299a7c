"""Process-mining event logs (CSV and XES) read as customer journeys.

Each case of the log is one journey, each event one experience at the touchpoint named by its
activity. The readers hold no database access: `read_event_log` returns an `EventLog` whose
`experiences` frame has the store's EXPERIENCE_COLUMNS; `import_event_log` writes it in one
atomic batch. See docs/event-logs.md for the mapping rules and what happens to odd rows.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import math
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any, BinaryIO, Protocol, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cxladder.errors import MappingError, NotFound, UnreadableFile
from cxladder.ingest.load import ImportSummary
from cxladder.model import Channel, Organization, Touchpoint
from cxladder.store.repo import EXPERIENCE_COLUMNS, Rejection, Store

__all__ = [
    "EventLog",
    "EventLogColumns",
    "EventLogImport",
    "EventLogMapping",
    "import_event_log",
    "read_event_log",
    "resolve_columns",
]

# The store's key columns are 128 characters wide; longer values are rejected, not cut.
MAX_KEY_LENGTH = 128

# Standard XES keys first, then the names common exports (Disco, Celonis, ProM CSV) use.
# Matching ignores case and surrounding spaces.
_CANDIDATES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "case": ("case:concept:name", "case_id", "case id", "caseid", "case", "case:id"),
        "activity": ("concept:name", "activity", "activity name", "activity_name", "event"),
        "timestamp": (
            "time:timestamp",
            "timestamp",
            "complete timestamp",
            "end timestamp",
            "time",
            "datetime",
        ),
        "channel": ("case:channel", "channel", "case:medium", "medium"),
        "resource": ("org:resource", "resource", "case:org:resource", "user", "employee"),
        "customer": ("case:customer", "customer", "customer_id", "customer id", "case:customer_id"),
        "lifecycle": ("lifecycle:transition", "lifecycle", "transition", "event type"),
    }
)
_ROW = "__row__"


@dataclass(frozen=True, slots=True)
class EventLogMapping:
    """Which columns (CSV) or attribute keys (XES) hold the journey's parts.

    A field left as None is recognised from the XES standard names (`case:concept:name`,
    `concept:name`, `time:timestamp`, `org:resource`, `lifecycle:transition`) or common export
    names (`Case ID`, `Activity`, `Timestamp`...). Trace attributes of an XES file appear as
    `case:<key>`, as pm4py and ProM name them. Set `channel_values` to map channel values that
    Channel.parse does not know (`{"Intern": Channel.ON_SITE}`); `default_channel` is the
    channel of touchpoints whose events carry no recognisable channel.
    """

    case: str | None = None
    activity: str | None = None
    timestamp: str | None = None
    channel: str | None = None
    resource: str | None = None
    customer: str | None = None
    lifecycle: str | None = None
    timestamp_format: str | None = None
    dayfirst: bool = False
    channel_values: Mapping[str, Channel] = field(
        default_factory=lambda: MappingProxyType({})
    )
    default_channel: Channel = Channel.WEB
    separator: str | None = None
    encoding: str = "utf-8-sig"

    @classmethod
    def from_pairs(cls, pairs: Iterable[str]) -> EventLogMapping:
        """From the command line: `case=Ticket`, `timestamp_format=%d-%m-%Y %H:%M`,
        `channel.Intern=on-site` (one channel value), `default_channel=phone`."""
        options: dict[str, Any] = {}
        channel_values: dict[str, Channel] = {}
        for pair in pairs:
            name, sep, value = pair.partition("=")
            name = name.strip()
            if not sep or not name:
                raise MappingError(f"{pair!r} is not a mapping; write part=column: case=Ticket")
            if name.startswith("channel."):
                channel_values[name.removeprefix("channel.")] = _channel_option(pair, value)
            elif name == "default_channel":
                options[name] = _channel_option(pair, value)
            elif name in _PAIR_OPTIONS:
                options[name] = value.strip()
            else:
                known = ", ".join((*_PAIR_OPTIONS, "default_channel", "channel.<value>"))
                raise MappingError(f"{pair!r}: unknown part {name!r}; use one of {known}")
        return cls(**options, channel_values=MappingProxyType(channel_values))


_PAIR_OPTIONS = (*_CANDIDATES, "timestamp_format", "separator", "encoding")


def _channel_option(pair: str, value: str) -> Channel:
    try:
        return Channel.parse(value)
    except ValueError as exc:
        raise MappingError(f"{pair!r}: {exc}") from exc


@dataclass(frozen=True, slots=True)
class EventLogColumns:
    """The columns a mapping resolved to in one file; None where the file has no such column."""

    case: str
    activity: str
    timestamp: str
    channel: str | None
    resource: str | None
    customer: str | None
    lifecycle: str | None


@dataclass(frozen=True, slots=True, eq=False)
class EventLog:
    """An event log read as journeys: experience rows, touchpoints seen, rows that could not land.

    `rows_read` counts every event in the file; `skipped_lifecycle` those left out on purpose
    because their lifecycle transition was not `complete`; the rest are either in `experiences`
    or in `rejections`.
    """

    source: str
    format: str
    columns: EventLogColumns
    experiences: pd.DataFrame
    touchpoints: tuple[Touchpoint, ...]
    rejections: tuple[Rejection, ...]
    rows_read: int
    skipped_lifecycle: int
    unmapped_channels: Mapping[str, int]

    @property
    def cases(self) -> int:
        return int(self.experiences["journey_id"].nunique())

    @property
    def events(self) -> int:
        return len(self.experiences)

    def experience_table(self) -> pa.Table:
        """The experiences as the Arrow table Store.add_batch takes."""
        return pa.Table.from_pandas(
            self.experiences.loc[:, list(EXPERIENCE_COLUMNS)], preserve_index=False
        )


@dataclass(frozen=True, slots=True)
class EventLogImport:
    """What one event-log import did, beyond the batch figures every import reports."""

    summary: ImportSummary
    cases: int
    events: int
    skipped_lifecycle: int
    touchpoints_added: tuple[str, ...]
    unmapped_channels: Mapping[str, int]


class _HasStore(Protocol):
    @property
    def store(self) -> Store: ...


# -- reading -----------------------------------------------------------------------------------


def read_event_log(
    path: Path | str,
    *,
    mapping: EventLogMapping | None = None,
    all_lifecycles: bool = False,
) -> EventLog:
    """Read a CSV (any separator, optional BOM, optionally gzipped) or XES (.xes, .xes.gz) log.

    By default only `complete` events (and events without a lifecycle) are kept, so one step
    is one experience; `all_lifecycles=True` keeps start, schedule... events too.
    """
    path = Path(path)
    mapping = mapping or EventLogMapping()
    if not path.is_file():
        raise UnreadableFile(f"{path}: no such file; check the path")
    kind = _log_format(path)
    raw = _read_xes(path) if kind == "xes" else _read_csv(path, mapping)
    return _to_event_log(raw, mapping, source=str(path), kind=kind, all_lifecycles=all_lifecycles)


def _log_format(path: Path) -> str:
    name = path.name.lower().removesuffix(".gz")
    if name.endswith((".xes", ".xml")):
        return "xes"
    if name.endswith((".csv", ".tsv", ".txt")):
        return "csv"
    with _open_text(path, "utf-8-sig") as stream:
        head = stream.read(512).lstrip()
    return "xes" if head.startswith("<") else "csv"


def _open_binary(path: Path) -> BinaryIO:
    # Compression is recognised by its magic bytes, not the name: `.xes` files are often gzipped.
    with path.open("rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return cast(BinaryIO, gzip.open(path, "rb"))
    return path.open("rb")


def _open_text(path: Path, encoding: str) -> IO[str]:
    return io.TextIOWrapper(_open_binary(path), encoding=encoding, newline="")


# -- CSV ---------------------------------------------------------------------------------------


def _read_csv(path: Path, mapping: EventLogMapping) -> pd.DataFrame:
    separator = mapping.separator or _sniff_separator(path, mapping.encoding)
    try:
        with _open_binary(path) as stream:
            frame = pd.read_csv(
                stream,
                sep=separator,
                dtype=str,
                encoding=mapping.encoding,
                keep_default_na=False,
                na_values=[""],
            )
    except UnicodeDecodeError as exc:
        raise _not_encoded(path, mapping.encoding, exc) from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError, OSError, EOFError) as exc:
        raise UnreadableFile(
            f"{path}: cannot read as CSV with separator {separator!r}: {exc}"
        ) from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    frame[_ROW] = np.arange(1, len(frame) + 1)
    return frame


def _not_encoded(path: Path, encoding: str, exc: UnicodeDecodeError) -> UnreadableFile:
    return UnreadableFile(
        f"{path}: not {encoding} text ({exc.reason} at byte {exc.start}); save it as UTF-8 "
        "or name its encoding, e.g. EventLogMapping(encoding='latin-1')"
    )


def _sniff_separator(path: Path, encoding: str) -> str:
    try:
        with _open_text(path, encoding) as stream:
            sample = stream.read(65_536)
    except UnicodeDecodeError as exc:
        raise _not_encoded(path, encoding, exc) from exc
    except (OSError, EOFError) as exc:
        raise UnreadableFile(f"{path}: cannot read the start of the file: {exc}") from exc
    header = sample.splitlines()[0] if sample else ""
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        # One column, or a sample the sniffer cannot decide on: the separator in the header wins.
        counts = {sep: header.count(sep) for sep in ",;\t|"}
        return max(counts, key=lambda sep: counts[sep]) if any(counts.values()) else ","


# -- XES ---------------------------------------------------------------------------------------

_ATTRIBUTES = frozenset({"string", "date", "int", "float", "boolean", "id"})
_NESTING = frozenset({"list", "container", "values"})


def _read_xes(path: Path) -> pd.DataFrame:
    try:
        with _open_binary(path) as stream:
            records = list(_xes_records(stream))
    except ET.ParseError as exc:
        line, column = exc.position
        raise UnreadableFile(
            f"{path}: not valid XES (XML error at line {line}, column {column}: {exc.msg}); "
            "check the file is complete and not truncated"
        ) from exc
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise UnreadableFile(f"{path}: cannot read the file ({exc}); is the .gz complete?") from exc
    frame = pd.DataFrame.from_records(records)
    if frame.empty:
        raise UnreadableFile(f"{path}: the XES log holds no events")
    return frame


def _xes_records(stream: IO[bytes]) -> Iterator[dict[str, Any]]:
    """One dict per event, trace attributes as `case:<key>`; memory bounded by one trace."""
    events = ET.iterparse(stream, events=("start", "end"))
    _, root = next(events)
    pending: list[tuple[ET.Element, dict[str, Any]]] = []
    number = 0
    for kind, element in events:
        if kind == "start":
            continue
        tag = element.tag.rpartition("}")[2]
        if tag == "event":
            number += 1
            record = _attributes(element, "", {_ROW: number})
            element.clear()
            pending.append((element, record))
        elif tag == "trace":
            # Trace attributes may follow the events, so the events wait for the trace's end.
            case = {f"case:{k}": v for k, v in _attributes(element, "", {}).items()}
            inside = {id(child) for child in element}
            for event, record in pending:
                yield {**case, **record} if id(event) in inside else record
            pending = []
            root.clear()
    for _, record in pending:  # events outside any trace have no case; kept to be rejected
        yield record


def _attributes(element: ET.Element, prefix: str, into: dict[str, Any]) -> dict[str, Any]:
    """The element's own attributes; nested ones flattened as parent/child, so none is lost."""
    for child in element:
        tag = child.tag.rpartition("}")[2]
        if tag in _ATTRIBUTES:
            key = prefix + child.get("key", "")
            into.setdefault(key, _xes_value(tag, child.get("value")))
            if len(child):
                _attributes(child, key + "/", into)
        elif tag in _NESTING:
            key = prefix if tag == "values" else prefix + child.get("key", "") + "/"
            _attributes(child, key, into)
    return into


def _xes_value(tag: str, text: str | None) -> Any:
    if text is None:
        return None
    try:
        if tag == "int":
            return int(text)
        if tag == "float":
            return float(text)
    except ValueError:
        return text
    if tag == "boolean":
        return text.strip().lower() == "true"
    return text


# -- from raw events to experiences ------------------------------------------------------------


def resolve_columns(columns: Iterable[str], mapping: EventLogMapping) -> EventLogColumns:
    """Find each part of the journey among the file's columns, or say which one is missing."""
    found = [c for c in columns if c != _ROW]
    by_folded = {c.strip().lower(): c for c in reversed(found)}
    resolved: dict[str, str | None] = {}
    for part, candidates in _CANDIDATES.items():
        chosen: str | None = getattr(mapping, part)
        if chosen is not None and chosen not in found:
            chosen = by_folded.get(chosen.strip().lower())
            if chosen is None:
                raise MappingError(
                    f"the mapping names column {getattr(mapping, part)!r} for the {part}, but the "
                    f"log has no such column; columns found: {', '.join(found)}"
                )
        if chosen is None:
            chosen = next((by_folded[c] for c in candidates if c in by_folded), None)
        resolved[part] = chosen
    return EventLogColumns(
        case=_required(resolved, "case", found),
        activity=_required(resolved, "activity", found),
        timestamp=_required(resolved, "timestamp", found),
        channel=resolved["channel"],
        resource=resolved["resource"],
        customer=resolved["customer"],
        lifecycle=resolved["lifecycle"],
    )


def _required(resolved: Mapping[str, str | None], part: str, found: list[str]) -> str:
    name = resolved[part]
    if name is None:
        raise MappingError(
            f"cannot find the {part} column (looked for {', '.join(_CANDIDATES[part])}); "
            f"columns found: {', '.join(found)}. Name it with EventLogMapping({part}=...)"
        )
    return name


def _to_event_log(
    raw: pd.DataFrame,
    mapping: EventLogMapping,
    *,
    source: str,
    kind: str,
    all_lifecycles: bool,
) -> EventLog:
    columns = resolve_columns(raw.columns, mapping)
    rows_read = len(raw)
    if columns.lifecycle is not None and not all_lifecycles:
        transition = raw[columns.lifecycle].astype("string").str.strip().str.lower()
        raw = raw[transition.isna() | (transition == "complete")]
    skipped = rows_read - len(raw)
    at = _timestamps(raw[columns.timestamp], mapping)
    rejections, usable = _reject(raw, columns, at)
    events = _experiences(raw[usable], at[usable], columns, mapping)
    return EventLog(
        source=source,
        format=kind,
        columns=columns,
        experiences=events,
        touchpoints=_touchpoints(events, mapping.default_channel),
        rejections=tuple(rejections),
        rows_read=rows_read,
        skipped_lifecycle=skipped,
        unmapped_channels=_unmapped_channels(raw[usable], columns, mapping),
    )


def _timestamps(values: pd.Series, mapping: EventLogMapping) -> pd.Series:
    """Timestamps as naive UTC; values without an offset are taken as they are written."""
    text = values.astype("string").str.strip()
    fmt = mapping.timestamp_format or "ISO8601"
    parsed = pd.to_datetime(text, utc=True, format=fmt, errors="coerce")
    retry = parsed.isna() & text.notna()
    if retry.any() and mapping.timestamp_format is None:
        parsed[retry] = pd.to_datetime(
            text[retry], utc=True, format="mixed", dayfirst=mapping.dayfirst, errors="coerce"
        )
    return parsed.dt.tz_convert(None).astype("datetime64[us]")


def _text(values: pd.Series) -> pd.Series:
    return values.astype("string").str.strip()


def _reject(
    raw: pd.DataFrame, columns: EventLogColumns, at: pd.Series
) -> tuple[list[Rejection], pd.Series]:
    checks: list[tuple[str, pd.Series, str]] = []
    for part in ("case", "activity"):
        name = getattr(columns, part)
        values = _text(raw[name])
        checks.append((name, values.isna() | (values == ""), f"no {part}; every event needs one"))
        checks.append(
            (name, values.str.len() > MAX_KEY_LENGTH, f"longer than {MAX_KEY_LENGTH} characters")
        )
    stamp = raw[columns.timestamp]
    checks.append((columns.timestamp, stamp.isna(), "no timestamp; every event needs one"))
    checks.append(
        (
            columns.timestamp,
            at.isna() & stamp.notna(),
            "not a date and time; use ISO 8601 (2026-03-01T14:05:00+01:00) or set "
            "EventLogMapping(timestamp_format=...)",
        )
    )
    bad = pd.Series(False, index=raw.index)
    rejections: list[Rejection] = []
    for name, failed, reason in checks:
        fresh = failed.fillna(False).astype(bool) & ~bad
        for index in raw.index[fresh]:
            rejections.append(_rejection(raw.loc[index], name, reason))
        bad |= fresh
    rejections.sort(key=lambda r: r.row_number)
    return rejections, ~bad


def _rejection(row: pd.Series, name: str, reason: str) -> Rejection:
    raw = {str(k): _json_safe(v) for k, v in row.items() if k != _ROW}
    value = raw.get(name)
    return Rejection(int(row[_ROW]), name, "" if value is None else str(value), reason, raw)


def _json_safe(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    return str(value)


def _experiences(
    raw: pd.DataFrame, at: pd.Series, columns: EventLogColumns, mapping: EventLogMapping
) -> pd.DataFrame:
    case = _text(raw[columns.case]).reset_index(drop=True)
    frame = pd.DataFrame(
        {
            "journey_id": case,
            "touchpoint": _text(raw[columns.activity]).reset_index(drop=True),
            "at": at.reset_index(drop=True),
            "staff": _optional_text(raw, columns.resource),
            "lifecycle": _optional_text(raw, columns.lifecycle),
            "customer_id": _customers(raw, columns, case),
            "order": raw[_ROW].to_numpy(),
            "channel": _channels(raw, columns, mapping),
            "facts": _facts(raw, columns),
        }
    )
    # Stable order: journey, time, then the file's own order for events at the same moment.
    frame = frame.sort_values(["journey_id", "at", "order"], kind="stable").reset_index(drop=True)
    waited = frame.groupby("journey_id", sort=False)["at"].diff()
    frame["wait_minutes"] = waited.dt.total_seconds() / 60.0
    frame["event_id"] = _event_ids(frame)
    for name in ("csat", "nps", "ces", "stars", "grade", "delay_minutes"):
        frame[name] = np.nan
    frame["text"] = ""
    frame["language"] = ""
    return frame.loc[:, list(EXPERIENCE_COLUMNS)]


def _optional_text(raw: pd.DataFrame, name: str | None) -> pd.Series:
    if name is None:
        return pd.Series("", index=range(len(raw)), dtype="str")
    return _text(raw[name]).fillna("").reset_index(drop=True)


def _customers(raw: pd.DataFrame, columns: EventLogColumns, case: pd.Series) -> pd.Series:
    """The customer named on the case (its first value), else the case itself."""
    if columns.customer is None:
        return case
    customer = _text(raw[columns.customer]).reset_index(drop=True)
    customer = customer.where(customer.str.len().between(1, MAX_KEY_LENGTH))
    first = customer.groupby(case, sort=False).transform("first")
    return first.fillna(case)


def _objects(values: pd.Series) -> pd.Series:
    """An object column that says None for "not known", where a text column would say NaN."""
    return values.astype(object).where(values.notna(), None).reset_index(drop=True)


def _channel_lookup(values: Iterable[Any], mapping: EventLogMapping) -> dict[str, str | None]:
    overrides = {str(k).strip().lower(): v for k, v in mapping.channel_values.items()}
    lookup: dict[str, str | None] = {}
    for value in values:
        text = str(value).strip()
        channel = overrides.get(text.lower())
        if channel is None:
            try:
                channel = Channel.parse(text)
            except ValueError:
                channel = None
        lookup[value] = None if channel is None else channel.value
    return lookup


def _channels(raw: pd.DataFrame, columns: EventLogColumns, mapping: EventLogMapping) -> pd.Series:
    if columns.channel is None:
        return pd.Series(None, index=range(len(raw)), dtype=object)
    values = raw[columns.channel]
    lookup = _channel_lookup(pd.unique(values.dropna()), mapping)
    return _objects(values.map(lookup))


def _unmapped_channels(
    raw: pd.DataFrame, columns: EventLogColumns, mapping: EventLogMapping
) -> Mapping[str, int]:
    if columns.channel is None:
        return MappingProxyType({})
    counts = raw[columns.channel].dropna().astype(str).value_counts()
    lookup = _channel_lookup(counts.index, mapping)
    unknown = {str(v): int(n) for v, n in counts.items() if lookup[str(v)] is None}
    return MappingProxyType(dict(sorted(unknown.items())))


def _facts(raw: pd.DataFrame, columns: EventLogColumns) -> pd.Series:
    """Numeric attributes (not the mapped ones) as a JSON object per event, else None."""
    mapped = {getattr(columns, name) for name in _CANDIDATES} | {_ROW}
    pieces = []
    for name in sorted(str(c) for c in raw.columns if c not in mapped):
        numbers = _as_numbers(raw[name])
        if numbers is None:
            continue
        finite = pa.array(numbers, mask=~np.isfinite(numbers))
        # Python's float repr is valid JSON for finite numbers and reads back exactly.
        text = pc.cast(finite, pa.string())
        piece = pc.binary_join_element_wise(json.dumps(name) + ": ", text, ", ", "")
        pieces.append(pc.fill_null(piece, ""))
    if not pieces:
        return pd.Series(None, index=range(len(raw)), dtype=object)
    # Each piece ends in its separator; the last one is trimmed (a number never ends in one).
    body = pc.utf8_rtrim(pc.binary_join_element_wise(*pieces, ""), characters=", ")
    whole = pc.binary_join_element_wise("{", body, "}", "")
    facts = pc.if_else(pc.equal(body, ""), pa.scalar(None, pa.string()), whole)
    return _objects(pd.Series(facts.to_pandas()))


def _as_numbers(values: pd.Series) -> np.ndarray[Any, np.dtype[np.float64]] | None:
    """The column as floats when every value present is a number (not a yes/no), else None."""
    if pd.api.types.is_bool_dtype(values) or not values.notna().any():
        return None
    if pd.api.types.is_numeric_dtype(values):
        return values.to_numpy(dtype="float64", na_value=np.nan)
    if values.dtype == object and not _all_numbers(values):
        return None
    numbers = pd.to_numeric(values.astype("string").str.strip(), errors="coerce")
    if numbers.isna().sum() > values.isna().sum():
        return None
    return numbers.to_numpy(dtype="float64", na_value=np.nan)


def _all_numbers(values: pd.Series) -> bool:
    # XES int and float attributes arrive as Python numbers in an object column.
    return all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in values.dropna()
    )


def _event_ids(frame: pd.DataFrame) -> list[str]:
    """A content hash, so re-reading the same log (in any row order) gives the same ids."""
    stamps = np.datetime_as_string(frame["at"].to_numpy(dtype="datetime64[us]"), unit="us")
    parts = [
        pa.array(frame[name].astype("str"), type=pa.string())
        for name in ("journey_id", "touchpoint", "staff", "lifecycle")
    ]
    keys = pc.binary_join_element_wise(*parts[:2], pa.array(stamps), *parts[2:], "\x1f")
    texts = keys.to_pylist()
    repeat: list[int] = [0] * len(texts)
    if len(set(texts)) < len(texts):  # the same event twice: number the copies
        repeat = pd.Series(texts).groupby(texts, sort=False).cumcount().tolist()
    return [
        "ev-" + hashlib.blake2b(f"{key}\x1f{n}".encode(), digest_size=16).hexdigest()
        for key, n in zip(texts, repeat, strict=True)
    ]


def _touchpoints(events: pd.DataFrame, default_channel: Channel) -> tuple[Touchpoint, ...]:
    """One touchpoint per activity, in the order journeys usually meet them."""
    if events.empty:
        return ()
    step = events.groupby("journey_id", sort=False).cumcount()
    length = events.groupby("journey_id", sort=False)["touchpoint"].transform("size")
    position = (step / length.clip(lower=1)).groupby(events["touchpoint"]).mean()
    # The channel most of its events came by; ties go to the first channel name, alphabetically.
    counts = events.groupby(["touchpoint", "channel"]).size().reset_index(name="events")
    counts = counts.sort_values(["touchpoint", "events", "channel"], ascending=[True, False, True])
    channels = counts.drop_duplicates("touchpoint").set_index("touchpoint")["channel"]
    order = sorted(position.index, key=lambda name: (round(float(position[name]), 6), name))
    return tuple(
        Touchpoint(
            key=name,
            name=name,
            channel=Channel(channels[name]) if name in channels.index else default_channel,
        )
        for name in order
    )


# -- importing ---------------------------------------------------------------------------------


def import_event_log(
    target: Store | _HasStore,
    path: Path | str,
    *,
    organization: str,
    mapping: EventLogMapping | None = None,
    all_lifecycles: bool = False,
    progress: Callable[[int], None] | None = None,
) -> EventLogImport:
    """Read an event log and write its journeys to the store in one atomic batch.

    Touchpoints not yet known to the organisation are registered (known ones, with their
    targets and expectations, are left alone). Event ids are content hashes, so importing the
    same log again adds nothing and counts every event as a duplicate.
    """
    store = target if isinstance(target, Store) else target.store
    started = time.perf_counter()
    log = read_event_log(path, mapping=mapping, all_lifecycles=all_lifecycles)
    _ensure_organization(store, organization)
    added = _register_touchpoints(store, organization, log.touchpoints)
    outcome = store.add_batch(
        organization=organization,
        source=log.source,
        fingerprint=_fingerprint(Path(path)),
        rows_read=log.rows_read,
        accepted=log.experience_table(),
        rejections=log.rejections,
        progress=progress,
    )
    summary = ImportSummary(
        batch_id=outcome.batch_id,
        source=log.source,
        rows_read=outcome.rows_read,
        accepted=outcome.accepted,
        duplicates=outcome.duplicates,
        rejected=outcome.rejected,
        rejects_path=None,
        seconds=time.perf_counter() - started,
    )
    return EventLogImport(
        summary, log.cases, log.events, log.skipped_lifecycle, added, log.unmapped_channels
    )


def _ensure_organization(store: Store, key: str) -> None:
    try:
        store.organization(key)
    except NotFound:
        store.save_organization(Organization(key=key, name=key))


def _register_touchpoints(
    store: Store, organization: str, seen: tuple[Touchpoint, ...]
) -> tuple[str, ...]:
    known = store.touchpoints(organization)
    new = [replace(tp, organization=organization) for tp in seen if tp.key not in known]
    if new:
        # save_touchpoints numbers positions from zero, so known ones go first to keep theirs.
        store.save_touchpoints(organization, [*known.values(), *new])
    return tuple(tp.key for tp in new)


def _fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
