"""The `cxladder` command: each command parses, makes one Cxladder call, and prints.

User mistakes (a missing file, a bad mapping, an unknown organisation) end with a one-line
message and exit code 2, never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from cxladder.actions.commands import cases_app, customers_app, gestures_app
from cxladder.api.server import build_server, server_url
from cxladder.app import Cxladder
from cxladder.commandline import CommandGroup, DbOption, OrgOption, console, err_console
from cxladder.ingest.eventlog import EventLogMapping
from cxladder.ingest.mapping import ColumnMapping
from cxladder.journeys.commands import journeys_app
from cxladder.model import Role, ServiceLevel
from cxladder.settings import Settings
from cxladder.text.commands import text_app

app = typer.Typer(
    cls=CommandGroup,
    name="cxladder",
    help="Every customer experience on the service ladder, across every journey.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="The store's schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
keys_app = typer.Typer(help="API keys for the server.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
app.add_typer(journeys_app, name="journeys")
app.add_typer(text_app, name="text")
app.add_typer(cases_app, name="cases")
app.add_typer(customers_app, name="customers")
app.add_typer(gestures_app, name="gestures")
users_app = typer.Typer(help="People who sign in to the pages.", no_args_is_help=True)
app.add_typer(users_app, name="users")
webhooks_app = typer.Typer(help="Webhooks for low-level moments.", no_args_is_help=True)
app.add_typer(webhooks_app, name="webhooks")


LanguageOption = Annotated[str, typer.Option("--lang", help="Language of labels: en or nl.")]


def _open(db: str | None, *, upgrade: bool | None = None, **options: object) -> Cxladder:
    settings = Settings(**({"database_url": db} if db else {}), **options)  # type: ignore[arg-type]
    return Cxladder(settings, upgrade=upgrade)


@contextmanager
def _progress(description: str, total: int | None) -> Iterator[Progress]:
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err_console, transient=True) as bar:
        yield bar


@app.command()
def demo(
    db: DbOption = None,
    customers: Annotated[int, typer.Option(min=1, help="Customers per organisation.")] = 3_000,
    seed: Annotated[int, typer.Option(help="Seed: the same seed gives the same data.")] = 7,
    report: Annotated[
        Path | None, typer.Option(help="Also write the HTML report to this file.")
    ] = None,
) -> None:
    """Fill the store with three organisations from the seeds and place every experience."""
    with _open(db) as cx, _progress("demo", None) as bar:
        task = bar.add_task("importing and assessing", total=None)
        summary = cx.demo(customers=customers, seed=seed, progress=lambda n: bar.advance(task, n))
    with _open(db) as cx:
        for key in summary.organizations:
            _print_ladder(cx, key, by=("touchpoint",), title=f"{key}: level share per touchpoint")
        imported = sum(i.accepted for i in summary.imports)
        console.print(
            f"[bold]{len(summary.organizations)}[/] organisations, [bold]{summary.customers:,}[/] "
            f"customers, [bold]{imported:,}[/] experiences imported, "
            f"[bold]{summary.assessed.assessed:,}[/] assessed by {summary.assessed.judge}."
        )
        if report is not None:
            path = cx.report(report)
            console.print(f"Report written to [bold]{path}[/]")


@app.command("import")
def import_(
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV, JSON Lines, Parquet or Excel file, or an XES/CSV event log (--event-log)."
        ),
    ],
    db: DbOption = None,
    org: OrgOption = None,
    mapping: Annotated[
        Path | None, typer.Option(help="Column mapping file (JSON or TOML).")
    ] = None,
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help="One column mapping, e.g. --map datum=at (repeatable)."),
    ] = None,
    strict: Annotated[
        bool, typer.Option(help="Reject rows whose touchpoint is not known yet.")
    ] = False,
    rejects_dir: Annotated[Path, typer.Option(help="Folder for the rejects file.")] = Path("."),
    event_log: Annotated[
        bool,
        typer.Option(
            "--event-log",
            help="Read FILE as a process-mining event log (CSV or XES, .gz too): "
            "each case one journey.",
        ),
    ] = False,
    all_lifecycles: Annotated[
        bool,
        typer.Option(help="With --event-log: keep start/schedule events too, not only complete."),
    ] = False,
) -> None:
    """Import experiences, or an event log; bad rows are quarantined with row, field, reason."""
    if event_log or file.name.lower().endswith((".xes", ".xes.gz")):
        _import_event_log(file, db, org, map_ or [], rejects_dir, all_lifecycles)
        return
    column_mapping = _mapping(mapping, map_ or [])
    with _open(db, rejects_dir=rejects_dir) as cx, _progress("import", None) as bar:
        task = bar.add_task(f"importing {file.name}", total=None)
        summary = cx.import_file(
            file,
            organization=org,
            mapping=column_mapping,
            strict=strict,
            progress=lambda n: bar.advance(task, n),
        )
    console.print(
        f"{summary.rows_read:,} rows read: [green]{summary.accepted:,} imported[/], "
        f"{summary.duplicates:,} already there, [red]{summary.rejected:,} rejected[/] "
        f"in {summary.seconds:.1f} s."
    )
    if summary.redacted:
        console.print(
            f"Personal data (e-mail, phone, IBAN, postcode, card) taken out of "
            f"{summary.redacted:,} comments before storing; CXLADDER_REDACT=false keeps it."
        )
    if summary.rejects_path is not None and summary.rejected:
        console.print(f"Rejected rows with their reasons: [bold]{summary.rejects_path}[/]")


def _import_event_log(
    file: Path,
    db: str | None,
    org: str | None,
    pairs: list[str],
    rejects_dir: Path,
    all_lifecycles: bool,
) -> None:
    mapping = EventLogMapping.from_pairs(pairs)
    with _open(db, rejects_dir=rejects_dir) as cx, _progress("import", None) as bar:
        task = bar.add_task(f"importing {file.name}", total=None)
        result = cx.import_event_log(
            file,
            organization=org,
            mapping=mapping,
            all_lifecycles=all_lifecycles,
            progress=lambda n: bar.advance(task, n),
        )
    s = result.summary
    console.print(
        f"{result.cases:,} journeys, {s.rows_read:,} events read: [green]{s.accepted:,} "
        f"imported[/], {s.duplicates:,} already there, [red]{s.rejected:,} rejected[/], "
        f"{result.skipped_lifecycle:,} non-complete skipped in {s.seconds:.1f} s."
    )
    if result.unmapped_channels:
        console.print(
            "Channels not recognised (map them with --map channel.VALUE=web): "
            + ", ".join(f"{k} ({n})" for k, n in result.unmapped_channels.items())
        )


def _mapping(path: Path | None, pairs: list[str]) -> ColumnMapping | None:
    if path is None and not pairs:
        return None
    base = ColumnMapping.from_file(path) if path is not None else None
    extra = ColumnMapping.from_pairs(pairs) if pairs else None
    if base is not None and extra is not None:
        return base.merged(extra)
    return base or extra


@app.command()
def assess(
    db: DbOption = None,
    org: OrgOption = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Assess again the experiences already assessed.")
    ] = False,
) -> None:
    """Place every experience not yet assessed on the ladder."""
    with _open(db) as cx, _progress("assess", None) as bar:
        task = bar.add_task("assessing", total=None)
        summary = cx.assess(org, reassess=all_, progress=lambda n: bar.advance(task, n))
    shares = ", ".join(
        f"{level.name_en} {summary.levels.get(level, 0):,}" for level in ServiceLevel
    )
    console.print(f"{summary.assessed:,} experiences assessed by {summary.judge}: {shares}")


@app.command()
def ladder(
    db: DbOption = None,
    org: OrgOption = None,
    by: Annotated[
        list[str] | None,
        typer.Option(help="Group by touchpoint and/or channel (repeatable)."),
    ] = None,
    lang: LanguageOption = "en",
) -> None:
    """Show the share of experiences per level, per touchpoint and channel."""
    groups = tuple(by or ["touchpoint", "channel"])
    with _open(db) as cx:
        key = cx.organization(org).key
        for group in groups:
            _print_ladder(cx, key, by=(group,), title=f"{key}: level share per {group}", lang=lang)


def _print_ladder(
    cx: Cxladder, organization: str, *, by: tuple[str, ...], title: str, lang: str = "en"
) -> None:
    shares = cx.ladder(organization, by=by)
    table = Table(title=title, title_justify="left")
    for name in by:
        table.add_column(name, no_wrap=True, min_width=12)
    table.add_column("n", justify="right")
    for level in ServiceLevel:
        # Folded, not cut: a narrow terminal shows "Unbeli/evable", never "Unbel…".
        table.add_column(level.label(lang), justify="right", overflow="fold")
    table.add_column("mean", justify="right")
    for _, row in shares.iterrows():
        cells = [str(row[name]) for name in by]
        cells.append(f"{int(row['n']):,}")
        cells += [_percent(row[f"share_{level.value}"]) for level in ServiceLevel]
        cells.append(f"{row['mean_level']:.2f}")
        table.add_row(*cells)
    console.print(table)


def _percent(value: float) -> str:
    return "" if pd.isna(value) or value == 0 else f"{value:.0%}"


@app.command()
def report(
    out: Annotated[Path, typer.Option("--out", help="The HTML file to write.")] = Path(
        "cxladder-report.html"
    ),
    db: DbOption = None,
    org: Annotated[
        list[str] | None, typer.Option("--org", help="Organisation key (repeatable).")
    ] = None,
    lang: LanguageOption = "en",
) -> None:
    """Write the self-contained HTML report."""
    with _open(db) as cx:
        path = cx.report(out, organizations=org, language=lang)
    console.print(f"Report written to [bold]{path}[/]")


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port; 0 picks a free one.")] = 8000,
) -> None:
    """Run the REST API (OpenAPI at /docs); prints the URL it listens on."""
    with _open(db) as cx:
        server = build_server(cx, host=host, port=port)
        console.print(f"cxladder listening on {server_url(server)}", highlight=False)
        server.run()


@keys_app.command("create")
def keys_create(
    role: Annotated[Role, typer.Option(help="admin, analyst, agent or collector.")],
    name: Annotated[str, typer.Option(help="Who or what uses the key, e.g. 'website'.")],
    db: DbOption = None,
    org: OrgOption = None,
) -> None:
    """Create an API key; it is shown this once, only its hash is stored."""
    with _open(db) as cx:
        key = cx.create_key(cx.organization(org).key, role=role, name=name)
    console.print(key, highlight=False, soft_wrap=True)


@users_app.command("add")
def users_add(
    email: Annotated[str, typer.Argument(help="The person's e-mail address; it signs them in.")],
    role: Annotated[Role, typer.Option(help="admin, analyst, agent or collector.")],
    db: DbOption = None,
    org: OrgOption = None,
    name: Annotated[str, typer.Option(help="The person's name.")] = "",
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            envvar="CXLADDER_NEW_PASSWORD",
            help="At least 12 characters; asked for when not given.",
        ),
    ] = "",
) -> None:
    """Add a person who signs in to the pages."""
    with _open(db) as cx:
        user_id = cx.add_user(
            cx.organization(org).key, email=email, role=role, password=password, name=name
        )
    console.print(f"User {user_id} ({email}, {role.value}) added.")


@keys_app.command("list")
def keys_list(db: DbOption = None, org: OrgOption = None) -> None:
    """List the organisation's keys (their first characters only)."""
    with _open(db) as cx:
        rows = cx.keys(cx.organization(org).key)
    table = Table("id", "name", "role", "starts with", "created", "revoked")
    for row in rows:
        table.add_row(
            *(
                str(row[c] or "")
                for c in ("id", "name", "role", "prefix", "created_at", "revoked_at")
            )
        )
    console.print(table)


