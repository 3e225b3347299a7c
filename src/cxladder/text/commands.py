"""`cxladder text`: train a text model on your own labels, and pick what to label next.

Each command parses its arguments, makes one call on the text analyst and prints with Rich.
The lead mounts `text_app` on the main CLI as `cxladder text`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cxladder.app import Cxladder
from cxladder.commandline import DbOption, console, err_console
from cxladder.errors import CxladderError
from cxladder.model import ServiceLevel
from cxladder.settings import Settings
from cxladder.text.analyst import TextAnalyst

__all__ = ["text_app"]


text_app = typer.Typer(
    help="Read free text: train a model on your own labels, choose what to label next.",
    no_args_is_help=True,
)


@contextmanager
def _analyst(db: str | None) -> Iterator[TextAnalyst]:
    settings = Settings(**({"database_url": db} if db else {}))  # type: ignore[arg-type]
    try:
        with Cxladder(settings) as cx:
            yield cx.text
    except CxladderError as exc:
        err_console.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(code=2) from exc


@text_app.command()
def train(
    labels: Annotated[
        Path, typer.Argument(help="CSV with columns text, level[, aspects, language].")
    ],
    out: Annotated[
        Path | None, typer.Option(help="Where to save the model (default: the models folder).")
    ] = None,
    folds: Annotated[int, typer.Option(min=2, help="Cross-validation folds.")] = 5,
    db: DbOption = None,
) -> None:
    """Train a text model on your own labelled feedback, with a cross-validated report."""
    with _analyst(db) as analyst:
        report = analyst.train(labels, out=out, folds=folds)
    table = Table(title=f"{report.items} labelled comments, {report.folds}-fold cross-validation")
    table.add_column("measure")
    table.add_column("held-out", justify="right")
    table.add_row("level accuracy", f"{report.level_accuracy:.3f}")
    table.add_row("level macro-F1", f"{report.level_macro_f1:.3f}")
    table.add_row("calibration error (ECE)", f"{report.calibration_error:.3f}")
    if report.aspect_f1 is not None:
        table.add_row("aspect micro-F1", f"{report.aspect_f1:.3f}")
    if report.polarity_accuracy is not None:
        table.add_row("aspect polarity accuracy", f"{report.polarity_accuracy:.3f}")
    console.print(table)
    console.print(f"Model [bold]{report.version}[/] saved to [bold]{report.path}[/]")


@text_app.command()
def label(
    n: Annotated[int, typer.Option("--n", min=1, help="How many comments to propose.")] = 20,
    org: Annotated[
        str | None,
        typer.Option("--org", help="Organisation key; may be left out when there is one."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Propose the stored comments the model is least sure about, to label next."""
    with _analyst(db) as analyst:
        proposals = analyst.propose_labels(org, n)
    table = Table(title="Label these next (the model is least sure about them)")
    table.add_column("experience")
    table.add_column("comment (redacted)")
    table.add_column("model says")
    table.add_column("p", justify="right")
    for p in proposals:
        level = ServiceLevel(p.level).name_en if p.level else "-"
        table.add_row(p.experience_id, p.text, level, f"{p.probability:.2f}")
    console.print(table)
