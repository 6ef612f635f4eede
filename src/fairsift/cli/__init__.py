"""The `fairsift` command: thin wrappers over importable functions, one module per group.

Errors a user can cause are printed in one line (`error: [F10x] what. what to do`) with exit
code 2; a batch in which some file failed exits 1; success exits 0. Options several commands
share are declared once in `_shared`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from fairsift import __version__
from fairsift.cli import audit, evaluate, people, screening, triage, users

__all__ = ["app", "main"]

app = typer.Typer(
    help="fairsift: accountable AI screening and triage. The AI recommends; people decide.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fairsift {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """fairsift never locates, tracks or profiles people; it reads and routes."""


# Applications
app.command()(screening.screen)
app.command()(screening.redact)
app.add_typer(screening.job_app, name="job")
# Reports
app.command()(triage.triage)
app.command()(triage.train)
# Accountability
app.add_typer(audit.audit_app, name="audit")
app.command()(audit.usecase)
app.command()(audit.notice)
# People's rights
app.command()(people.explain)
app.add_typer(people.people_app, name="people")
app.add_typer(people.retention_app, name="retention")
# The review service
app.add_typer(users.user_app, name="user")
app.command()(users.serve)
# Evaluations
app.add_typer(evaluate.eval_app, name="eval")


def main() -> None:
    app()
