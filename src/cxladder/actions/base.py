"""The shared ground of the action desk: store, clock, random draws, audit, lookups."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime

from cxladder.actions.records import AuditEntry
from cxladder.actions.trust import subject_hash
from cxladder.errors import InvalidInput, NotFound
from cxladder.model import Customer, Organization
from cxladder.store.actions_repo import ActionsRepo
from cxladder.store.repo import Store

__all__ = ["DeskBase"]


class DeskBase:
    """What every part of the action desk shares: the store, the clock, the audit log."""

    def __init__(
        self,
        store: Store,
        *,
        clock: Callable[[], datetime] = datetime.now,
        rng: random.Random | None = None,
        actor: str = "cxladder",
    ) -> None:
        self.store = store
        self.repo = ActionsRepo(store)
        self.clock = clock
        # Hold-out draws must be random, yet a test or a seeded demo passes its own generator.
        self.rng = rng or random.Random()
        self.actor = actor

    # -- plumbing ------------------------------------------------------------------------------

    def _org(self, organization: str | None) -> Organization:
        if organization is not None:
            return self.store.organization(organization)
        known = self.store.organizations()
        if len(known) == 1:
            return known[0]
        if not known:
            raise NotFound("the store holds no organisation yet; import a file or run the demo")
        names = ", ".join(o.key for o in known)
        raise InvalidInput(f"the store holds several organisations ({names}); name one with --org")

    def _customer(self, org: str, customer_id: str) -> Customer:
        return self.store.customer(org, customer_id)

    def _audit(
        self, org: str, customer_id: str, action: str, *, actor: str | None, detail: str = ""
    ) -> None:
        subject = subject_hash(self.repo.audit_salt(org), org, customer_id)
        entry = AuditEntry(self.clock(), actor or self.actor, action, org, subject, detail)
        self.repo.add_audit([entry])
