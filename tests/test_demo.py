"""The demo generator: seeded, strict-valid, journeys that tell the seeds' stories, at scale."""

from __future__ import annotations

import re
from types import MappingProxyType

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxladder.demo.comments import TOPICS, CommentBank
from cxladder.demo.generate import DemoData, generate
from cxladder.demo.organizations import DEMO_ORGANIZATIONS
from cxladder.errors import InvalidInput
from cxladder.model import SCORE_RANGES, Channel, Experience, ServiceLevel
from cxladder.store.repo import EXPERIENCE_COLUMNS


@pytest.fixture(scope="module")
def demo() -> DemoData:
    return generate()


@pytest.fixture(scope="module")
def rows(demo: DemoData) -> pd.DataFrame:
    """Experiences with the intended level alongside, for the tests' own analysis."""
    return demo.experiences.assign(level=demo.intended_levels)


def _org(rows: pd.DataFrame, key: str) -> pd.DataFrame:
    return rows[rows["organization"] == key]


# -- determinism and input ------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_bytes() -> None:
    first, second = generate(customers=300, seed=3), generate(customers=300, seed=3)
    assert first.experiences.to_csv() == second.experiences.to_csv()
    assert first.customers == second.customers
    assert first.intended_levels.equals(second.intended_levels)
    other = generate(customers=300, seed=4)
    assert other.experiences.to_csv() != first.experiences.to_csv()


def test_a_given_start_moves_the_whole_period() -> None:
    later = generate(customers=60, seed=1, start=pd.Timestamp("2027-03-01").to_pydatetime())
    base = generate(customers=60, seed=1)
    shift = later.experiences["at"] - base.experiences["at"]
    assert shift.nunique() == 1
    assert shift.iloc[0] == pd.Timestamp("2027-03-01") - pd.Timestamp("2026-01-01")


@pytest.mark.parametrize(
    ("options", "named"),
    [({"customers": 0}, "customers"), ({"seed": -1}, "seed"), ({"days": 5}, "days")],
)
def test_bad_options_are_refused_with_the_option_named(
    options: dict[str, int], named: str
) -> None:
    with pytest.raises(InvalidInput, match=named):
        generate(**options)  # type: ignore[arg-type]


@settings(max_examples=25, deadline=None)
@given(customers=st.integers(1, 80), seed=st.integers(0, 2**32))
def test_any_size_and_seed_gives_strict_valid_rows(customers: int, seed: int) -> None:
    data = generate(customers=customers, seed=seed)
    frame = data.experiences
    assert list(frame.columns) == ["organization", *EXPERIENCE_COLUMNS]
    assert len(data.customers) == customers and len(frame) == len(data.intended_levels)
    assert data.intended_levels.between(1, 6).all()
    assert not frame.duplicated(["organization", "event_id"]).any()
    for organization, touchpoints in data.organizations:
        own = frame.loc[frame["organization"] == organization.key, "touchpoint"]
        assert set(own) <= {tp.key for tp in touchpoints}


# -- schema ---------------------------------------------------------------------------------------


def test_columns_are_the_store_import_columns(demo: DemoData) -> None:
    frame = demo.experiences
    assert list(frame.columns) == ["organization", *EXPERIENCE_COLUMNS]
    assert pd.api.types.is_datetime64_any_dtype(frame["at"])
    for name in (*SCORE_RANGES, "wait_minutes", "delay_minutes"):
        assert pd.api.types.is_float_dtype(frame[name]), name
    for name in ("event_id", "customer_id", "touchpoint", "journey_id", "channel", "text",
                 "language", "staff"):
        assert pd.api.types.is_string_dtype(frame[name]), name
        assert frame[name].notna().all(), name
    assert demo.intended_levels.index.equals(frame.index)
    assert set(demo.intended_levels.unique()) == set(range(1, 7))


def test_values_are_on_their_scales(demo: DemoData) -> None:
    frame = demo.experiences
    for name, (low, high) in SCORE_RANGES.items():
        values = frame[name].dropna()
        assert len(values) > 500, name
        assert values.between(low, high).all(), name
    for name in ("wait_minutes", "delay_minutes"):
        assert (frame[name].dropna() >= 0).all()
    assert set(frame["channel"]) <= {c.value for c in Channel}
    assert set(frame["language"]) == {"nl", "en"}


