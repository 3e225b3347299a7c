"""ActionDesk: the facade sub-object for acting on the ladder (`cx.actions`).

Every method names the organisation with `organization=` (left out when the store holds just
one), reads and writes through the store, and records in the audit log who viewed or changed
a customer's personal data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from types import MappingProxyType

from cxladder.actions.care import CustomerCare, CustomerProfile
from cxladder.actions.casework import CaseWork
from cxladder.actions.empowerment import GestureWork, RoleSpend, SpendReport
from cxladder.actions.playbook import (
    PainMoment,
    Suggestion,
    mitigation_effect,
    next_best_gestures,
    pain_kind,
    pain_moments,
)
from cxladder.actions.profiles import visit_milestones
from cxladder.actions.promise import PromiseGap, promise_shortfall
from cxladder.actions.records import Mitigation
from cxladder.errors import InvalidInput, NotFound
from cxladder.model import BrandPromise, Organization, ServiceLevel

__all__ = ["ActionDesk", "CustomerProfile", "RoleSpend", "SpendReport"]


class ActionDesk(CaseWork, GestureWork, CustomerCare):
    """Cases, gestures, profiles, next best gesture, brand promise and trust, over one store.

    `ActionDesk(store, *, clock=datetime.now, rng=None, actor="cxladder")`; the lead facade
    builds it as `cx.actions`.
    """

    def next_best_gestures(
        self, customer_id: str, *, organization: str | None = None, limit: int = 5
    ) -> list[Suggestion]:
        """What to do on the customer's next or current visit to lift it a level or two."""
        org = self._org(organization).key
        customer = self._customer(org, customer_id)
        visits = self.repo.visits_of(org, customer_id)
        personal = customer.consent.personalisation
        occasions = list(customer.occasions)
        milestone = visit_milestones(len(visits))
        if milestone is not None:
            occasions.append(milestone)
        current = (
            ServiceLevel(int(visits["level"].dropna().iloc[-1]))
            if (not visits.empty and visits["level"].notna().any())
            else None
        )
        return next_best_gestures(
            current=current,
            occasions=occasions,
            personalised=personal,
            catalogue=self.catalogue(organization=org),
            effects=self.gesture_effects(organization=org),
            limit=limit,
        )

    def pain_moments(
        self, *, organization: str | None = None, threshold: float = 0.2, minimum: int = 20
    ) -> list[PainMoment]:
        """Touchpoints with too many Criminal/Basic moments, with playbook mitigations and the
        measured before/after effect of those already tried."""
        org = self._org(organization).key
        visits = self.repo.visits(org)
        tried = self.repo.mitigations(org)
        moments = pain_moments(
            visits, self.store.touchpoints(org), threshold=threshold, minimum=minimum
        )
        return [
            replace(
                m,
                tried=tuple(
                    (t, mitigation_effect(t, visits)) for t in tried if t.touchpoint == m.touchpoint
                ),
            )
            for m in moments
        ]

    def try_mitigation(
        self,
        touchpoint: str,
        action: str,
        *,
        started_at: datetime | None = None,
        organization: str | None = None,
    ) -> Mitigation:
        org = self._org(organization).key
        touchpoints = self.store.touchpoints(org)
        if touchpoints and touchpoint not in touchpoints:
            raise NotFound(f"no touchpoint {touchpoint!r}; known: {', '.join(touchpoints)}")
        mitigation = Mitigation(
            0,
            org,
            touchpoint,
            pain_kind(touchpoints.get(touchpoint), touchpoint),
            action,
            started_at or self.clock(),
        )
        return replace(mitigation, id=self.repo.add_mitigation(mitigation))

    def set_promise(
        self,
        *,
        statement: str,
        targets: Mapping[str, ServiceLevel],
        values: Sequence[str] = (),
        default_target: ServiceLevel = ServiceLevel.DESIRED,
        organization: str | None = None,
    ) -> Organization:
        """State what the brand stands for and the level it promises per touchpoint."""
        org = self._org(organization)
        known = self.store.touchpoints(org.key)
        unknown = sorted(set(targets) - set(known)) if known else []
        if unknown:
            raise InvalidInput(
                f"the promise names touchpoints that do not exist: {', '.join(unknown)}; "
                f"known: {', '.join(known)}"
            )
        brand = BrandPromise(
            statement, tuple(values), MappingProxyType(dict(targets)), default_target
        )
        updated = replace(org, brand=brand)
        self.store.save_organization(updated)
        return updated

    def promise_shortfall(self, *, organization: str | None = None) -> list[PromiseGap]:
        org = self._org(organization)
        frame = self.store.assessed_frame(org.key, columns=["touchpoint"])
        return promise_shortfall(org, self.store.touchpoints(org.key), frame)
