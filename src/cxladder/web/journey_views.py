"""What the journey pages compute, kept per organisation until its journey log changes.

`Journeys.log()` answers with the same log object until the store's fingerprint moves
(experiences or assessments added, a new import), so everything computed from a log is kept
beside it and dropped as soon as a new log appears: the map and variants per (segment,
channel), the SVG per (segment, channel, language, minimum count), the segments, and the
experience index behind /experiences.

The experience index answers every filter of /experiences from the log's columns in NumPy
(a transition needs each event's predecessor in its journey, which SQL would find with a
window over every experience); only the 50 rows shown are then read from the store by id.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cxladder.app import Cxladder
from cxladder.errors import InvalidInput, NotFound
from cxladder.journeys.analysis import JourneyMap, Journeys, journey_map_of_log
from cxladder.journeys.events import JourneyLog
from cxladder.journeys.kernel import variants as kernel_variants
from cxladder.model import Assessment, Channel
from cxladder.store.journey_queries import experiences_by_row
from cxladder.store.repo import StoredExperience

__all__ = [
    "POSITIONS",
    "ExperienceQuery",
    "ExperienceResults",
    "JourneyViews",
    "Selection",
    "journey_views",
]

T = TypeVar("T")
_log = logging.getLogger(__name__)
POSITIONS = ("first", "last")
_EPOCH = datetime(1970, 1, 1)
# How often the pages ask (in the background) whether the store's experiences changed.
_RECHECK_SECONDS = 2.0


@dataclass(frozen=True)
class Selection:
    """The journey map and its variants for one segment and channel."""

    found: JourneyMap
    variants: pd.DataFrame
    journeys: int


@dataclass(frozen=True, slots=True)
class ExperienceQuery:
    """The filters of /experiences; `previous` is the touchpoint of the moment just before in
    the same journey (the map's step previous -> touchpoint)."""

    touchpoint: str | None = None
    previous: str | None = None
    position: str | None = None
    level: int | None = None
    channel: str | None = None
    segment: int | None = None
    customer: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class ExperienceResults:
    rows: list[tuple[StoredExperience, Assessment | None]]
    total: int


@dataclass(frozen=True)
class _Index:
    """The log's columns as NumPy, plus the order newest first (computed once per log)."""

    row: np.ndarray
    journey: np.ndarray
    touchpoint: np.ndarray
    touchpoints: dict[str, int]
    channel: np.ndarray
    channels: dict[str, int]
    customer: pa.ChunkedArray
    journey_ids: pa.ChunkedArray
    t: np.ndarray
    level: np.ndarray
    newest_first: np.ndarray


def _index_of(log: JourneyLog) -> _Index:
    encoded = log.encoded
    channel = pc.dictionary_encode(log.table.column("channel")).combine_chunks()
    row = log.table.column("seq").to_numpy()
    return _Index(
        row=row,
        journey=encoded.journey,
        touchpoint=encoded.touchpoint,
        touchpoints={name: i for i, name in enumerate(encoded.touchpoints)},
        channel=channel.indices.to_numpy(zero_copy_only=False),
        channels={str(name): i for i, name in enumerate(channel.dictionary.to_pylist())},
        customer=log.table.column("customer"),
        journey_ids=log.table.column("journey"),
        t=encoded.t,
        level=encoded.level,
        newest_first=np.lexsort((-row, -encoded.t)),
    )


class _Kept:
    """Values computed from one log of one organisation."""

    def __init__(self, log: JourneyLog) -> None:
        self.log = log
        self.values: dict[Hashable, Any] = {}


class JourneyViews:
    """The journey pages' cache over one Cxladder's journey analytics.

    A page never waits for the store's fingerprint (three COUNTs, ~0.2 s of CPU on a million
    experiences) or for a changed log to be read again (tens of seconds at that size): once
    an organisation's log is in hand, every `recheck` seconds a background thread asks
    whether it changed and, if so, reads the new one and its map while the pages go on
    answering from the old. Only the very first request per organisation reads in place.
    `background=False` does the recheck in the request instead (tests, scripts).
    """

    def __init__(
        self,
        cx: Cxladder,
        *,
        clock: Callable[[], float] = time.monotonic,
        recheck: float = _RECHECK_SECONDS,
        background: bool = True,
    ) -> None:
        self.cx = cx
        self.journeys: Journeys = cx.journeys()
        self.clock = clock
        self.recheck = recheck
        self.background = background
        self._kept: dict[str, tuple[float, _Kept | None]] = {}
        self._lock = threading.RLock()
        self._refreshing: dict[str, threading.Thread] = {}

    def _current(self, organization: str) -> _Kept | None:
        """What is kept for the organisation's log; None when it has no experiences."""
        held = self._kept.get(organization)
        if held is None:
            return self._load(organization)
        due, kept = held
        if due <= self.clock():
            if not self.background:
                return self._load(organization)
            self._refresh_later(organization)
        return kept

    def _load(self, organization: str) -> _Kept | None:
        try:
            log = self.journeys.log(organization)
        except NotFound:
            self.cx.store.organization(organization)  # an unknown organisation stays an error
            kept = None
        else:
            held = self._kept.get(organization)
            before = held[1] if held is not None else None
            kept = before if before is not None and before.log is log else _Kept(log)
        self._kept[organization] = (self.clock() + self.recheck, kept)
        return kept

    def _refresh_later(self, organization: str) -> None:
        with self._lock:
            if organization in self._refreshing:
                return
            worker = threading.Thread(
                target=self._refresh, args=(organization,), name="journey-pages", daemon=True
            )
            self._refreshing[organization] = worker
        worker.start()

    def _refresh(self, organization: str) -> None:
        try:
            held = self._kept.get(organization)
            kept = self._load(organization)
            if kept is not None and (held is None or held[1] is not kept):
                self._warm(organization, kept)
        except Exception:  # the pages keep the log they have and try again after `recheck`
            _log.exception("could not refresh the journey pages of %r", organization)
            self._kept[organization] = (self.clock() + self.recheck, self._kept[organization][1])
        finally:
            with self._lock:
                self._refreshing.pop(organization, None)

    def _warm(self, organization: str, kept: _Kept) -> None:
        """Compute what nearly every visit needs, before the first visitor asks."""
        self._value(kept, "index", lambda: _index_of(kept.log))
        self._selection_of(organization, kept, None, None)

    def warm_up(self, organizations: Sequence[str]) -> None:
        """Read the logs and draw-ready maps of these organisations now (at server start, in a
        thread), so the first visitor does not wait for them."""
        for organization in organizations:
            kept = self._current(organization)
            if kept is not None:
                self._warm(organization, kept)
                self.segments(organization)

    def wait(self, timeout: float | None = None) -> None:
        """Until the background refreshes running now are done (tests; a clean shutdown)."""
        with self._lock:
            running = list(self._refreshing.values())
        for worker in running:
            worker.join(timeout)

    def _value(self, kept: _Kept, key: Hashable, make: Callable[[], T]) -> T:
        if key in kept.values:  # computed values never change: read without the lock
            found: T = kept.values[key]
            return found
        with self._lock:
            if key not in kept.values:
                kept.values[key] = make()
            value: T = kept.values[key]
            return value

    # -- the map -------------------------------------------------------------------------------

    def segments(self, organization: str) -> pd.DataFrame:
        """Journeys grouped by shape (number, name, journeys); empty without experiences."""
        kept = self._current(organization)
        if kept is None:
            return pd.DataFrame(columns=["segment", "name", "journeys"])
        return self._value(kept, "segments", lambda: self._segments(organization))

    def _segments(self, organization: str) -> pd.DataFrame:
        try:
            return self.journeys.segments(organization)
        except InvalidInput:  # too few journeys to group: the page offers no segment filter
            return pd.DataFrame(columns=["segment", "name", "journeys"])

    def channels(self, organization: str) -> list[str]:
        """The channels the organisation's experiences came through."""
        kept = self._current(organization)
        if kept is None:
            return []
        index = self._value(kept, "index", lambda: _index_of(kept.log))
        return sorted(name for name in index.channels if name)

    def selection(
        self, organization: str, *, segment: int | None, channel: str | None
    ) -> Selection | None:
        """The map and variants of the chosen journeys; None when none match."""
        kept = self._current(organization)
        if kept is None:
            return None
        return self._selection_of(organization, kept, segment, channel)

    def _selection_of(
        self, organization: str, kept: _Kept, segment: int | None, channel: str | None
    ) -> Selection | None:
        # Targets are part of the key: a new brand target moves pain marks, not the log.
        targets = self._targets(organization)
        key = ("selection", segment, channel, tuple(sorted(targets[0].items())), targets[1])
        return self._value(
            kept, key, lambda: self._selection(organization, kept.log, segment, channel, targets)
        )

    def _selection(
        self,
        organization: str,
        log: JourneyLog,
        segment: int | None,
        channel: str | None,
        targets: tuple[dict[str, int], int],
    ) -> Selection | None:
        if segment is not None:
            log = log.where_journeys(self._segment_journeys(organization, segment))
        if channel is not None:
            log = log.where_channel(_channel(channel))
        if log.events == 0:
            return None
        found = journey_map_of_log(log, targets[0], targets[1], rules=self.journeys.rules)
        variants = kernel_variants(log.encoded).sort_values(
            ["journeys", "path"], ascending=[False, True]
        )
        journeys = int(log.encoded.starts.shape[0] - 1)
        return Selection(found, variants.head(10).reset_index(drop=True), journeys)

    def _segment_journeys(self, organization: str, segment: int) -> pa.Array:
        assigned = self.journeys.segment_of_journeys(organization)
        if segment not in set(assigned):
            known = ", ".join(str(s) for s in sorted(set(assigned)))
            raise NotFound(f"no segment {segment}; the segments are {known}")
        return pa.array(assigned[assigned == segment].index.astype(str))

    def _targets(self, organization: str) -> tuple[dict[str, int], int]:
        org = self.cx.store.organization(organization)
        levels = {k: int(tp.target_level) for k, tp in self.cx.touchpoints(organization).items()}
        levels.update({key: int(level) for key, level in org.brand.targets.items()})
        return levels, int(org.brand.default_target)

    def picture(self, organization: str, key: Hashable, draw: Callable[[], str]) -> str:
        """The drawn map for `key` (filters and language), drawn once per log."""
        kept = self._current(organization)
        if kept is None:
            return ""
        return self._value(kept, ("picture", key), draw)

    # -- the experiences behind a node or a step -----------------------------------------------

    def experiences(
        self, organization: str, query: ExperienceQuery, *, limit: int = 50, offset: int = 0
    ) -> ExperienceResults:
        """One page of the experiences that match, newest first, and how many match."""
        kept = self._current(organization)
        if kept is None:
            return ExperienceResults([], 0)
        index = self._value(kept, "index", lambda: _index_of(kept.log))
        mask = self._mask(organization, kept, index, query)
        hits = np.flatnonzero(mask[index.newest_first])
        chosen = index.row[index.newest_first[hits[offset : offset + limit]]]
        rows = experiences_by_row(self.cx.store, organization, [int(r) for r in chosen])
        return ExperienceResults(rows, int(hits.shape[0]))

    def _mask(
        self, organization: str, kept: _Kept, index: _Index, query: ExperienceQuery
    ) -> np.ndarray:
        # The journeys the map was drawn from: steps and positions are counted within them.
        chosen = np.ones(index.row.shape[0], dtype=bool)
        if query.channel is not None:
            chosen &= index.channel == index.channels.get(_channel(query.channel), -1)
        if query.segment is not None:
            chosen &= self._value(
                kept,
                ("segment-mask", query.segment),
                lambda: self._in_segment(organization, index, query.segment or 0),
            )
        mask: np.ndarray = chosen & _in_order(index, chosen, query)
        if query.touchpoint is not None:
            mask &= index.touchpoint == index.touchpoints.get(query.touchpoint, -1)
        if query.level is not None:
            mask &= index.level == query.level
        if query.customer is not None:
            mask &= pc.equal(index.customer, query.customer).to_numpy(zero_copy_only=False)
        if query.since is not None:
            mask &= index.t >= _seconds(query.since)
        if query.until is not None:
            mask &= index.t < _seconds(query.until)
        return mask

    def _in_segment(self, organization: str, index: _Index, segment: int) -> np.ndarray:
        journeys = self._segment_journeys(organization, segment)
        found = pc.is_in(index.journey_ids, value_set=journeys)
        return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)