def test_touchpoints_and_ids_pass_a_strict_import(demo: DemoData) -> None:
    frame = demo.experiences
    for organization, touchpoints in demo.organizations:
        own = frame[frame["organization"] == organization.key]
        assert set(own["touchpoint"]) == {tp.key for tp in touchpoints}
        assert own["event_id"].is_unique
        customers = {c.id for c in demo.customers if c.organization == organization.key}
        assert set(own["customer_id"]) <= customers


def test_every_row_makes_a_valid_experience(demo: DemoData) -> None:
    sample = demo.experiences.sample(3000, random_state=1)
    for row in sample.itertuples(index=False):
        facts = dict(row.facts or {})
        for name in ("wait_minutes", "delay_minutes"):
            value = getattr(row, name)
            if not np.isnan(value):
                facts[name] = value
        scores = {n: None if np.isnan(v) else v for n in SCORE_RANGES if (v := getattr(row, n))
                  is not None}
        Experience(
            id=row.event_id, customer_id=row.customer_id, touchpoint=row.touchpoint,
            at=row.at.to_pydatetime(), organization=row.organization,
            channel=Channel.parse(row.channel), journey_id=row.journey_id, text=row.text,
            language=row.language, staff=row.staff, facts=MappingProxyType(facts), **scores,
        )


# -- organisations and customers -------------------------------------------------------------------


def test_three_organisations_with_brand_promises_and_expectations(demo: DemoData) -> None:
    orgs = {org.key: (org, {tp.key: tp for tp in tps}) for org, tps in demo.organizations}
    assert list(orgs) == ["restaurant", "themepark", "telecom"]
    for org, touchpoints in orgs.values():
        assert org.name and org.brand.statement and org.brand.values
        assert set(org.brand.targets) == set(touchpoints)
        assert all(tp.owner and tp.stage and tp.organization == org.key
                   for tp in touchpoints.values())
    seating = orgs["restaurant"][1]["seating"].expectation("wait_minutes")
    assert seating is not None and (seating.expected, seating.unacceptable) == (5, 20)
    queue = orgs["themepark"][1]["entrance_queue"].expectation("wait_minutes")
    assert queue is not None and (queue.expected, queue.unacceptable) == (15, 45)
    assert orgs["telecom"][1]["delivery"].expectation("delay_minutes") is not None
    assert orgs["telecom"][1]["call_centre"].expectation("wait_minutes") is not None
    assert orgs["telecom"][1]["partner"].channel is Channel.PARTNER
    assert orgs["themepark"][0].brand.target_for("greeter") is ServiceLevel.SURPRISING


def test_customers_are_unique_bilingual_and_some_have_occasions(demo: DemoData) -> None:
    keys = [(c.organization, c.id) for c in demo.customers]
    assert len(keys) == len(set(keys)) == 3000
    english = np.mean([c.language == "en" for c in demo.customers])
    assert 0.25 < english < 0.35
    assert all(re.fullmatch(r"[a-z.]+\d+@example\.(nl|com)", c.email) for c in demo.customers)
    kinds = {o.kind for c in demo.customers for o in c.occasions}
    assert kinds == {"birthday", "wedding anniversary"}
    assert {c.consent.personalisation for c in demo.customers} == {True, False}
    assert len({c.segment for c in demo.customers}) >= 10


# -- journeys -------------------------------------------------------------------------------------


def test_a_journey_belongs_to_one_customer_and_runs_forward(rows: pd.DataFrame) -> None:
    per_journey = rows.groupby(["organization", "journey_id"])
    assert (per_journey["customer_id"].nunique() == 1).all()
    ordered = rows.sort_values(["organization", "journey_id", "event_id"])
    steps_back = ordered.groupby(["organization", "journey_id"])["at"].diff().dt.total_seconds()
    assert (steps_back.dropna() >= 0).all()


