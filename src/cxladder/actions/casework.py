"""Case work on the action desk: the closed loop from a bad moment to a recovered customer."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from cxladder.actions.base import DeskBase
from cxladder.actions.cases import CaseRules, Recovery, check_transition, follow_up_question
from cxladder.actions.cases import plan_cases as _plan_cases
from cxladder.actions.cases import recovery as _recovery
from cxladder.actions.records import (
    Case,
    CaseNote,
    CaseStatus,
)
from cxladder.errors import InvalidInput, NotFound
from cxladder.model import ServiceLevel

__all__ = ["CaseWork"]


class CaseWork(DeskBase):
    """Closed-loop cases: open, assign, note, resolve, close with follow-up, recovery."""

    def open_cases(
        self, *, organization: str | None = None, rules: CaseRules | None = None
    ) -> list[Case]:
        """Open a case for every new Criminal or Basic moment (per the rules); returns new ones.

        Moments already in a case are skipped, and a moment whose customer already has an open
        case for the same need joins that case, so running this twice opens nothing new.
        Moments after the clock's now (imported ahead of time) wait for their turn.
        """
        org = self._org(organization).key
        rules = rules or CaseRules()
        now = self.clock()
        moments = self.repo.low_moments(org, rules.levels, until=now)
        new, attach = _plan_cases(
            moments, self.repo.open_cases_by_need(org), self.store.touchpoints(org), rules, now
        )
        ids = self.repo.add_cases(org, new, attach)
        return self.repo.cases(case_ids=ids) if ids else []

    def cases(
        self,
        *,
        organization: str | None = None,
        status: CaseStatus | None = None,
        owner: str | None = None,
        customer_id: str | None = None,
        breached_only: bool = False,
    ) -> list[Case]:
        org = self._org(organization).key
        found = self.repo.cases(org, status=status, owner=owner, customer_id=customer_id)
        if breached_only:
            now = self.clock()
            found = [c for c in found if c.breached(now)]
        return found

    def case(self, case_id: int) -> Case:
        return self.repo.case(case_id)

    def _move(self, case_id: int, target: CaseStatus, note: str, actor: str | None) -> Case:
        case = self.repo.case(case_id)
        check_transition(case, target)
        return self._save(replace(case, status=target), note, actor)

    def _save(self, case: Case, note: str, actor: str | None) -> Case:
        """Write the case and a note on it; the returned value is what the store now holds."""
        self.repo.save_case(case)
        written = CaseNote(self.clock(), actor or self.actor, note)
        self.repo.add_note(case.id, written)
        return replace(case, notes=(*case.notes, written))

    def assign(self, case_id: int, owner: str, *, actor: str | None = None) -> Case:
        if not owner.strip():
            raise InvalidInput("give the owner's name or team to assign the case to")
        case = self.repo.case(case_id)
        if case.status == CaseStatus.CLOSED:
            raise InvalidInput(f"case {case_id} is closed; it cannot be reassigned")
        note = f"assigned to {owner} (was {case.owner or 'nobody'})"
        return self._save(replace(case, owner=owner), note, actor)

    def start(self, case_id: int, *, actor: str | None = None) -> Case:
        return self._move(case_id, CaseStatus.IN_PROGRESS, "work started", actor)

    def note(self, case_id: int, text: str, *, author: str | None = None) -> Case:
        if not text.strip():
            raise InvalidInput("a case note needs text; say what was done or learned")
        case = self.repo.case(case_id)
        self._audit(case.organization, case.customer_id, "case-note", actor=author)
        return self._save(case, text.strip(), author)

    def resolve(self, case_id: int, resolution: str, *, actor: str | None = None) -> Case:
        if not resolution.strip():
            raise InvalidInput("say how the case was resolved (what the customer got)")
        case = self.repo.case(case_id)
        check_transition(case, CaseStatus.RESOLVED)
        resolved = replace(case, status=CaseStatus.RESOLVED, resolution=resolution)
        return self._save(resolved, "resolved", actor)

    def close(self, case_id: int, *, resolution: str = "", actor: str | None = None) -> Case:
        """Close the case; with contact consent the customer gets the follow-up question."""
        case = self.repo.case(case_id)
        check_transition(case, CaseStatus.CLOSED)
        resolution = resolution.strip() or case.resolution
        if not resolution:
            raise InvalidInput(
                f"case {case_id} has no resolution yet; close it with --resolution "
                "'what was done for the customer'"
            )
        now = self.clock()
        question, sent = self._follow_up(case, resolution, now)
        closed = replace(
            case,
            status=CaseStatus.CLOSED,
            closed_at=now,
            resolution=resolution,
            follow_up_question=question,
            follow_up_sent_at=sent,
        )
        note = "closed; follow-up sent" if sent else "closed; no follow-up (no contact consent)"
        return self._save(closed, note, actor)

    def _follow_up(self, case: Case, resolution: str, now: datetime) -> tuple[str, datetime | None]:
        try:
            customer = self._customer(case.organization, case.customer_id)
        except NotFound:
            return "", None
        if not customer.consent.contact:
            return "", None
        where = self.store.touchpoints(case.organization).get(case.touchpoint)
        question = follow_up_question(
            where.name if where else case.touchpoint, resolution, customer.language or "nl"
        )
        return question, now

    def record_follow_up(self, case_id: int, level: ServiceLevel | int) -> Case:
        """The customer's answer to the follow-up: the level after recovery."""
        case = self.repo.case(case_id)
        if case.status != CaseStatus.CLOSED or case.follow_up_sent_at is None:
            raise InvalidInput(
                f"case {case_id} has no follow-up question out; close it first (with the "
                "customer's contact consent)"
            )
        answer = ServiceLevel.parse(level)
        answered = replace(case, level_after=answer, followed_up_at=self.clock())
        self.repo.save_case(answered)
        return answered

    def recovery(self, *, organization: str | None = None) -> Recovery:
        org = self._org(organization).key
        return _recovery(self.repo.cases(org), self.repo.visits(org), self.clock())