@keys_app.command("revoke")
def keys_revoke(
    key_id: Annotated[int, typer.Argument(help="The key's id, from `cxladder keys list`.")],
    db: DbOption = None,
    org: OrgOption = None,
) -> None:
    """Revoke a key at once."""
    with _open(db) as cx:
        cx.revoke_key(cx.organization(org).key, key_id)
    console.print(f"Key {key_id} revoked.")


@webhooks_app.command("add")
def webhooks_add(
    url: Annotated[str, typer.Argument(help="Where to POST the signed JSON events.")],
    db: DbOption = None,
    org: OrgOption = None,
    level: Annotated[
        list[int] | None,
        typer.Option(
            min=1, max=6, help="Levels that raise an event (repeatable); default 1 and 2."
        ),
    ] = None,
) -> None:
    """Send experiences at low levels to a URL (Slack-compatible), signed with HMAC."""
    levels = [ServiceLevel(v) for v in (level or [1, 2])]
    with _open(db) as cx:
        hook_id, secret = cx.add_webhook(cx.organization(org).key, url, levels=levels)
    console.print(
        f"Webhook {hook_id} added. Signing secret (shown once): {secret}",
        highlight=False,
        soft_wrap=True,
    )


@webhooks_app.command("log")
def webhooks_log(db: DbOption = None, org: OrgOption = None) -> None:
    """The delivery log: each event, its attempts, last status and error."""
    with _open(db) as cx:
        rows = cx.webhook_deliveries(cx.organization(org).key)
    table = Table("id", "event", "status", "attempts", "last status", "last error", "delivered")
    for row in rows:
        table.add_row(
            *(
                str(row[c] if row[c] is not None else "")
                for c in (
                    "id",
                    "event_id",
                    "status",
                    "attempts",
                    "last_status_code",
                    "last_error",
                    "delivered_at",
                )
            )
        )
    console.print(table)