def test_the_launch_night_queue_and_weeks_of_waiting(rows: pd.DataFrame) -> None:
    telecom = _org(rows, "telecom")
    queue = telecom[telecom["touchpoint"] == "launch_queue"]
    assert len(queue) > 50
    evening = queue["at"].min().normalize() + pd.Timedelta(hours=19)
    assert evening.hour == 19 and queue["at"].min() >= evening
    assert queue["at"].max() <= evening + pd.Timedelta(hours=8)  # one launch night
    assert queue["wait_minutes"].min() >= 7 * 60  # all night, until the doors open at eight
    opened = telecom[telecom["journey_id"].isin(queue["journey_id"])
                     & (telecom["touchpoint"] == "store")]["at"]
    assert (opened.dt.hour == 8).all()
    waited_until = queue["at"] + pd.to_timedelta(queue["wait_minutes"], unit="min")
    assert (waited_until.dt.hour == 8).mean() > 0.95
    journeys = telecom.sort_values("event_id").groupby("journey_id")
    ordered_at = journeys["at"].first()
    delivered_at = telecom[telecom["touchpoint"] == "delivery"].groupby("journey_id")["at"].min()
    waited = (delivered_at - ordered_at.reindex(delivered_at.index)).dt.days
    assert (waited >= 21).sum() > 50  # the pre-orders wait weeks
    assert (telecom["delay_minutes"] > 7 * 24 * 60).sum() > 5  # some beyond the promise


def test_journeys_start_anywhere_partner_included(rows: pd.DataFrame) -> None:
    telecom = _org(rows, "telecom").sort_values("event_id")
    starts = telecom.groupby("journey_id")["touchpoint"].first().value_counts()
    assert {"launch_queue", "web_order", "store", "partner", "app"} <= set(starts.index)
    park_starts = _org(rows, "themepark").groupby("journey_id")["touchpoint"].first()
    assert set(park_starts) == {"tickets", "entrance_queue"}


def test_customers_come_back_more_after_good_journeys(rows: pd.DataFrame) -> None:
    journeys = rows.groupby(["organization", "customer_id", "journey_id"], sort=False)["level"]
    summary = journeys.agg(["mean", "min"]).reset_index()
    summary["visit"] = summary.groupby(["organization", "customer_id"]).cumcount()
    summary["came_back"] = summary.groupby(["organization", "customer_id"])["visit"].shift(-1)
    first = summary[summary["visit"] == 0]
    assert first["came_back"].notna().mean() > 0.3
    good = first[first["mean"] >= 4.5]["came_back"].notna().mean()
    criminal = first[first["min"] == 1]["came_back"].notna().mean()
    assert good > criminal + 0.2


def test_pain_and_wow_moments_show(rows: pd.DataFrame) -> None:
    park = _org(rows, "themepark").groupby("touchpoint")["level"].mean()
    assert park["entrance_queue"] < park.drop("entrance_queue").min()
    assert park["greeter"] > park.drop(["greeter", "rides"]).max()
    telecom = _org(rows, "telecom").groupby("touchpoint")["level"].mean()
    assert telecom["call_centre"] < telecom["store"]


def test_the_greeter_surprises_less_over_the_months_with_the_same_facts(
    rows: pd.DataFrame,
) -> None:
    greeter = _org(rows, "themepark").query("touchpoint == 'greeter'")
    month = greeter["at"].dt.month
    early, late = greeter[month <= 3], greeter[month >= 10]
    surprising = lambda part: (part["level"] >= 5).mean()  # noqa: E731
    assert surprising(early) > surprising(late) + 0.25
    assert abs(early["wait_minutes"].mean() - late["wait_minutes"].mean()) < 0.3


# -- facts, scores and comments -------------------------------------------------------------------


def test_scores_follow_the_level_mostly_but_not_always(rows: pd.DataFrame) -> None:
    for name, sign in (("grade", 1), ("csat", 1), ("stars", 1), ("ces", -1)):
        scored = rows[rows[name].notna()]
        rho = scored["level"].corr(scored[name], method="spearman")
        assert sign * rho > 0.6, name
    # NPS is about the whole journey as remembered (its mean and its end), so it follows the
    # journey's mean level more loosely than a moment's score follows that moment.
    journey_level = rows.groupby(["organization", "journey_id"])["level"].transform("mean")
    scored = rows["nps"].notna()
    assert journey_level[scored].corr(rows.loc[scored, "nps"], method="spearman") > 0.4
    grade = rows[rows["grade"].notna()]
    high_but_bad = ((grade["grade"] >= 8) & (grade["level"] <= 2)).mean()
    assert 0 < high_but_bad < 0.05


