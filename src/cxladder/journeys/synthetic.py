"""A seeded, synthetic journey log of any size, for tests, benchmarks and trying the measures.

Journeys walk a fixed network of twenty touchpoints of a retailer launching a new product
(queue at opening, greeter, web shop, helpdesk...) as a Markov chain, so paths repeat enough
to have variants; about ten events per journey; some customers come back for a second
journey; levels are given on part of the events, worse after long waits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from cxladder.model import Assessment, Channel, Organization, ServiceLevel, Touchpoint
from cxladder.store.repo import EXPERIENCE_COLUMNS, Store

__all__ = [
    "TOUCHPOINTS",
    "SyntheticTouchpoint",
    "store_log",
    "synthetic_log",
    "synthetic_touchpoints",
]


@dataclass(frozen=True, slots=True)
class SyntheticTouchpoint:
    key: str
    channel: str
    base_level: float
    mean_gap_minutes: float
    waits: bool = False


TOUCHPOINTS: tuple[SyntheticTouchpoint, ...] = (
    SyntheticTouchpoint("launch-announcement", "email", 3.4, 60 * 24 * 3),
    SyntheticTouchpoint("product-page", "web", 3.6, 30),
    SyntheticTouchpoint("queue-at-opening", "store", 2.2, 60 * 8, waits=True),
    SyntheticTouchpoint("greeter", "store", 4.6, 10),
    SyntheticTouchpoint("product-demo", "store", 4.1, 15),
    SyntheticTouchpoint("checkout", "store", 3.2, 20, waits=True),
    SyntheticTouchpoint("web-shop-basket", "web", 3.3, 10),
    SyntheticTouchpoint("web-payment", "web", 3.0, 5),
    SyntheticTouchpoint("order-confirmation", "email", 3.5, 2),
    SyntheticTouchpoint("partner-delivery", "partner", 2.9, 60 * 24 * 2),
    SyntheticTouchpoint("app-tracking", "app", 3.4, 60 * 6),
    SyntheticTouchpoint("unboxing", "on-site", 4.3, 60 * 3),
    SyntheticTouchpoint("setup-help", "phone", 2.7, 60 * 24, waits=True),
    SyntheticTouchpoint("helpdesk-chat", "app", 3.1, 60 * 4, waits=True),
    SyntheticTouchpoint("complaint", "phone", 1.9, 60 * 12, waits=True),
    SyntheticTouchpoint("repair-desk", "store", 3.0, 60 * 24 * 2, waits=True),
    SyntheticTouchpoint("replacement-no-receipt", "store", 5.4, 60),
    SyntheticTouchpoint("anniversary-surprise", "store", 5.8, 60 * 24 * 20),
    SyntheticTouchpoint("review-request", "email", 3.2, 60 * 24 * 7),
    SyntheticTouchpoint("loyalty-app", "app", 3.8, 60 * 24 * 10),
)


def _transitions(rng: np.random.Generator, size: int) -> np.ndarray:
    # A sparse-ish chain: each touchpoint leads mostly to a few others, like a real journey.
    weights = rng.dirichlet(np.full(size, 0.3), size=size)
    return np.cumsum(weights, axis=1)


def _walks(rng: np.random.Generator, lengths: np.ndarray, size: int) -> np.ndarray:
    """Touchpoint codes of every journey's events, journey after journey."""
    cumulative = _transitions(rng, size)
    entry = np.cumsum(rng.dirichlet(np.full(size, 0.5)))
    longest = int(lengths.max())
    walks = np.empty((lengths.size, longest), dtype=np.int16)
    walks[:, 0] = np.minimum(np.searchsorted(entry, rng.random(lengths.size)), size - 1)
    for step in range(1, longest):
        rows = cumulative[walks[:, step - 1]]
        draws = rng.random(lengths.size)[:, None]
        walks[:, step] = np.minimum((rows < draws).sum(axis=1), size - 1)
    mask = np.arange(longest)[None, :] < lengths[:, None]
    return walks[mask]


