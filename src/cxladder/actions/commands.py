"""`cxladder cases|customers|gestures`: each command parses, makes one ActionDesk call, prints.

Mounted by the main CLI with `app.add_typer(cases_app, name="cases")` and so on. A
CxladderError ends the command with its one-line message and exit code 2.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.table import Table

from cxladder.actions.cases import CaseRules
from cxladder.actions.desk import ActionDesk
from cxladder.actions.records import Case, CaseStatus, GestureBudget
from cxladder.actions.trust import export_json
from cxladder.app import Cxladder
from cxladder.commandline import CommandGroup, DbOption, OrgOption, console, err_console
from cxladder.model import Consent, ServiceLevel
from cxladder.settings import Settings

__all__ = ["cases_app", "customers_app", "gestures_app"]


def _app(help_text: str) -> typer.Typer:
    return typer.Typer(
        cls=CommandGroup,
        help=help_text,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )


cases_app = _app("Closed-loop cases for Criminal and Basic moments.")
customers_app = _app("Customer profiles, consent, export, erasure and retention.")
gestures_app = _app("Gestures, budgets per role, approvals, deviations and their effect.")

ActorOption = Annotated[
    str | None, typer.Option("--as", help="Who does this, for the audit log (default: you).")
]


@contextmanager
def _desk(db: str | None, actor: str | None = None) -> Iterator[ActionDesk]:
    settings = Settings(database_url=db) if db else Settings()
    with Cxladder(settings) as cx:
        yield ActionDesk(cx.store, clock=cx.clock, actor=actor or getpass.getuser())


def _cases_table(cases: list[Case], title: str) -> Table:
    table = Table(title=title)
    for column in ("id", "customer", "need", "level", "status", "owner", "due"):
        table.add_column(column)
    for c in cases:
        table.add_row(
            str(c.id),
            c.customer_id,
            c.need,
            c.level.name_en,
            c.status.value,
            c.owner,
            f"{c.due_at:%Y-%m-%d %H:%M}",
        )
    return table


# -- cases -------------------------------------------------------------------------------------


@cases_app.command("open")
def cases_open(
    db: DbOption = None,
    org: OrgOption = None,
    levels: Annotated[str, typer.Option(help="Levels that open a case, e.g. 1,2.")] = "1,2",
) -> None:
    """Open a case for every new moment at the given levels (one per customer need)."""
    chosen = frozenset(ServiceLevel.parse(v) for v in levels.split(",") if v.strip())
    with _desk(db) as desk:
        opened = desk.open_cases(organization=org, rules=CaseRules(levels=chosen))
    console.print(_cases_table(opened, f"{len(opened)} cases opened"))


@cases_app.command("list")
def cases_list(
    db: DbOption = None,
    org: OrgOption = None,
    status: Annotated[CaseStatus | None, typer.Option(help="Only cases in this status.")] = None,
    owner: Annotated[str | None, typer.Option(help="Only this owner's cases.")] = None,
    customer: Annotated[str | None, typer.Option(help="Only this customer's cases.")] = None,
    breached: Annotated[bool, typer.Option(help="Only cases past their SLA.")] = False,
) -> None:
    """List cases."""
    with _desk(db) as desk:
        found = desk.cases(
            organization=org,
            status=status,
            owner=owner,
            customer_id=customer,
            breached_only=breached,
        )
    console.print(_cases_table(found, f"{len(found)} cases"))


@cases_app.command("show")
def cases_show(case_id: int, db: DbOption = None) -> None:
    """One case with its notes and follow-up."""
    with _desk(db) as desk:
        case = desk.case(case_id)
    console.print(_cases_table([case], f"case {case.id}"))
    if case.resolution:
        console.print(f"[bold]Resolution:[/] {case.resolution}", highlight=False)
    if case.follow_up_question:
        after = case.level_after.name_en if case.level_after else "no answer yet"
        console.print(f"[bold]Follow-up:[/] {case.follow_up_question} -> {after}", highlight=False)
    for note in case.notes:
        console.print(
            f"{note.at:%Y-%m-%d %H:%M} {note.author}: {note.text}", highlight=False, markup=False
        )


@cases_app.command("assign")
def cases_assign(case_id: int, owner: str, db: DbOption = None, actor: ActorOption = None) -> None:
    """Give a case to a person or team."""
    with _desk(db, actor) as desk:
        case = desk.assign(case_id, owner)
    console.print(f"case {case.id} assigned to {case.owner}", highlight=False)


@cases_app.command("start")
def cases_start(case_id: int, db: DbOption = None, actor: ActorOption = None) -> None:
    """Mark a case as being worked on."""
    with _desk(db, actor) as desk:
        case = desk.start(case_id)
    console.print(f"case {case.id} is {case.status.value}")


@cases_app.command("note")
def cases_note(case_id: int, text: str, db: DbOption = None, actor: ActorOption = None) -> None:
    """Add a note to a case."""
    with _desk(db, actor) as desk:
        case = desk.note(case_id, text)
    console.print(f"case {case.id} now has {len(case.notes)} notes")


@cases_app.command("resolve")
def cases_resolve(
    case_id: int, resolution: str, db: DbOption = None, actor: ActorOption = None
) -> None:
    """Record how the case was put right."""
    with _desk(db, actor) as desk:
        case = desk.resolve(case_id, resolution)
    console.print(f"case {case.id} is {case.status.value}")


@cases_app.command("close")
def cases_close(
    case_id: int,
    db: DbOption = None,
    actor: ActorOption = None,
    resolution: Annotated[str, typer.Option(help="What was done for the customer.")] = "",
) -> None:
    """Close a case; with contact consent the customer gets the follow-up question."""
    with _desk(db, actor) as desk:
        case = desk.close(case_id, resolution=resolution)
    sent = case.follow_up_question or "no follow-up: the customer did not consent to contact"
    console.print(f"case {case.id} closed. {sent}", highlight=False)


@cases_app.command("follow-up")
def cases_follow_up(case_id: int, level: str, db: DbOption = None) -> None:
    """Record the customer's answer: the level after recovery (1..6 or a name)."""
    with _desk(db) as desk:
        case = desk.record_follow_up(case_id, ServiceLevel.parse(level))
    after = case.level_after.name_en if case.level_after else "-"
    console.print(f"case {case.id}: {case.level.name_en} -> {after}")


