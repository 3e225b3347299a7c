"""Cxladder: the one facade that the CLI, the API and the web pages call.

It owns the store, the judge and the clock, all injectable, so a test swaps any of them without
mocking internals: `Cxladder(settings, judge=MyJudge(), clock=lambda: fixed)`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from cxladder.demo.generate import generate
from cxladder.errors import InvalidInput, NotFound, StoreError
from cxladder.ingest.load import ImportSummary, import_file, import_frame
from cxladder.ingest.mapping import ColumnMapping
from cxladder.ladder.assess import LadderJudge
from cxladder.ladder.shares import level_shares
from cxladder.model import Assessment, Organization, ServiceLevel, Touchpoint
from cxladder.report.html import ReportInput, render_report
from cxladder.settings import Settings
from cxladder.store.repo import Store

__all__ = ["AssessSummary", "Cxladder", "DemoSummary", "Progress"]

Progress = Callable[[int], None]
"""Called with the number of rows just done, so a caller can draw a progress bar."""

DEFAULT_ORGANIZATION = "default"


@dataclass(frozen=True, slots=True)
class AssessSummary:
    assessed: int
    levels: dict[ServiceLevel, int] = field(default_factory=dict)
    judge: str = ""


@dataclass(frozen=True, slots=True)
class DemoSummary:
    organizations: list[str]
    customers: int
    imports: list[ImportSummary]
    assessed: AssessSummary


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
        return AssessSummary(sum(levels.values()), dict(levels), self.judge.name)

    def ladder(
        self, organization: str | None = None, *, by: Sequence[str] = ("touchpoint",)
    ) -> pd.DataFrame:
        """Share of experiences per level, grouped by touchpoint, channel or any column."""
        org = self.organization(organization).key
        frame = self.store.assessed_frame(org, columns=["touchpoint", "channel", "at"])
        return level_shares(frame.dropna(subset=["level"]), by=by)

    # -- outputs -------------------------------------------------------------------------------

    def report(
        self, out: Path, *, organizations: Sequence[str] | None = None, language: str = "en"
    ) -> Path:
        """Write the self-contained HTML report for the given organisations (default: all)."""
        keys = list(organizations) if organizations else [o.key for o in self.organizations()]
        if not keys:
            raise NotFound("nothing to report: the store holds no organisation yet")
        inputs = [
            ReportInput(
                organization=self.store.organization(key),
                touchpoints=self.store.touchpoints(key),
                experiences=self.store.assessed_frame(key),
            )
            for key in keys
        ]
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
        return DemoSummary(
            organizations=[o.key for o, _ in data.organizations],
            customers=len(data.customers),
            imports=imports,
            assessed=assessed,
        )
