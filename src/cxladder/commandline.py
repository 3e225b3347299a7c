"""What every cxladder command shares: one-line errors, the consoles, `--db` and `--org`.

The main command and its sub-commands (journeys, text, cases, customers, gestures) all use the
same group class, so a user mistake ends the same way everywhere: one line on stderr, exit 2.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from typer.core import TyperGroup

from cxladder.errors import CxladderError
from cxladder.settings import DEFAULT_DATABASE_URL

__all__ = ["CommandGroup", "DbOption", "OrgOption", "console", "err_console"]

console = Console()
err_console = Console(stderr=True)


class CommandGroup(TyperGroup):
    """Turns a CxladderError into one line on stderr and exit code 2, never a traceback."""

    def invoke(self, ctx: typer.Context) -> object:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except CxladderError as exc:
            err_console.print(f"[red]error:[/] {exc}", highlight=False)
            raise typer.Exit(code=2) from exc


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="CXLADDER_DATABASE_URL",
        help=f"Database file or URL (postgresql://...). Default: {DEFAULT_DATABASE_URL}.",
        show_default=False,
    ),
]
OrgOption = Annotated[
    str | None, typer.Option("--org", help="Organisation key; may be left out when there is one.")
]
