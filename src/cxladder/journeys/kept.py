"""Journey analytics kept between requests, so a page on a million experiences answers at once.

`Journeys` re-reads the log when the store changed; this keeps its answers too (drift, pain and
wow moments, segments, the ladder columns) per organisation, per question and per filter, until
the store changes or `max_age` passes. New experiences, assessments and imports are seen at once
from the tops of three primary keys (`Store.change_marks`), which costs the same at any
size. Rows deleted (an erasure) or levels changed in place (a re-assessment) leave those marks
alone: they show after `forget(organization)` (call it after such a change) or `max_age`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

import pandas as pd

from cxladder.journeys.analysis import JourneyLogs, Journeys
from cxladder.journeys.standing import LadderColumns
from cxladder.store.repo import Store

__all__ = ["KeptAnswers"]

T = TypeVar("T")
Fingerprint = tuple[int, ...]


class KeptAnswers:
    """One `Journeys` over a store, with its answers kept while the store stays the same."""

    def __init__(
        self,
        store: Store,
        *,
        max_age: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
        logs: JourneyLogs | None = None,
    ) -> None:
        self.store = store
        self.logs = logs if logs is not None else JourneyLogs(store)
        self.journeys = Journeys(store, logs=self.logs)
        self.max_age = max_age
        self.clock = clock
        self._since = clock()
        self._answers: dict[tuple[Hashable, ...], tuple[Fingerprint, object]] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self.journeys.close()

    def fingerprint(self, organization: str) -> Fingerprint:
        return self.logs.marks(organization)

    def kept(self, key: tuple[Hashable, ...], organization: str, compute: Callable[[], T]) -> T:
        """The answer kept under `key` while the organisation's experiences stay the same."""
        marks = self.fingerprint(organization)
        with self._lock:
            self._start_afresh_when_old()
            hit = self._answers.get(key)
            if hit is not None and hit[0] == marks:
                return hit[1]  # type: ignore[return-value]
            value = compute()
            self._forget_older(organization, marks)
            self._answers[key] = (marks, value)
            return value

    def forget(self, organization: str) -> None:
        """Drop what is kept about the organisation, after a change the marks do not show."""
        with self._lock:
            self.logs.forget(organization)  # the log itself would not see it either
            for key in [k for k in self._answers if k[0] == organization]:
                del self._answers[key]

    def _start_afresh_when_old(self) -> None:
        # The logs age out by themselves; answers computed from them must go with them.
        if self.clock() - self._since >= self.max_age:
            self._answers.clear()
            self._since = self.clock()

    def _forget_older(self, organization: str, current: Fingerprint) -> None:
        # Answers about an earlier state of the store are never asked for again.
        stale = [k for k, v in self._answers.items() if k[0] == organization and v[0] != current]
        for key in stale:
            del self._answers[key]

    # -- the questions the pages ask -----------------------------------------------------------

    def columns(self, organization: str) -> LadderColumns:
        return self.kept(
            (organization, "columns"),
            organization,
            lambda: LadderColumns.of(self.journeys.log(organization)),
        )

    def drift(self, organization: str) -> pd.DataFrame:
        return self.kept(
            (organization, "drift"), organization, lambda: self.journeys.drift(organization)
        )

    def pain_moments(
        self, organization: str, *, segment: int | None = None, channel: str | None = None
    ) -> pd.DataFrame:
        return self.kept(
            (organization, "pain", segment, channel, self._targets(organization)),
            organization,
            lambda: self.journeys.pain_moments(organization, segment=segment, channel=channel),
        )

    def wow_moments(
        self, organization: str, *, segment: int | None = None, channel: str | None = None
    ) -> pd.DataFrame:
        return self.kept(
            (organization, "wow", segment, channel, self._targets(organization)),
            organization,
            lambda: self.journeys.wow_moments(organization, segment=segment, channel=channel),
        )

    def _targets(self, organization: str) -> tuple[Hashable, ...]:
        """The target levels pain and wow are measured against: part of their key, because a
        change in Settings moves none of the store's marks."""
        brand = self.store.organization(organization).brand
        own = sorted(
            (k, int(tp.target_level)) for k, tp in self.store.touchpoints(organization).items()
        )
        promised = sorted((k, int(level)) for k, level in brand.targets.items())
        return (int(brand.default_target), tuple(own), tuple(promised))

    def segments(self, organization: str) -> pd.DataFrame:
        return self.kept(
            (organization, "segments"), organization, lambda: self.journeys.segments(organization)
        )
