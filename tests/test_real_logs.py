"""Two real, public process-mining logs read as journeys and checked against pm4py.

The logs live in ../shared/data/eventlogs (see its SOURCE.md); they are not copied into the
project. pm4py is a test-only peer (AGPL): the package never imports it.
"""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from cxladder.app import Cxladder
from cxladder.ingest.eventlog import EventLog, import_event_log, read_event_log
from cxladder.journeys.analysis import Journeys
from cxladder.journeys.drawing import draw_journey_map
from cxladder.model import Channel
from cxladder.settings import Settings
from cxladder.store.repo import Store

LOGS = Path(__file__).resolve().parents[2] / "shared" / "data" / "eventlogs"
RECEIPT = LOGS / "receipt.csv"
HELPDESK = LOGS / "helpdesk.xes.gz"

pytestmark = pytest.mark.skipif(
    not (RECEIPT.is_file() and HELPDESK.is_file()),
    reason=f"the real event logs are not in {LOGS}",
)
pm4py = pytest.importorskip("pm4py")

# (file, cases, events) as SOURCE.md states them; every event of both is a `complete` one.
COUNTS = [(RECEIPT, 1_434, 8_577), (HELPDESK, 4_580, 21_348)]


@pytest.fixture(scope="module")
def logs() -> dict[Path, EventLog]:
    return {path: read_event_log(path) for path in (RECEIPT, HELPDESK)}


@pytest.fixture(scope="module")
def pm4py_frames() -> dict[Path, pd.DataFrame]:
    with warnings.catch_warnings():
        # pm4py suggests an optional faster parser and shows progress bars; neither matters here.
        warnings.simplefilter("ignore")
        receipt = pm4py.format_dataframe(
            pd.read_csv(RECEIPT),
            case_id="case:concept:name",
            activity_key="concept:name",
            timestamp_key="time:timestamp",
        )
        helpdesk = pm4py.read_xes(str(HELPDESK))
    return {RECEIPT: receipt, HELPDESK: helpdesk}


def directly_follows(frame: pd.DataFrame) -> dict[tuple[str, str], int]:
    """Directly-follows counts of an experience frame, computed here independently."""
    ordered = frame.sort_values(["journey_id", "at"], kind="stable")
    following = ordered.groupby("journey_id", sort=False)["touchpoint"].shift(-1)
    present = following.notna()
    pairs = zip(ordered["touchpoint"][present], following[present], strict=True)
    return {(str(a), str(b)): n for (a, b), n in Counter(pairs).items()}


def variants(frame: pd.DataFrame) -> Counter[tuple[str, ...]]:
    ordered = frame.sort_values(["journey_id", "at"], kind="stable")
    paths = ordered.groupby("journey_id", sort=False)["touchpoint"].agg(list)
    return Counter(tuple(path) for path in paths)


def _counts(terminals: pd.DataFrame) -> dict[str, int]:
    return dict(zip(terminals["touchpoint"], terminals["journeys"], strict=True))


def _pm4py(call: Any, frame: pd.DataFrame) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(frame)


@pytest.mark.parametrize(("path", "cases", "events"), COUNTS, ids=["receipt", "helpdesk"])
def test_real_logs_are_read_completely(
    logs: dict[Path, EventLog], path: Path, cases: int, events: int
) -> None:
    log = logs[path]
    assert (log.cases, log.events, log.rows_read) == (cases, events, events)
    assert log.rejections == ()
    assert log.skipped_lifecycle == 0
    assert log.experiences["event_id"].is_unique
    assert log.experiences["at"].notna().all()


@pytest.mark.parametrize("path", [RECEIPT, HELPDESK], ids=["receipt", "helpdesk"])
def test_directly_follows_equals_pm4py(
    logs: dict[Path, EventLog], pm4py_frames: dict[Path, pd.DataFrame], path: Path
) -> None:
    dfg, starts, ends = _pm4py(pm4py.discover_dfg, pm4py_frames[path])
    frame = logs[path].experiences
    assert directly_follows(frame) == dict(dfg)
    ordered = frame.sort_values(["journey_id", "at"], kind="stable").groupby("journey_id")
    assert dict(Counter(ordered["touchpoint"].first())) == dict(starts)
    assert dict(Counter(ordered["touchpoint"].last())) == dict(ends)


@pytest.mark.parametrize("path", [RECEIPT, HELPDESK], ids=["receipt", "helpdesk"])
def test_variants_equal_pm4py(
    logs: dict[Path, EventLog], pm4py_frames: dict[Path, pd.DataFrame], path: Path
) -> None:
    theirs = _pm4py(pm4py.get_variants, pm4py_frames[path])
    assert variants(logs[path].experiences) == Counter(dict(theirs))