def _in_order(index: _Index, chosen: np.ndarray, query: ExperienceQuery) -> np.ndarray:
    """Events whose place in their (chosen part of the) journey fits `previous`/`position`."""
    fits = np.ones(chosen.shape[0], dtype=bool)
    if query.previous is None and query.position is None:
        return fits
    events = np.flatnonzero(chosen)
    journey = index.journey[events]
    after_same = np.zeros(events.shape[0], dtype=bool)
    after_same[1:] = journey[1:] == journey[:-1]
    keep = np.ones(events.shape[0], dtype=bool)
    if query.previous is not None:
        code = index.touchpoints.get(query.previous, -1)
        before = np.zeros(events.shape[0], dtype=bool)
        before[1:] = index.touchpoint[events[:-1]] == code
        keep &= after_same & before
    if query.position == "first":
        keep &= ~after_same
    elif query.position == "last":
        before_same = np.zeros(events.shape[0], dtype=bool)
        before_same[:-1] = after_same[1:]
        keep &= ~before_same
    fits[:] = False
    fits[events[keep]] = True
    return fits


def _seconds(moment: datetime) -> int:
    # The log counts whole seconds since the epoch in the store's own (naive) time.
    naive = moment.replace(tzinfo=None)
    return int((naive - _EPOCH).total_seconds())


def _channel(value: str) -> str:
    try:
        return Channel.parse(value).value
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None


_views: weakref.WeakKeyDictionary[Cxladder, JourneyViews] = weakref.WeakKeyDictionary()
_views_lock = threading.Lock()


def journey_views(cx: Cxladder) -> JourneyViews:
    """The one `JourneyViews` of this Cxladder, so every request shares its caches."""
    with _views_lock:
        found = _views.get(cx)
        if found is None:
            found = _views[cx] = JourneyViews(cx)
        return found