def test_nps_is_asked_at_the_end_of_journeys(rows: pd.DataFrame) -> None:
    ordered = rows.sort_values(["organization", "event_id"])
    last = ~ordered.duplicated(["organization", "journey_id"], keep="last")
    nps = ordered["nps"].notna()
    assert (nps & last).sum() / nps.sum() > 0.9
    assert 0.4 < (nps & last).sum() / last.sum() < 0.6


def test_facts_follow_the_level_mostly_but_not_always(rows: pd.DataFrame) -> None:
    seating = _org(rows, "restaurant").query("touchpoint == 'seating'")
    assert seating["level"].corr(seating["wait_minutes"], method="spearman") < -0.6
    quick_but_criminal = (seating["wait_minutes"] <= 5) & (seating["level"] == 1)
    assert quick_but_criminal.sum() >= 1
    calls = _org(rows, "telecom").query("touchpoint == 'call_centre'")
    transfers = calls["facts"].map(lambda facts: facts["transfers"])
    assert transfers.corr(calls["level"], method="spearman") < -0.5
    assert rows.loc[rows["touchpoint"] != "call_centre", "facts"].isna().all()


def test_about_half_the_experiences_carry_a_comment_in_the_customers_language(
    rows: pd.DataFrame,
) -> None:
    commented = rows[rows["text"] != ""]
    assert 0.45 < len(commented) / len(rows) < 0.65
    english = commented["text"].str.contains(r"\b(?:the|they|with)\b", regex=True)
    dutch = commented["text"].str.contains(r"\b(?:het|de|een|we)\b", regex=True)
    assert english[commented["language"] == "en"].mean() > 0.6
    assert english[commented["language"] == "nl"].mean() < 0.05
    assert dutch[commented["language"] == "nl"].mean() > 0.6


def test_thousands_of_distinct_comments(rows: pd.DataFrame) -> None:
    commented = rows.loc[rows["text"] != "", "text"]
    assert commented.nunique() > 5000
    assert commented.nunique() / len(commented) > 0.5


@pytest.mark.parametrize(
    "phrase",
    ["prosecco", "niet slecht", "not bad at all", "25-jarig huwelijk", "birthday", "greeter",
     "nacht in de rij", "kitchen shop", "Geweldig hoor", "Great, just great", "bonnetje",
     "jas", "brood", "our name"],
)
def test_the_seeds_moments_are_in_the_comments(rows: pd.DataFrame, phrase: str) -> None:
    assert rows["text"].str.contains(phrase, regex=False).any()


def test_comments_mostly_match_the_level(rows: pd.DataFrame) -> None:
    commented = rows[rows["text"] != ""]
    low = commented["text"].str.contains("nooit meer|never again|Never coming back", regex=True)
    assert commented.loc[low, "level"].mean() < 2.3
    wow = commented["text"].str.contains("Legendarisch|Legendary|Ongelooflijk!|Unbelievable!")
    assert commented.loc[wow, "level"].mean() > 5.0
    assert commented.loc[wow, "level"].min() < 5  # not always


def test_some_comments_hold_personal_data_for_redaction(rows: pd.DataFrame) -> None:
    commented = rows.loc[rows["text"] != "", "text"]
    personal = commented.str.contains(r"@example\.|06-\d{8}", regex=True)
    assert 0.005 < personal.mean() < 0.03


def test_every_topic_has_phrases_at_every_level() -> None:
    topics = sorted({play.topic for org in DEMO_ORGANIZATIONS for play in org.plays})
    assert set(topics) <= set(TOPICS)
    bank = CommentBank(topics)
    assert (bank.moments.count > 0).all() and bank.moments.count.size == 2 * len(topics) * 6
    with pytest.raises(ValueError, match="no comment phrases"):
        CommentBank(["helicopter"])


# -- scale ----------------------------------------------------------------------------------------


def test_it_scales_with_the_number_of_customers() -> None:
    big = generate(customers=20_000, seed=11)
    per_customer = len(big.experiences) / 20_000
    assert 8.5 < per_customer < 11.5
    assert len(big.customers) == 20_000
    assert not big.experiences.duplicated(["organization", "event_id"]).any()