def _lengths(rng: np.random.Generator, events: int) -> np.ndarray:
    lengths = 1 + rng.poisson(9.0, size=max(1, events // 8 + 10))
    total = np.cumsum(lengths)
    count = int(np.searchsorted(total, events)) + 1
    lengths = lengths[:count].copy()
    lengths[-1] -= int(total[count - 1]) - events
    return lengths[lengths > 0]


def synthetic_log(
    events: int,
    *,
    seed: int = 7,
    assessed_share: float = 0.4,
    start: str = "2026-01-01",
    days: int = 180,
) -> pd.DataFrame:
    """`events` events in journeys of ~10, with event_id, customer_id, journey_id, touchpoint,
    channel, at, level (on about `assessed_share` of them), nps, ces and wait_minutes."""
    rng = np.random.default_rng(seed)
    lengths = _lengths(rng, events)
    codes = _walks(rng, lengths, len(TOUCHPOINTS))
    journey = np.repeat(np.arange(lengths.size), lengths)
    keys = np.array([tp.key for tp in TOUCHPOINTS], dtype=object)
    gap_means = np.array([tp.mean_gap_minutes for tp in TOUCHPOINTS]) * 60.0
    gaps = np.rint(rng.exponential(gap_means[codes])).astype(np.int64) + 1
    firsts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    gaps[firsts] = rng.integers(0, days * 86400, size=lengths.size)
    seconds = np.cumsum(gaps) - np.repeat(np.cumsum(gaps)[firsts] - gaps[firsts], lengths)
    waits_at = np.array([tp.waits for tp in TOUCHPOINTS])[codes]
    wait = np.where(waits_at, rng.gamma(2.0, 6.0, size=codes.size).round(1), np.nan)
    level = _levels(rng, codes, np.nan_to_num(wait), assessed_share)
    # A quarter of customers come back: their second journey shares their customer id.
    customer = np.where(
        rng.random(lengths.size) < 0.25,
        np.maximum(np.arange(lengths.size) - 1, 0),
        np.arange(lengths.size),
    )
    return pd.DataFrame(
        {
            "event_id": np.char.add("e", np.arange(codes.size).astype(str)),
            "customer_id": np.char.add("c", customer[journey].astype(str)),
            "journey_id": np.char.add("j", journey.astype(str)),
            "touchpoint": keys[codes],
            "channel": np.array([tp.channel for tp in TOUCHPOINTS], dtype=object)[codes],
            "at": pd.Timestamp(start) + pd.to_timedelta(seconds, unit="s"),
            "level": level,
            "nps": np.where(np.isnan(level), np.nan, np.clip(np.nan_to_num(level) * 2 - 2, 0, 10)),
            "ces": np.where(
                waits_at & ~np.isnan(level), np.clip(np.nan_to_num(wait) / 6, 1, 7), np.nan
            ),
            "wait_minutes": wait,
        }
    )


def _levels(
    rng: np.random.Generator, codes: np.ndarray, wait: np.ndarray, assessed_share: float
) -> np.ndarray:
    base = np.array([tp.base_level for tp in TOUCHPOINTS])[codes]
    raw = base + rng.normal(0.0, 0.9, size=codes.size) - wait / 30.0
    level = np.clip(np.rint(raw), 1, 6)
    return np.where(rng.random(codes.size) < assessed_share, level, np.nan)


def synthetic_touchpoints(organization: str) -> list[Touchpoint]:
    """The synthetic network's touchpoints, with targets: Desired, Surprising for the greeter."""
    return [
        Touchpoint(
            key=tp.key,
            name=tp.key.replace("-", " ").capitalize(),
            channel=Channel(tp.channel),
            organization=organization,
            target_level=ServiceLevel.SURPRISING if tp.key == "greeter" else ServiceLevel.DESIRED,
        )
        for tp in TOUCHPOINTS
    ]


def store_log(
    store: Store,
    frame: pd.DataFrame,
    *,
    organization: str,
    touchpoints: Sequence[Touchpoint] | None = None,
) -> int:
    """Write a log (event_id, customer_id, journey_id, touchpoint, at, level, ...) and its levels
    into the store as one import; the synthetic touchpoints unless others are given."""
    store.save_organization(Organization(key=organization, name=organization))
    chosen = synthetic_touchpoints(organization) if touchpoints is None else touchpoints
    store.save_touchpoints(organization, chosen)
    columns: dict[str, object] = {name: frame[name] for name in frame.columns if name != "level"}
    for name in EXPERIENCE_COLUMNS:
        if name not in columns:
            blank = name in ("text", "language", "staff")
            columns[name] = pd.Series("" if blank else None, index=frame.index)
    accepted = pa.Table.from_pandas(
        pd.DataFrame(columns)[list(EXPERIENCE_COLUMNS)].astype({"facts": "object"}),
        preserve_index=False,
    )
    store.add_batch(
        organization=organization,
        source="synthetic",
        fingerprint=f"synthetic-{len(frame)}",
        rows_read=len(frame),
        accepted=accepted,
        rejections=[],
    )
    ids = store.assessed_frame(organization, columns=["id", "event_id"]).set_index("event_id")["id"]
    levels = frame.dropna(subset=["level"])
    pairs = [
        (int(ids[event]), Assessment(str(event), ServiceLevel(int(level)), 1.0, judge="synthetic"))
        for event, level in zip(levels["event_id"], levels["level"], strict=True)
    ]
    store.save_assessments(pairs)
    return len(frame)