def test_receipt_channels_and_waits(logs: dict[Path, EventLog]) -> None:
    log = logs[RECEIPT]
    raw = pd.read_csv(RECEIPT, dtype=str)
    said = raw.drop_duplicates("case:concept:name").set_index("case:concept:name")["case:channel"]
    expected = said.map({"Internet": "web", "Desk": "on-site", "Post": "email", "e-mail": "email"})
    ours = log.experiences.drop_duplicates("journey_id").set_index("journey_id")["channel"]
    assert ours.fillna("?").to_dict() == expected.fillna("?").to_dict()
    assert dict(log.unmapped_channels) == {"Intern": int((raw["case:channel"] == "Intern").sum())}
    firsts = log.experiences.drop_duplicates("journey_id")["wait_minutes"]
    assert firsts.isna().all()
    assert (log.experiences["wait_minutes"].dropna() >= 0).all()
    assert {tp.channel for tp in log.touchpoints} == {Channel.WEB}


def test_helpdesk_customer_is_the_ticket_customer(logs: dict[Path, EventLog]) -> None:
    frame = logs[HELPDESK].experiences
    assert logs[HELPDESK].columns.customer == "customer"
    assert frame.groupby("journey_id")["customer_id"].nunique().max() == 1
    assert frame["customer_id"].nunique() < frame["journey_id"].nunique()
    assert set(frame["staff"]) >= {"Value 1", "Value 2"}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cxladder]:
    """Both logs imported (each as its own organisation) and placed on the ladder."""
    folder = tmp_path_factory.mktemp("real-logs")
    cx = Cxladder(Settings(database_url=str(folder / "cx.db"), rejects_dir=folder))
    for organization, path in ORGANIZATIONS.items():
        import_event_log(cx, path, organization=organization)
        cx.assess(organization)
    yield cx
    cx.close()


ORGANIZATIONS = {"receipt": RECEIPT, "helpdesk": HELPDESK}


@pytest.mark.slow
@pytest.mark.parametrize(("organization", "cases", "events"), [
    ("receipt", 1_434, 8_577), ("helpdesk", 4_580, 21_348)
])
def test_real_logs_import_through_the_store(
    imported: Cxladder, logs: dict[Path, EventLog], organization: str, cases: int, events: int
) -> None:
    store, path = imported.store, ORGANIZATIONS[organization]
    (first,) = store.batches(organization)
    assert (first["accepted"], first["rejected"], first["rows_read"]) == (events, 0, events)
    stored = store.assessed_frame(organization, columns=["journey_id", "touchpoint", "at"])
    assert (len(stored), stored["journey_id"].nunique()) == (events, cases)
    assert stored["level"].notna().all()
    assert directly_follows(stored) == directly_follows(logs[path].experiences)
    assert set(store.touchpoints(organization)) == set(stored["touchpoint"])


@pytest.mark.slow
@pytest.mark.postgres
def test_real_logs_import_on_postgresql(postgres_url: str) -> None:
    store = Store(postgres_url)
    store.upgrade()
    try:
        for organization, path in ORGANIZATIONS.items():
            result = import_event_log(store, path, organization=organization)
            assert (result.summary.accepted, result.summary.rejected) == (result.events, 0)
        again = import_event_log(store, RECEIPT, organization="receipt")
        assert (again.summary.accepted, again.summary.duplicates) == (0, 8_577)
        assert store.count("experiences") == 8_577 + 21_348
    finally:
        store.dispose()


@pytest.mark.slow
@pytest.mark.parametrize("organization", ["receipt", "helpdesk"])
def test_journey_map_of_real_logs_equals_pm4py(
    imported: Cxladder, pm4py_frames: dict[Path, pd.DataFrame], organization: str
) -> None:
    journeys = Journeys(imported.store)
    try:
        journey_map = journeys.journey_map(organization)
        top = journeys.variants(organization, top=5)
        pain = journeys.pain_moments(organization)
    finally:
        journeys.close()
    frame = pm4py_frames[ORGANIZATIONS[organization]]
    dfg, starts, ends = _pm4py(pm4py.discover_dfg, frame)
    edges = journey_map.edges
    steps = zip(edges["source"], edges["target"], strict=True)
    assert dict(zip(steps, edges["count"], strict=True)) == dfg
    assert _counts(journey_map.entries) == starts
    assert _counts(journey_map.exits) == ends
    theirs = Counter(dict(_pm4py(pm4py.get_variants, frame))).most_common(5)
    paths = zip(top["path"], top["journeys"], strict=True)
    ours = [(tuple(path.split(" > ")), n) for path, n in paths]
    assert ours == theirs
    assert not pain.empty
    svg = draw_journey_map(
        journey_map.nodes,
        journey_map.edges,
        entries=journey_map.entries,
        exits=journey_map.exits,
        title=organization,
    )
    drawn = ET.fromstring(svg)
    names = {t.text for t in drawn.iter("{http://www.w3.org/2000/svg}text")}
    assert any(name and "journeys" in name for name in names)
