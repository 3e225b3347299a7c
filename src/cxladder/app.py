"""Cxladder: the one facade that the CLI, the API and the web pages call.

It owns the store, the judge and the clock, all injectable, so a test swaps any of them without
mocking internals: `Cxladder(settings, judge=MyJudge(), clock=lambda: fixed)`.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pandas as pd

from cxladder.actions.demo import seed_demo_actions
from cxladder.actions.desk import ActionDesk
from cxladder.actions.sections import action_sections
from cxladder.actions.trust import ErasureReport
from cxladder.demo.generate import generate
from cxladder.errors import InvalidInput, NotAuthenticated, NotFound, StoreError
from cxladder.ingest.eventlog import EventLogImport, EventLogMapping, import_event_log
from cxladder.ingest.load import ImportSummary, import_file, import_frame
from cxladder.ingest.mapping import ColumnMapping
from cxladder.journeys.analysis import JourneyLogs, Journeys
from cxladder.journeys.sections import journey_sections
from cxladder.ladder.assess import LadderJudge
from cxladder.ladder.shares import Headline, level_shares
from cxladder.ladder.snapshot import LadderSnapshots
from cxladder.model import (
    Assessment,
    Experience,
    Organization,
    Principal,
    Role,
    ServiceLevel,
    Touchpoint,
)
from cxladder.report.html import ReportInput, render_report
from cxladder.settings import Settings
from cxladder.store import settings_queries
from cxladder.store.access import AccessRepo
from cxladder.store.repo import PendingExperience, Rejection, Store, StoredExperience
from cxladder.store.writer import GroupCommitter
from cxladder.surveys import SurveyLink, open_link, seal_link
from cxladder.text.analyst import TextAnalyst
from cxladder.text.redaction import redact
from cxladder.webhooks import event_payload

__all__ = [
    "AssessSummary",
    "Cxladder",
    "DemoSummary",
    "Overview",
    "Progress",
    "SurveyAnswer",
]

T = TypeVar("T")

Progress = Callable[[int], None]
"""Called with the number of rows just done, so a caller can draw a progress bar."""

DEFAULT_ORGANIZATION = "default"
SESSION_LIFETIME = timedelta(hours=12)


@dataclass(frozen=True, slots=True)
class AssessSummary:
    assessed: int
    levels: dict[ServiceLevel, int] = field(default_factory=dict)
    judge: str = ""


@dataclass(frozen=True, slots=True)
class SurveyAnswer:
    nps: float | None = None
    csat: float | None = None
    ces: float | None = None
    text: str = ""
    language: str = ""


@dataclass(frozen=True)
class Overview:
    organization: Organization
    touchpoints: dict[str, Touchpoint]
    channels: list[str]
    headline: Headline
    per_touchpoint: pd.DataFrame
    trend: pd.DataFrame
    daily_delta: float | None
    """Mean level on the last day with experiences minus the day before ("a little better
    every day"); None with fewer than two days."""


@dataclass(frozen=True, slots=True)
class DemoSummary:
    organizations: list[str]
    customers: int
    imports: list[ImportSummary]
    assessed: AssessSummary


_INT64 = 2**63


def _cell(value: object) -> object:
    """A JSON value as a table cell: nested values and integers beyond 64 bits stay as their
    JSON text, so the importer judges (and quarantines) them instead of failing on them."""
    if isinstance(value, dict | list) or (isinstance(value, int) and abs(value) >= _INT64):
        return json.dumps(value, ensure_ascii=False)
    return value


class _Recent:
    """Values loaded at most once per `seconds`: the server's hot path reads keys, touchpoints
    and webhooks on every response, and they change rarely. A change made through this facade
    clears the cache at once; one made by another process shows within `seconds`."""

    def __init__(self, seconds: float = 5.0) -> None:
        self.seconds = seconds
        self._values: dict[object, tuple[float, object]] = {}

    def get(self, key: object, load: Callable[[], T]) -> T:
        now = time.monotonic()
        hit = self._values.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]  # type: ignore[return-value]
        value = load()
        self._values[key] = (now + self.seconds, value)
        return value

    def clear(self) -> None:
        self._values.clear()


