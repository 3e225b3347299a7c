"""Customer care on the action desk: consent, profiles, occasions, and the customer's trust."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any

from cxladder.actions.base import DeskBase
from cxladder.actions.profiles import (
    History,
    detect_occasions,
    history,
    merge_occasions,
    visit_milestones,
)
from cxladder.actions.records import (
    AuditEntry,
    Case,
    CaseStatus,
    GestureGrant,
    Profile,
)
from cxladder.actions.trust import (
    ErasureReport,
    PurgeReport,
    Purpose,
    RetentionKind,
    require_consent,
    rewrite_rejects_file,
    subject_hash,
)
from cxladder.errors import InvalidInput, NotFound
from cxladder.model import Consent, Customer, Occasion

__all__ = ["CustomerCare", "CustomerProfile"]


@dataclass(frozen=True, slots=True)
class CustomerProfile:
    """What a host may know before the customer walks in (personal parts only with consent)."""

    customer: Customer
    preferences: Mapping[str, str]
    history: History
    open_cases: tuple[Case, ...]
    gestures: tuple[GestureGrant, ...]
    next_milestone: Occasion | None


class CustomerCare(DeskBase):
    """Know the customer and keep their trust: consent, profile, occasions, export, erasure,
    retention, audit trail."""

    def set_consent(
        self,
        customer_id: str,
        consent: Consent,
        *,
        organization: str | None = None,
        actor: str | None = None,
    ) -> Customer:
        """Record consent; withdrawing personalisation drops preferences and occasions."""
        org = self._org(organization).key
        customer = replace(self._customer(org, customer_id), consent=consent)
        if not consent.personalisation:
            customer = replace(customer, occasions=())
            self.repo.save_profile(org, Profile(customer_id, MappingProxyType({}), self.clock()))
        self.store.save_customers([customer])
        detail = ",".join(
            k for k in ("contact", "personalisation", "analytics") if getattr(consent, k)
        )
        self._audit(org, customer_id, "consent", actor=actor, detail=detail or "none")
        return customer

    def set_preferences(
        self,
        customer_id: str,
        preferences: Mapping[str, str],
        *,
        organization: str | None = None,
        actor: str | None = None,
    ) -> Profile:
        org = self._org(organization).key
        require_consent(self._customer(org, customer_id), Purpose.PERSONALISATION)
        current = self.repo.profile(org, customer_id)
        merged = {**(current.preferences if current else {}), **preferences}
        profile = Profile(customer_id, MappingProxyType(merged), self.clock())
        self.repo.save_profile(org, profile)
        self._audit(org, customer_id, "preferences", actor=actor, detail=",".join(preferences))
        return profile

    def record_occasion(
        self,
        customer_id: str,
        occasion: Occasion,
        *,
        organization: str | None = None,
        actor: str | None = None,
    ) -> Customer:
        org = self._org(organization).key
        customer = self._customer(org, customer_id)
        require_consent(customer, Purpose.PERSONALISATION)
        updated = replace(customer, occasions=merge_occasions(customer.occasions, [occasion]))
        self.store.save_customers([updated])
        self._audit(org, customer_id, "occasion", actor=actor, detail=occasion.kind)
        return updated

    def detect_occasions(
        self, *, organization: str | None = None, actor: str | None = None
    ) -> dict[str, tuple[Occasion, ...]]:
        """Read every comment for occasions; record them for customers who consented.

        Returns the occasions added per customer. Customers without consent to
        personalisation are read past: nothing about them is kept.
        """
        org = self._org(organization).key
        found: dict[str, list[Occasion]] = {}
        for chunk in self.store.experiences(org):
            for stored in chunk:
                experience = stored.experience
                for hit in detect_occasions(experience.text):
                    found.setdefault(experience.customer_id, []).append(
                        hit.occasion(experience.at.date())
                    )
        return self._keep_occasions(org, found, actor)

    def _keep_occasions(
        self, org: str, found: Mapping[str, list[Occasion]], actor: str | None
    ) -> dict[str, tuple[Occasion, ...]]:
        added: dict[str, tuple[Occasion, ...]] = {}
        for customer_id, occasions in found.items():
            try:
                customer = self._customer(org, customer_id)
            except NotFound:
                continue
            if not customer.consent.personalisation:
                continue
            merged = merge_occasions(customer.occasions, occasions)
            if len(merged) > len(customer.occasions):
                self.store.save_customers([replace(customer, occasions=merged)])
                added[customer_id] = merged[len(customer.occasions) :]
                self._audit(org, customer_id, "occasion", actor=actor, detail="detected")
        return added

    def profile(
        self, customer_id: str, *, organization: str | None = None, actor: str | None = None
    ) -> CustomerProfile:
        """The customer's profile; viewing it is written to the audit log."""
        org = self._org(organization).key
        customer = self._customer(org, customer_id)
        visits = self.repo.visits_of(org, customer_id)
        stored = self.repo.profile(org, customer_id)
        personal = customer.consent.personalisation
        self._audit(org, customer_id, "viewed", actor=actor, detail="profile")
        return CustomerProfile(
            customer=customer if personal else replace(customer, occasions=()),
            preferences=stored.preferences if stored and personal else MappingProxyType({}),
            history=history(visits),
            open_cases=tuple(
                c
                for c in self.repo.cases(org, customer_id=customer_id)
                if c.status != CaseStatus.CLOSED
            ),
            gestures=tuple(self.repo.grants(org, customer_id=customer_id)),
            next_milestone=visit_milestones(len(visits)) if personal else None,
        )

    # -- trust ---------------------------------------------------------------------------------

    def export_customer(
        self, customer_id: str, *, organization: str | None = None, actor: str | None = None
    ) -> dict[str, Any]:
        """Everything stored about the customer, table by table, ready for json.dumps."""
        org = self._org(organization).key
        try:
            email = self._customer(org, customer_id).email
        except NotFound:
            email = ""  # experiences may name a customer the customers table never had
        rows = self.repo.personal_rows(org, customer_id, email)
        if not any(rows.values()):
            raise NotFound(f"nothing stored about customer {customer_id!r} in {org!r}")
        self._audit(org, customer_id, "exported", actor=actor)
        return {
            "organization": org,
            "customer_id": customer_id,
            "exported_at": self.clock(),
            "tables": {name: found for name, found in rows.items() if found},
        }

    def erase_customer(
        self, customer_id: str, *, organization: str | None = None, actor: str | None = None
    ) -> ErasureReport:
        """Erase the customer everywhere: every table, rejected rows, rejects files, and (on
        the embedded store) the database file's free pages and write-ahead log."""
        org = self._org(organization).key
        report = self._erase(org, customer_id, action="erased", actor=actor)
        self.repo.compact()
        return report

    def _erase(
        self, org: str, customer_id: str, *, action: str, actor: str | None
    ) -> ErasureReport:
        try:
            email = self._customer(org, customer_id).email
        except NotFound:
            email = ""
        outcome = self.repo.erase(org, customer_id, email)
        if not any(outcome.rows.values()):
            raise NotFound(f"nothing stored about customer {customer_id!r} in {org!r}")
        paths = self.repo.all_rejects_paths(org)
        missing = tuple(p for p in paths if not Path(p).is_file())
        files = tuple(
            p
            for p in paths
            if p not in missing and rewrite_rejects_file(Path(p), customer_id, email)
        )
        subject = subject_hash(self.repo.audit_salt(org), org, customer_id)
        rows = {k: v for k, v in outcome.rows.items() if v}
        detail = ", ".join(f"{k}={v}" for k, v in sorted(rows.items()))
        self.repo.add_audit(
            [
                AuditEntry(
                    self.clock(),
                    actor or self.actor,
                    action,
                    org,
                    subject,
                    f"{detail}; files={len(files)}",
                )
            ]
        )
        return ErasureReport(subject, rows, files, missing)

    def set_retention(
        self, kind: RetentionKind | str, days: int, *, organization: str | None = None
    ) -> None:
        try:
            parsed = RetentionKind(kind)
        except ValueError:
            known = ", ".join(k.value for k in RetentionKind)
            raise InvalidInput(f"retention kind {kind!r} is unknown; use one of {known}") from None
        if days < 1:
            raise InvalidInput(f"retention for {parsed.value} must be at least 1 day, not {days}")
        self.repo.save_retention(self._org(organization).key, parsed.value, days)

    def retention(self, *, organization: str | None = None) -> dict[str, int]:
        return self.repo.retention(self._org(organization).key)

    def purge_expired(
        self, *, organization: str | None = None, actor: str | None = None
    ) -> PurgeReport:
        """Apply the retention rules now; run it on a schedule (cron: `cxladder customers
        purge`)."""
        org = self._org(organization).key
        rules = self.repo.retention(org)
        now = self.clock()
        erased = texts = notes = 0
        if RetentionKind.CUSTOMERS in rules:
            cutoff = now - timedelta(days=rules[RetentionKind.CUSTOMERS])
            for customer_id, last in self.repo.customers_last_seen(org).items():
                if last is not None and last < cutoff:
                    self._erase(org, customer_id, action="purged", actor=actor or "retention")
                    erased += 1
        if RetentionKind.TEXTS in rules:
            cutoff = now - timedelta(days=rules[RetentionKind.TEXTS])
            texts = self.repo.clear_texts_before(org, cutoff)
        if RetentionKind.CASE_NOTES in rules:
            cutoff = now - timedelta(days=rules[RetentionKind.CASE_NOTES])
            notes = self.repo.delete_notes_before(org, cutoff)
        if erased or texts or notes:
            self.repo.compact()
        return PurgeReport(erased, texts, notes)

    def audit_trail(self, customer_id: str, *, organization: str | None = None) -> list[AuditEntry]:
        """Who viewed or changed this customer's data (also after an erasure)."""
        org = self._org(organization).key
        subject = subject_hash(self.repo.audit_salt(org), org, customer_id)
        return self.repo.audit_entries(org, subject=subject)
