"""Empowerment on the action desk: gestures, budgets, approvals, deviations, spend, effect."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from cxladder.actions.base import DeskBase
from cxladder.actions.gestures import (
    DEFAULT_BUDGETS,
    DEFAULT_CATALOGUE,
    GestureEffect,
    GestureSpend,
    decide,
    gesture_effects,
    month_of,
    spend_by_gesture,
)
from cxladder.actions.records import (
    Deviation,
    Gesture,
    GestureBudget,
    GestureGrant,
    GrantStatus,
)
from cxladder.actions.trust import (
    Purpose,
    require_consent,
)
from cxladder.actions.uplift import draw_holdout
from cxladder.errors import InvalidInput, NotFound

__all__ = ["GestureWork", "RoleSpend", "SpendReport"]


@dataclass(frozen=True, slots=True)
class RoleSpend:
    role: str
    monthly_budget: float
    approval_limit: float
    spent_this_month: float

    @property
    def remaining(self) -> float:
        return self.monthly_budget - self.spent_this_month


@dataclass(frozen=True, slots=True)
class SpendReport:
    by_gesture: tuple[GestureSpend, ...]
    by_role: tuple[RoleSpend, ...]
    pending: tuple[GestureGrant, ...]
    deviations: int

    @property
    def total(self) -> float:
        return sum(g.spent for g in self.by_gesture)


class GestureWork(DeskBase):
    """Empowered staff: gestures within budget, approvals above a limit, deviations, effect."""

    def set_catalogue(
        self, gestures: Sequence[Gesture], *, organization: str | None = None
    ) -> None:
        for gesture in gestures:
            if gesture.cost < 0:
                raise InvalidInput(f"gesture {gesture.key!r}: cost {gesture.cost} is negative")
        self.repo.save_catalogue(self._org(organization).key, gestures)

    def catalogue(self, *, organization: str | None = None) -> dict[str, Gesture]:
        """The organisation's gestures, or the built-in catalogue until it sets its own."""
        stored = self.repo.catalogue(self._org(organization).key)
        return stored or {g.key: g for g in DEFAULT_CATALOGUE}

    def set_budget(self, budget: GestureBudget, *, organization: str | None = None) -> None:
        if budget.monthly_budget < 0 or budget.approval_limit < 0:
            raise InvalidInput(f"role {budget.role!r}: budget and limit must not be negative")
        self.repo.save_budgets(self._org(organization).key, [budget])

    def budgets(self, *, organization: str | None = None) -> dict[str, GestureBudget]:
        """Built-in roles (host, agent, manager) unless overridden, plus the organisation's own."""
        stored = self.repo.budgets(self._org(organization).key)
        return {**{b.role: b for b in DEFAULT_BUDGETS}, **stored}

    def offer_gesture(
        self,
        customer_id: str,
        gesture: str,
        *,
        staff: str,
        role: str,
        organization: str | None = None,
        touchpoint: str = "",
        case_id: int | None = None,
        reason: str = "",
        holdout: float = 0.0,
    ) -> GestureGrant:
        """Give a gesture now, queue it for approval, or (with a hold-out share) withhold it.

        With `holdout` > 0 that share of offers is drawn at random and withheld, so the
        gesture's effect can later be measured against customers who did not get it.
        """
        org = self._org(organization).key
        item = self._gesture(org, gesture)
        if item.personal:
            require_consent(self._customer(org, customer_id), Purpose.PERSONALISATION)
        now = self.clock()
        if draw_holdout(self.rng, holdout):
            status, why = GrantStatus.WITHHELD, "random hold-out"
        else:
            start, end = month_of(now)
            spent = self.repo.spent(org, role, start, end)
            status, why = decide(item, self.budgets(organization=org).get(role), role, spent)
        grant = GestureGrant(
            0,
            org,
            customer_id,
            item.key,
            staff,
            role,
            item.cost,
            now,
            status,
            touchpoint,
            case_id,
            "; ".join(p for p in (reason, why) if p),
        )
        (grant_id,) = self.repo.add_grants([grant])
        return replace(grant, id=grant_id)

    def _gesture(self, org: str, key: str) -> Gesture:
        catalogue = self.catalogue(organization=org)
        if key not in catalogue:
            raise NotFound(f"no gesture {key!r} in the catalogue; known: {', '.join(catalogue)}")
        return catalogue[key]

    def _pending(self, org: str, grant_id: int) -> GestureGrant:
        found = self.repo.grants(org, grant_id=grant_id)
        if not found:
            raise NotFound(f"no gesture {grant_id} in organisation {org!r}")
        if found[0].status != GrantStatus.PENDING:
            raise InvalidInput(f"gesture {grant_id} is {found[0].status.value}, not pending")
        return found[0]

    def approve(
        self, grant_id: int, *, approver: str, role: str, organization: str | None = None
    ) -> GestureGrant:
        """Approve a pending gesture; the approver's role limit must cover its cost."""
        org = self._org(organization).key
        grant = self._pending(org, grant_id)
        if approver == grant.staff:
            raise InvalidInput("a gesture cannot be approved by the person who asked for it")
        budget = self.budgets(organization=org).get(role)
        if budget is None or budget.approval_limit < grant.cost:
            limit = "no budget" if budget is None else f"limit {budget.approval_limit:.2f}"
            raise InvalidInput(
                f"role {role!r} ({limit}) cannot approve a gesture of {grant.cost:.2f}; "
                "ask a role whose limit covers it"
            )
        decided = replace(
            grant, status=GrantStatus.GIVEN, decided_by=approver, decided_at=self.clock()
        )
        self.repo.save_grant(decided)
        return decided

    def reject(
        self, grant_id: int, *, approver: str, organization: str | None = None
    ) -> GestureGrant:
        org = self._org(organization).key
        grant = self._pending(org, grant_id)
        decided = replace(
            grant, status=GrantStatus.REJECTED, decided_by=approver, decided_at=self.clock()
        )
        self.repo.save_grant(decided)
        return decided

    def gestures(
        self,
        *,
        organization: str | None = None,
        status: GrantStatus | None = None,
        customer_id: str | None = None,
    ) -> list[GestureGrant]:
        org = self._org(organization).key
        return self.repo.grants(org, status=status, customer_id=customer_id)

    def log_deviation(
        self,
        *,
        staff: str,
        role: str,
        standard_path: str,
        action: str,
        reason: str,
        customer_id: str = "",
        touchpoint: str = "",
        organization: str | None = None,
    ) -> Deviation:
        """Staff left the standard path on purpose; the reason is required, never blank."""
        for name, value in (
            ("standard path", standard_path),
            ("action", action),
            ("reason", reason),
        ):
            if not value.strip():
                raise InvalidInput(f"a deviation needs its {name}; say what and why")
        org = self._org(organization).key
        deviation = Deviation(
            0,
            org,
            staff,
            role,
            customer_id,
            touchpoint,
            self.clock(),
            standard_path,
            action,
            reason,
        )
        return replace(deviation, id=self.repo.add_deviation(deviation))

    def deviations(self, *, organization: str | None = None) -> list[Deviation]:
        return self.repo.deviations(self._org(organization).key)

    def spend(self, *, organization: str | None = None) -> SpendReport:
        """Spend per gesture (all time) and per role (this month), with what waits approval."""
        org = self._org(organization).key
        grants = self.repo.grants(org)
        start, end = month_of(self.clock())
        roles = tuple(
            RoleSpend(
                b.role, b.monthly_budget, b.approval_limit, self.repo.spent(org, b.role, start, end)
            )
            for b in self.budgets(organization=org).values()
        )
        return SpendReport(
            by_gesture=tuple(spend_by_gesture(grants, self.catalogue(organization=org))),
            by_role=roles,
            pending=tuple(g for g in grants if g.status == GrantStatus.PENDING),
            deviations=len(self.repo.deviations(org)),
        )

    def gesture_effects(
        self, *, organization: str | None = None, window: timedelta = timedelta(days=180)
    ) -> list[GestureEffect]:
        """Each gesture's measured effect: given vs the random hold-out, on the next visit."""
        org = self._org(organization).key
        return gesture_effects(self.repo.grants(org), self.repo.visits(org), window=window)
