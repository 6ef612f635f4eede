"""What every command group shares: the error console, one-line errors, output files, the
progress bar and the options declared once (--db, --output, --no-store)."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from fairsift.errors import FairsiftError

__all__ = [
    "TEXT_COLUMN_HELP",
    "DbOption",
    "NoStoreOption",
    "OutputOption",
    "emit",
    "err",
    "fail",
    "open_output",
    "open_store",
    "progress_bar",
    "user_errors",
]

# Options several commands share, declared once.
DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Result store URL or SQLite path (default: fairsift.db)."),
]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write to a file.")]
NoStoreOption = Annotated[
    bool, typer.Option("--no-store", help="Do not read or write the result store.")
]

err = Console(stderr=True)


def fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False, markup=True, soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    try:
        yield
    except FairsiftError as exc:
        raise fail(str(exc)) from None


@contextmanager
def open_output(path: Path | None) -> Iterator[io.TextIOBase | Any]:
    if path is None:
        yield sys.stdout
        return
    try:
        handle = path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise fail(f"cannot write {path}: {exc.strerror}. Choose a writable path") from None
    with handle:
        yield handle


@contextmanager
def progress_bar(total: int, label: str) -> Iterator[Callable[[str], None]]:
    show = total > 1 and err.is_terminal
    bar = Progress(
        TextColumn(f"{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.description}"),
        console=err,
        disable=not show,
    )
    with bar:
        task = bar.add_task("", total=total)

        def advance(name: str) -> None:
            bar.update(task, advance=1, description=Path(name).name[:40])

        yield advance


TEXT_COLUMN_HELP = (
    "CSV/JSONL column holding the report. Repeat for fallbacks: a row's first non-empty "
    "cell is its report (e.g. --text-column original --text-column message)."
)


def emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        err.print(f"wrote {output}", highlight=False)


def open_store(db: str | None) -> Any:
    from fairsift.config import load_settings
    from fairsift.store import Store

    return Store.open(load_settings(db=db).db)
