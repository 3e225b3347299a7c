"""The API keeps one `Journeys` per organisation: the most recent few, none older than max_age."""

from __future__ import annotations

import threading
import time

import pytest

from cxladder.api.kept_journeys import KeptJourneys
from cxladder.app import Cxladder


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _held(kept: KeptJourneys, organization: str) -> object:
    with kept.using(organization) as journeys:
        return journeys


def test_the_same_organisation_gets_the_same_journeys(cx: Cxladder) -> None:
    kept = KeptJourneys(cx)
    assert _held(kept, "north") is _held(kept, "north")
    assert _held(kept, "north") is not _held(kept, "south")


def test_only_the_most_recent_organisations_are_kept(cx: Cxladder) -> None:
    kept = KeptJourneys(cx, keep=2)
    north, south = _held(kept, "north"), _held(kept, "south")
    assert _held(kept, "north") is north  # asked again: now the most recent
    _held(kept, "east")  # three asked: the least recent, south, is dropped
    assert _held(kept, "north") is north
    assert _held(kept, "south") is not south


def test_a_kept_log_is_rebuilt_after_max_age(cx: Cxladder) -> None:
    ticks = Ticks()
    kept = KeptJourneys(cx, max_age=60, clock=ticks)
    first = _held(kept, "north")
    ticks.now = 59
    assert _held(kept, "north") is first
    ticks.now = 61
    assert _held(kept, "north") is not first


def test_one_request_at_a_time_per_organisation(cx: Cxladder) -> None:
    kept = KeptJourneys(cx)
    inside: list[str] = []
    overlap = threading.Event()

    def work(organization: str) -> None:
        with kept.using(organization):
            if any(o == organization for o in inside):
                overlap.set()
            inside.append(organization)
            time.sleep(0.05)
            inside.remove(organization)

    threads = [threading.Thread(target=work, args=(o,)) for o in ("north",) * 4 + ("south",) * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not overlap.is_set()
    kept.close()


def test_keep_must_be_positive(cx: Cxladder) -> None:
    with pytest.raises(ValueError, match="keep"):
        KeptJourneys(cx, keep=0)