class Cxladder:
    """Every experience of every customer on the service ladder, with the reasons why."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        store: Store | None = None,
        judge: LadderJudge | None = None,
        clock: Callable[[], datetime] = datetime.now,
        upgrade: bool | None = None,
    ) -> None:
        self.settings = settings or Settings()
        self.store = store or Store(self.settings.url())
        self.judge = judge or LadderJudge()
        self.clock = clock
        self.access = AccessRepo(self.store.engine)
        self._recent = _Recent()
        self._committer: GroupCommitter | None = None
        self.actions = ActionDesk(self.store, clock=self.clock)
        self.snapshots = LadderSnapshots(self.store)
        self.journey_logs = JourneyLogs(self.store)
        self.text = TextAnalyst(self.store, self.settings)
        # The embedded default is one user's own file: bring it up to date silently. A shared
        # PostgreSQL is upgraded on purpose, with `cxladder db upgrade`.
        if upgrade is None:
            upgrade = self.store.dialect == "sqlite"
        if upgrade:
            self.store.upgrade()
        elif not self.store.is_current():
            raise StoreError(
                "the database schema is not up to date; run `cxladder db upgrade` first"
            )

    def close(self) -> None:
        self.stop_group_commit()
        self.store.dispose()

    def __enter__(self) -> Cxladder:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- organisations -------------------------------------------------------------------------

    def add_organization(
        self, organization: Organization, touchpoints: Sequence[Touchpoint] = ()
    ) -> None:
        self.store.save_organization(organization)
        if touchpoints:
            self.store.save_touchpoints(organization.key, touchpoints)

    def organizations(self) -> list[Organization]:
        return self.store.organizations()

    def organization(self, key: str | None = None) -> Organization:
        """The named organisation, or the only one there is."""
        if key is not None:
            return self.store.organization(key)
        known = self.store.organizations()
        if len(known) == 1:
            return known[0]
        if not known:
            raise NotFound(
                "the store holds no organisation yet; import a file or run `cxladder demo`"
            )
        names = ", ".join(o.key for o in known)
        raise InvalidInput(f"the store holds several organisations ({names}); name one with --org")

    def touchpoints(self, organization: str) -> dict[str, Touchpoint]:
        return self.store.touchpoints(organization)

    def save_touchpoint(self, touchpoint: Touchpoint) -> None:
        """Create or change one touchpoint; its position in the journey is kept."""
        known = self.store.touchpoints(touchpoint.organization)
        known[touchpoint.key] = touchpoint
        self.store.save_touchpoints(touchpoint.organization, list(known.values()))
        self._recent.clear()

    # -- access --------------------------------------------------------------------------------

    def create_key(self, organization: str, *, role: Role, name: str) -> str:
        """A new API key; the clear key is returned this once and only its hash is kept."""
        self.store.organization(organization)
        _, key = self.access.create_key(organization, role=role, name=name, now=self.clock())
        return key

    def principal(self, key: str) -> Principal | None:
        return self._recent.get(("key", key), lambda: self.access.principal(key))

    def add_user(
        self, organization: str, *, email: str, role: Role, password: str, name: str = ""
    ) -> int:
        """A person who signs in to the pages; the password is kept as an scrypt hash."""
        self.store.organization(organization)
        return self.access.add_user(
            organization, email=email, name=name, role=role, password=password, now=self.clock()
        )

    def sign_in(self, email: str, password: str) -> tuple[str, str]:
        """(session token, CSRF token); NotAuthenticated for a wrong e-mail or password."""
        started = self.access.start_session(email, password, now=self.clock(), ttl=SESSION_LIFETIME)
        if started is None:
            raise NotAuthenticated("wrong e-mail address or password")
        return started

    def session(self, token: str) -> tuple[Principal, str] | None:
        """The signed-in user of a session token and its CSRF token; None when expired."""
        return self.access.session(token, now=self.clock())

    def sign_out(self, token: str) -> None:
        self.access.end_session(token)

    def keys(self, organization: str) -> list[dict[str, object]]:
        return self.access.keys(organization)

    def revoke_key(self, organization: str, key_id: int) -> None:
        self.access.revoke(organization, key_id, now=self.clock())
        self._recent.clear()

    def _ensure_organization(self, key: str | None) -> str:
        if key is None:
            known = self.store.organizations()
            if len(known) == 1:
                return known[0].key
            key = DEFAULT_ORGANIZATION
        try:
            self.store.organization(key)
        except NotFound:
            self.store.save_organization(Organization(key=key, name=key))
        return key

    # -- ingest --------------------------------------------------------------------------------

    def import_file(
        self,
        path: Path,
        *,
        organization: str | None = None,
        mapping: ColumnMapping | None = None,
        strict: bool = False,
        progress: Progress | None = None,
    ) -> ImportSummary:
        """Import experiences from CSV, JSON Lines, Parquet or Excel; bad rows are quarantined."""
        org = self._ensure_organization(organization)
        return import_file(
            self.store,
            Path(path),
            organization=org,
            mapping=mapping,
            strict=strict,
            rejects_dir=self.settings.rejects_dir,
            progress=progress,
            chunk_rows=self.settings.batch_size,
            redact=redact if self.settings.redact else None,
        )

    def import_frame(
        self,
        frame: pd.DataFrame,
        *,
        organization: str | None = None,
        mapping: ColumnMapping | None = None,
        strict: bool = False,
        source: str = "dataframe",
        progress: Progress | None = None,
    ) -> ImportSummary:
        org = self._ensure_organization(organization)
        return import_frame(
            self.store,
            frame,
            organization=org,
            mapping=mapping,
            strict=strict,
            rejects_dir=self.settings.rejects_dir,
            source=source,
            progress=progress,
            chunk_rows=self.settings.batch_size,
            redact=redact if self.settings.redact else None,
        )

    def import_records(
        self, organization: str, records: Sequence[dict[str, object]], *, source: str
    ) -> tuple[ImportSummary, list[Rejection]]:
        """Import parsed records (from NDJSON) as one batch; returns what was rejected and why."""
        cells = [{k: _cell(v) for k, v in record.items()} for record in records]
        frame = pd.DataFrame.from_records(cells) if cells else pd.DataFrame()
        summary = self.import_frame(frame, organization=organization, source=source)
        self.assess(organization)
        return summary, self.store.rejections(summary.batch_id)

    # -- single experiences (the server's path) ------------------------------------------------

    def record(self, experience: Experience) -> tuple[Experience, Assessment]:
        """Assess one experience on arrival and store both, in one short transaction."""
        experience, assessment, pending = self._prepare(experience)
        if self._committer is not None:
            self._committer.submit(pending)
        else:
            self.store.add_experiences([pending], now=self.clock())
        return experience, assessment

    async def record_async(self, experience: Experience) -> tuple[Experience, Assessment]:
        """`record` for the server's event loop: waits for the group commit without a thread."""
        if self._committer is None:
            return await asyncio.to_thread(self.record, experience)
        experience, assessment, pending = self._prepare(experience)
        await self._committer.submit_async(pending)
        return experience, assessment

    def _prepare(self, experience: Experience) -> tuple[Experience, Assessment, PendingExperience]:
        org = experience.organization
        if self.settings.redact and experience.text:
            # Personal data never reaches the store or a webhook (settings.redact, on by default).
            experience = replace(experience, text=redact(experience.text)[0])
        touchpoints = self._recent.get(("touchpoints", org), lambda: self.store.touchpoints(org))
        assessment = self.judge.assess(experience, touchpoints.get(experience.touchpoint))
        hooks = self._recent.get(("webhooks", org), lambda: self.access.webhooks(org))
        outbox = [
            (hook.id, experience.id, event_payload(experience, assessment))
            for hook in hooks
            if int(assessment.level) in hook.levels
        ]
        return experience, assessment, PendingExperience(experience, assessment, tuple(outbox))

    def start_group_commit(self) -> None:
        """Let concurrent `record` calls share commits (the server does this while it runs)."""
        if self._committer is None:
            self._committer = GroupCommitter(self.store, clock=self.clock)

    def stop_group_commit(self) -> None:
        if self._committer is not None:
            self._committer.close()
            self._committer = None

    # -- webhooks and collection settings ------------------------------------------------------

    def add_webhook(
        self,
        organization: str,
        url: str,
        *,
        levels: Sequence[ServiceLevel] = (ServiceLevel.CRIMINAL, ServiceLevel.BASIC),
    ) -> tuple[int, str]:
        """Send experiences at these levels to `url`; returns the id and the signing secret."""
        self.store.organization(organization)
        if not url.startswith(("http://", "https://")):
            raise InvalidInput(f"webhook URL {url!r} must start with http:// or https://")
        added = self.access.add_webhook(
            organization, url=url, levels=[int(v) for v in levels], now=self.clock()
        )
        self._recent.clear()
        return added

    def remove_webhook(self, organization: str, webhook_id: int) -> None:
        """Stop sending to a webhook at once; its delivery log stays."""
        settings_queries.remove_webhook(self.store.engine, organization, webhook_id)
        self._recent.clear()

    def webhook_deliveries(self, organization: str) -> list[dict[str, object]]:
        """The delivery log: every event with its attempts, last status and error."""
        return self.access.deliveries(organization)

    def allow_origins(self, organization: str, origins: Sequence[str]) -> None:
        """The web sites allowed to embed this organisation's feedback widget."""
        self.store.organization(organization)
        for origin in origins:
            if not origin.startswith(("http://", "https://")) or origin.count("/") != 2:
                raise InvalidInput(
                    f"origin {origin!r} must look like https://www.example.nl (no path)"
                )
        self.access.set_allowed_origins(organization, origins)
        self._recent.clear()

    def allowed_origins(self, organization: str) -> set[str]:
        return self._recent.get(
            ("origins", organization), lambda: self.access.allowed_origins(organization)
        )

    # -- survey links (QR codes and e-mails) ---------------------------------------------------

    def survey_link(
        self,
        organization: str,
        touchpoint: str,
        *,
        customer_id: str | None = None,
        single_use: bool = False,
        valid_for: timedelta | None = None,
    ) -> str:
        """A signed token for /s/<token>: multi-use for a QR code, single-use for an e-mail."""
        if touchpoint not in self.store.touchpoints(organization):
            raise NotFound(f"no touchpoint {touchpoint!r} in organisation {organization!r}")
        return seal_link(
            self.access.instance_secret("survey-links"),
            organization=organization,
            touchpoint=touchpoint,
            customer_id=customer_id,
            single_use=single_use,
            expires=self.clock() + valid_for if valid_for else None,
        )

    def open_survey(self, token: str) -> SurveyLink:
        return open_link(self.access.instance_secret("survey-links"), token, now=self.clock())

    def answer_survey(self, token: str, answer: SurveyAnswer) -> tuple[Experience, Assessment]:
        """Store one survey answer; a single-use link answered twice is stored once."""
        link = self.open_survey(token)
        return self.collect(
            link.organization,
            link.touchpoint,
            answer,
            customer_id=link.customer_id,
            # A single-use link's nonce is the event id, so the second answer changes nothing.
            response_id=f"survey-{link.nonce}" if link.single_use else None,
        )

    def collect(
        self,
        organization: str,
        touchpoint: str,
        answer: SurveyAnswer,
        *,
        customer_id: str | None = None,
        response_id: str | None = None,
    ) -> tuple[Experience, Assessment]:
        """One response from a widget, QR code or e-mail link, assessed and stored at once."""
        return self.record(
            self._response(organization, touchpoint, answer, customer_id, response_id)
        )

    async def collect_async(
        self,
        organization: str,
        touchpoint: str,
        answer: SurveyAnswer,
        *,
        customer_id: str | None = None,
        response_id: str | None = None,
    ) -> tuple[Experience, Assessment]:
        """`collect` for the server's event loop."""
        return await self.record_async(
            self._response(organization, touchpoint, answer, customer_id, response_id)
        )

    def _response(
        self,
        organization: str,
        touchpoint: str,
        answer: SurveyAnswer,
        customer_id: str | None,
        response_id: str | None,
    ) -> Experience:
        if answer.nps is None and answer.csat is None and answer.ces is None and not answer.text:
            raise InvalidInput("a response needs a score (nps, csat or ces) or a comment")
        known = self._recent.get(
            ("touchpoints", organization), lambda: self.store.touchpoints(organization)
        )
        if touchpoint not in known:
            raise NotFound(f"touchpoint {touchpoint!r} is not one of this organisation's")
        return Experience(
            id=response_id or uuid.uuid4().hex,
            customer_id=customer_id or f"anonymous-{uuid.uuid4().hex}",
            touchpoint=touchpoint,
            at=self.clock(),
            organization=organization,
            nps=answer.nps,
            csat=answer.csat,
            ces=answer.ces,
            text=answer.text,
            language=answer.language,
        )

    def experience(
        self, organization: str, event_id: str
    ) -> tuple[StoredExperience, Assessment | None]:
        stored = self.store.experience(organization, event_id)
        return stored, self.store.assessment(stored.row_id)

    def experience_page(
        self,
        organization: str,
        *,
        touchpoint: str | None = None,
        channel: str | None = None,
        customer_id: str | None = None,
        level: int | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        sort: str = "-at",
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[tuple[StoredExperience, Assessment | None]], int]:
        """A filtered, sorted page of experiences with their levels, and the total count."""
        return self.store.experience_page(
            organization,
            touchpoint=touchpoint,
            channel=channel,
            customer_id=customer_id,
            level=level,
            since=since,
            until=until,
            sort=sort,
            limit=limit,
            offset=offset,
        )

    def import_event_log(
        self,
        path: Path,
        *,
        organization: str | None = None,
        mapping: EventLogMapping | None = None,
        all_lifecycles: bool = False,
        progress: Progress | None = None,
    ) -> EventLogImport:
        """Import a process-mining event log (CSV or XES, gzipped too): each case one journey."""
        org = self._ensure_organization(organization)
        return import_event_log(
            self.store,
            Path(path),
            organization=org,
            mapping=mapping,
            all_lifecycles=all_lifecycles,
            progress=progress,
        )

    # -- the ladder ----------------------------------------------------------------------------

    def assess(
        self,
        organization: str | None = None,
        *,
        reassess: bool = False,
        progress: Progress | None = None,
    ) -> AssessSummary:
        """Place every not yet assessed experience on the ladder (all of them with reassess)."""
        orgs = [organization] if organization else [o.key for o in self.store.organizations()]
        levels: Counter[ServiceLevel] = Counter()
        for org in orgs:
            touchpoints = self.store.touchpoints(org)
            for chunk in self.store.experiences(org, unassessed_only=not reassess):
                pairs: list[tuple[int, Assessment]] = []
                for stored in chunk:
                    experience = stored.experience
                    assessment = self.judge.assess(
                        experience, touchpoints.get(experience.touchpoint)
                    )
                    pairs.append((stored.row_id, assessment))
                    levels[assessment.level] += 1
                self.store.save_assessments(pairs)
                if progress is not None:
                    progress(len(pairs))
            # Levels changed in place move no change mark: what was read from them is stale.
            self.journey_logs.forget(org)
        self.snapshots.forget()
        return AssessSummary(sum(levels.values()), dict(levels), self.judge.name)

    def ladder(
        self, organization: str | None = None, *, by: Sequence[str] = ("touchpoint",)
    ) -> pd.DataFrame:
        """Share of experiences per level, grouped by touchpoint, channel or any column."""
        org = self.organization(organization).key
        frame = self.store.assessed_frame(org, columns=["touchpoint", "channel", "at"])
        return level_shares(frame.dropna(subset=["level"]), by=by)

    def overview(
        self,
        organization: str,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        channel: str | None = None,
        touchpoint: str | None = None,
    ) -> Overview:
        """What the dashboard's first page shows, for the chosen period, channel and touchpoint.

        Periods are whole days: `since` counts from the start of its day, `until` is the first
        day left out. Answered from the organisation's ladder snapshot, so any filter costs
        milliseconds however many experiences the store holds.
        """
        org = self.store.organization(organization)
        touchpoints = self.store.touchpoints(organization)
        snapshot = self.snapshots.get(organization)
        mask = snapshot.select(since=since, until=until, channel=channel, touchpoint=touchpoint)
        view = snapshot.view(mask, touchpoints=touchpoints, brand=org.brand)
        return Overview(
            organization=org,
            touchpoints=touchpoints,
            channels=sorted(snapshot.channels),
            headline=view.headline,
            per_touchpoint=view.per_touchpoint,
            trend=view.trend,
            daily_delta=view.daily_delta,
        )

    def erase_customer(
        self, customer_id: str, *, organization: str, actor: str | None = None
    ) -> ErasureReport:
        """GDPR erasure everywhere (see ActionDesk.erase_customer), including this process's
        dashboard snapshots and journey logs, which would otherwise keep the customer's moments
        for a few minutes."""
        report = self.actions.erase_customer(customer_id, organization=organization, actor=actor)
        self.snapshots.forget()
        self.journey_logs.forget(organization)
        return report

    def warm_up(self) -> None:
        """Read what the dashboard shows for every organisation, so no one waits for it later."""
        for organization in self.store.organizations():
            self.snapshots.get(organization.key)
            if self.store.count("experiences", organization.key):
                self.journey_logs.get(organization.key)

    def journeys(self, *, engine: str = "duckdb", spark_master: str | None = None) -> Journeys:
        """The journey analytics over this store, on DuckDB (default), PostgreSQL or Spark."""
        return Journeys(
            self.store, engine=engine, spark_master=spark_master, logs=self.journey_logs
        )

    # -- outputs -------------------------------------------------------------------------------

    def report(
        self, out: Path, *, organizations: Sequence[str] | None = None, language: str = "en"
    ) -> Path:
        """Write the self-contained HTML report for the given organisations (default: all)."""
        keys = list(organizations) if organizations else [o.key for o in self.organizations()]
        if not keys:
            raise NotFound("nothing to report: the store holds no organisation yet")
        inputs = []
        for key in keys:
            base = ReportInput(
                organization=self.store.organization(key),
                touchpoints=self.store.touchpoints(key),
                experiences=self.store.assessed_frame(key),
            )
            sections = [
                *journey_sections(base, language=language),
                *action_sections(base, desk=self.actions),
            ]
            inputs.append(replace(base, extra_sections=(*base.extra_sections, *sections)))
        return render_report(inputs, Path(out), generated_at=self.clock(), language=language)

    def demo(
        self, *, customers: int = 3_000, seed: int = 7, progress: Progress | None = None
    ) -> DemoSummary:
        """Fill the store with the seeded demo organisations, their customers and journeys."""
        data = generate(customers=customers, seed=seed)
        imports: list[ImportSummary] = []
        for organization, touchpoints in data.organizations:
            self.add_organization(organization, touchpoints)
        self.store.save_customers(data.customers)
        for organization, _ in data.organizations:
            rows = data.experiences[data.experiences["organization"] == organization.key]
            imports.append(
                self.import_frame(
                    rows.drop(columns=["organization"]),
                    organization=organization.key,
                    strict=True,
                    source=f"demo:{organization.key}:seed={seed}",
                    progress=progress,
                )
            )
        assessed = self.assess()
        for organization, _ in data.organizations:
            seed_demo_actions(self.store, organization.key, seed=seed)
        return DemoSummary(
            organizations=[o.key for o, _ in data.organizations],
            customers=len(data.customers),
            imports=imports,
            assessed=assessed,
        )