@cases_app.command("recovery")
def cases_recovery(db: DbOption = None, org: OrgOption = None) -> None:
    """Recovery rate, level after recovery, and whether the customers came back."""
    with _desk(db) as desk:
        r = desk.recovery(organization=org)
    table = Table(title="Recovery")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for label, value in (
        ("opened", str(r.opened)),
        ("closed", str(r.closed)),
        ("past SLA", str(r.breached)),
        ("follow-ups answered", str(r.answered)),
        ("recovery rate", "-" if r.recovery_rate is None else f"{r.recovery_rate:.0%}"),
        ("came back", "-" if r.return_rate is None else f"{r.return_rate:.0%}"),
        (
            "level on return",
            "-" if r.mean_level_on_return is None else f"{r.mean_level_on_return:.2f}",
        ),
    ):
        table.add_row(label, value)
    console.print(table)


# -- customers ---------------------------------------------------------------------------------


@customers_app.command("export")
def customers_export(
    customer_id: str, db: DbOption = None, org: OrgOption = None, actor: ActorOption = None
) -> None:
    """Everything stored about the customer, as JSON on stdout."""
    with _desk(db, actor) as desk:
        document = desk.export_customer(customer_id, organization=org)
    typer.echo(export_json(document))


@customers_app.command("erase")
def customers_erase(
    customer_id: str,
    db: DbOption = None,
    org: OrgOption = None,
    actor: ActorOption = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erase the customer everywhere (tables, rejected rows, rejects files); audited."""
    if not yes:
        typer.confirm(
            f"Erase every trace of customer {customer_id!r}? This cannot be undone",
            abort=True,
            err=True,
        )
    with _desk(db, actor) as desk:
        report = desk.erase_customer(customer_id, organization=org)
    console.print(
        f"erased {report.total} rows from {len(report.rows)} tables and "
        f"{len(report.files_rewritten)} rejects files",
        highlight=False,
    )
    for path in report.files_missing:
        err_console.print(
            f"[yellow]warning:[/] rejects file {path} was not found; check it by hand",
            highlight=False,
        )


@customers_app.command("profile")
def customers_profile(
    customer_id: str, db: DbOption = None, org: OrgOption = None, actor: ActorOption = None
) -> None:
    """Preferences, occasions and history (personal parts only with consent); audited."""
    with _desk(db, actor) as desk:
        profile = desk.profile(customer_id, organization=org)
    c = profile.customer
    console.print(
        f"[bold]{c.name or c.id}[/] ({c.language}) - {profile.history.describe()}", highlight=False
    )
    for key, value in profile.preferences.items():
        console.print(f"  prefers {key}: {value}", highlight=False, markup=False)
    for occasion in c.occasions:
        console.print(
            f"  occasion: {occasion.kind} {occasion.on or ''} {occasion.note}",
            highlight=False,
            markup=False,
        )
    if profile.next_milestone:
        console.print(f"  next visit marks: {profile.next_milestone.note}", highlight=False)
    console.print(f"  open cases: {len(profile.open_cases)}, gestures: {len(profile.gestures)}")


@customers_app.command("consent")
def customers_consent(
    customer_id: str,
    db: DbOption = None,
    org: OrgOption = None,
    actor: ActorOption = None,
    contact: Annotated[bool, typer.Option("--contact/--no-contact")] = False,
    personalisation: Annotated[
        bool, typer.Option("--personalisation/--no-personalisation")
    ] = False,
    analytics: Annotated[bool, typer.Option("--analytics/--no-analytics")] = True,
) -> None:
    """Record what the customer agreed to (withdrawing personalisation drops the profile)."""
    with _desk(db, actor) as desk:
        desk.set_consent(
            customer_id, Consent(contact, personalisation, analytics), organization=org
        )
    console.print(f"consent recorded for {customer_id}", highlight=False)


@customers_app.command("occasions")
def customers_occasions(
    db: DbOption = None, org: OrgOption = None, actor: ActorOption = None
) -> None:
    """Find birthdays, anniversaries and milestone visits in comments (consenting customers)."""
    with _desk(db, actor) as desk:
        added = desk.detect_occasions(organization=org)
    console.print(
        f"{sum(len(v) for v in added.values())} occasions recorded for {len(added)} customers"
    )


@customers_app.command("suggest")
def customers_suggest(customer_id: str, db: DbOption = None, org: OrgOption = None) -> None:
    """Next best gestures for the customer's next or current visit."""
    with _desk(db) as desk:
        suggestions = desk.next_best_gestures(customer_id, organization=org)
    table = Table(title=f"Next best gestures for {customer_id}")
    for column in ("play", "lifts to", "gesture", "because", "evidence"):
        table.add_column(column)
    for s in suggestions:
        table.add_row(
            s.play.action,
            s.play.lifts_to.name_en,
            s.gesture.name if s.gesture else "-",
            s.because,
            s.evidence,
        )
    console.print(table)


@customers_app.command("retention")
def customers_retention(
    kind: Annotated[str, typer.Argument(help="customers, texts or case_notes.")],
    days: int,
    db: DbOption = None,
    org: OrgOption = None,
) -> None:
    """Set a retention rule: purge that kind of personal data older than DAYS."""
    with _desk(db) as desk:
        desk.set_retention(kind, days, organization=org)
    console.print(f"retention for {kind}: {days} days")


@customers_app.command("purge")
def customers_purge(db: DbOption = None, org: OrgOption = None, actor: ActorOption = None) -> None:
    """Apply the retention rules now (run it daily from cron or a scheduler)."""
    with _desk(db, actor or "retention") as desk:
        report = desk.purge_expired(organization=org)
    console.print(
        f"{report.customers_erased} customers erased, {report.texts_cleared} texts "
        f"cleared, {report.notes_deleted} case notes deleted"
    )


@customers_app.command("audit")
def customers_audit(customer_id: str, db: DbOption = None, org: OrgOption = None) -> None:
    """Who viewed or changed this customer's data (also after an erasure)."""
    with _desk(db) as desk:
        entries = desk.audit_trail(customer_id, organization=org)
    table = Table(title=f"Audit trail ({len(entries)} entries)")
    for column in ("at", "actor", "action", "detail"):
        table.add_column(column)
    for e in entries:
        table.add_row(f"{e.at:%Y-%m-%d %H:%M:%S}", e.actor, e.action, e.detail)
    console.print(table)


# -- gestures ----------------------------------------------------------------------------------


@gestures_app.command("catalogue")
def gestures_catalogue(db: DbOption = None, org: OrgOption = None) -> None:
    """The gestures staff may give, with their cost."""
    with _desk(db) as desk:
        catalogue = desk.catalogue(organization=org)
    table = Table(title="Gestures")
    for column in ("key", "name", "cost", "personal"):
        table.add_column(column)
    for g in catalogue.values():
        table.add_row(g.key, g.name, f"{g.cost:.2f}", "yes" if g.personal else "")
    console.print(table)


@gestures_app.command("budget")
def gestures_budget(
    role: str,
    monthly: Annotated[float, typer.Option(help="Money the role may spend per month.")],
    limit: Annotated[float, typer.Option(help="Above this a single gesture needs approval.")],
    db: DbOption = None,
    org: OrgOption = None,
) -> None:
    """Set a role's monthly gesture budget and approval limit."""
    with _desk(db) as desk:
        desk.set_budget(GestureBudget(role, monthly, limit), organization=org)
    console.print(f"{role}: {monthly:.2f} per month, approval above {limit:.2f}")


@gestures_app.command("give")
def gestures_give(
    customer_id: str,
    gesture: str,
    staff: Annotated[str, typer.Option(help="Who gives it.")],
    role: Annotated[str, typer.Option(help="Their role, whose budget pays.")],
    db: DbOption = None,
    org: OrgOption = None,
    reason: Annotated[str, typer.Option(help="Why.")] = "",
    case: Annotated[int | None, typer.Option(help="The case it puts right.")] = None,
    holdout: Annotated[float, typer.Option(help="Share withheld at random, e.g. 0.2.")] = 0.0,
) -> None:
    """Give a gesture (or queue it for approval above the role's limit or budget)."""
    with _desk(db) as desk:
        grant = desk.offer_gesture(
            customer_id,
            gesture,
            staff=staff,
            role=role,
            organization=org,
            reason=reason,
            case_id=case,
            holdout=holdout,
        )
    console.print(f"gesture {grant.id}: {grant.status.value} {grant.reason}", highlight=False)


@gestures_app.command("approve")
def gestures_approve(
    grant_id: int,
    approver: Annotated[str, typer.Option(help="Who approves.")],
    role: Annotated[str, typer.Option(help="The approver's role; its limit must cover it.")],
    db: DbOption = None,
    org: OrgOption = None,
) -> None:
    """Approve a pending gesture."""
    with _desk(db) as desk:
        grant = desk.approve(grant_id, approver=approver, role=role, organization=org)
    console.print(f"gesture {grant.id}: {grant.status.value}")


@gestures_app.command("reject")
def gestures_reject(
    grant_id: int,
    approver: Annotated[str, typer.Option(help="Who rejects.")],
    db: DbOption = None,
    org: OrgOption = None,
) -> None:
    """Reject a pending gesture."""
    with _desk(db) as desk:
        grant = desk.reject(grant_id, approver=approver, organization=org)
    console.print(f"gesture {grant.id}: {grant.status.value}")


@gestures_app.command("deviate")
def gestures_deviate(
    staff: Annotated[str, typer.Option(help="Who left the standard path.")],
    role: Annotated[str, typer.Option(help="Their role.")],
    standard: Annotated[str, typer.Option(help="The standard path.")],
    action: Annotated[str, typer.Option(help="What they did instead.")],
    reason: Annotated[str, typer.Option(help="Why (required).")],
    db: DbOption = None,
    org: OrgOption = None,
    customer: Annotated[str, typer.Option(help="The customer, if any.")] = "",
    touchpoint: Annotated[str, typer.Option(help="Where.")] = "",
) -> None:
    """Log a deliberate deviation from the standard path, with its reason."""
    with _desk(db) as desk:
        logged = desk.log_deviation(
            staff=staff,
            role=role,
            standard_path=standard,
            action=action,
            reason=reason,
            customer_id=customer,
            touchpoint=touchpoint,
            organization=org,
        )
    console.print(f"deviation {logged.id} logged")


@gestures_app.command("spend")
def gestures_spend(db: DbOption = None, org: OrgOption = None) -> None:
    """Spend per gesture and per role this month, and what waits for approval."""
    with _desk(db) as desk:
        report = desk.spend(organization=org)
    table = Table(title=f"Gesture spend (total {report.total:,.2f})")
    for column in ("gesture", "given", "pending", "held out", "spent"):
        table.add_column(column)
    for g in report.by_gesture:
        table.add_row(g.gesture, str(g.given), str(g.pending), str(g.withheld), f"{g.spent:.2f}")
    console.print(table)
    for r in report.by_role:
        console.print(
            f"{r.role}: {r.spent_this_month:.2f} of {r.monthly_budget:.2f} this month",
            highlight=False,
        )


@gestures_app.command("effects")
def gestures_effects(db: DbOption = None, org: OrgOption = None) -> None:
    """Each gesture's effect on the next visit, measured against the random hold-out."""
    with _desk(db) as desk:
        effects = desk.gesture_effects(organization=org)
    for e in effects:
        text = e.level.describe() if e.level else e.note
        console.print(f"[bold]{e.gesture}[/]: {text}", highlight=False)


@gestures_app.command("pain")
def gestures_pain(db: DbOption = None, org: OrgOption = None) -> None:
    """Pain moments with playbook mitigations and the measured effect of those tried."""
    with _desk(db) as desk:
        moments = desk.pain_moments(organization=org)
    for m in moments:
        console.print(
            f"[bold]{m.name}[/] ({m.kind}): {m.low_share:.0%} Criminal or Basic", highlight=False
        )
        for action in m.mitigations:
            console.print(f"  - {action}", highlight=False, markup=False)
        for tried, effect in m.tried:
            measured = effect.describe() if effect else "not measurable yet"
            console.print(f"  tried {tried.action}: {measured}", highlight=False, markup=False)


@gestures_app.command("mitigate")
def gestures_mitigate(
    touchpoint: str, action: str, db: DbOption = None, org: OrgOption = None
) -> None:
    """Record a mitigation started today at a pain moment, to measure its effect."""
    with _desk(db) as desk:
        mitigation = desk.try_mitigation(touchpoint, action, organization=org)
    console.print(f"mitigation {mitigation.id} at {mitigation.touchpoint} ({mitigation.pain})")