@app.command("origins")
def origins(
    origin: Annotated[list[str], typer.Argument(help="e.g. https://www.example.nl")],
    db: DbOption = None,
    org: OrgOption = None,
) -> None:
    """Set the web sites allowed to embed the feedback widget (replaces the list)."""
    with _open(db) as cx:
        cx.allow_origins(cx.organization(org).key, origin)
    console.print(f"Allowed origins: {', '.join(origin)}")


@app.command("survey-link")
def survey_link(
    touchpoint: Annotated[str, typer.Argument(help="The touchpoint the survey is about.")],
    db: DbOption = None,
    org: OrgOption = None,
    base_url: Annotated[str, typer.Option(help="The server's public URL.")] = (
        "http://127.0.0.1:8000"
    ),
    customer: Annotated[
        str | None, typer.Option(help="For an e-mail link: the customer it goes to.")
    ] = None,
    single_use: Annotated[
        bool, typer.Option(help="The link works once (e-mail); a QR code is multi-use.")
    ] = False,
    days: Annotated[int | None, typer.Option(min=1, help="Valid for this many days.")] = None,
) -> None:
    """Print a signed survey link for a QR code or an e-mail."""
    with _open(db) as cx:
        token = cx.survey_link(
            cx.organization(org).key,
            touchpoint,
            customer_id=customer,
            single_use=single_use,
            valid_for=timedelta(days=days) if days else None,
        )
    console.print(f"{base_url.rstrip('/')}/s/{token}", highlight=False, soft_wrap=True)


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Create or migrate the schema to the newest version."""
    with _open(db, upgrade=True) as cx:
        console.print(f"Schema at revision [bold]{cx.store.revision()}[/] ({cx.store.dialect}).")


@db_app.command("current")
def db_current(db: DbOption = None) -> None:
    """Show the schema revision in force, and whether it is the newest."""
    with _open(db, upgrade=False) as cx:
        console.print(f"Schema at revision [bold]{cx.store.revision()}[/], up to date.")


def main() -> None:
    app()
