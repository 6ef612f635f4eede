"""People's rights: `fairsift explain`, `fairsift people export|erase|duplicates|merge`,
`fairsift retention run`. Thin wrappers over fairsift.audit.explain and fairsift.people."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fairsift.cli._shared import DbOption, err, fail, user_errors

if TYPE_CHECKING:
    from fairsift.store import Store

__all__ = ["explain", "people_app", "retention_app"]

people_app = typer.Typer(
    help="Access, erasure and duplicates: everything held about one person, by their ID.",
    no_args_is_help=True,
)
retention_app = typer.Typer(
    help="Erase what is past its queue's retention period.", no_args_is_help=True
)

IdArgument = Annotated[
    str, typer.Argument(help="The resume's sha256 (from `fairsift screen`) or a receipt code.")
]
ActorOption = Annotated[str, typer.Option("--actor", help="Who does this, for the audit log.")]


def _open(db: str | None) -> Store:
    from fairsift.config import load_settings
    from fairsift.store import Store

    return Store.open(load_settings(db=db).db)


def explain(
    application: Annotated[
        int, typer.Argument(help="The application's number (its assessment id).")
    ],
    db: DbOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write HTML, or PDF for a name ending .pdf."),
    ] = None,
    contact: Annotated[str | None, typer.Option(help="Where the candidate contests it.")] = None,
    language: Annotated[
        str | None, typer.Option(help="Letter language (default: the posting's).")
    ] = None,
) -> None:
    """The explanation letter for one application: the AI's role, each requirement with its
    evidence, the score's arithmetic, who decided and when, how to contest."""
    from fairsift.audit.explain import explanation_html, explanation_pdf

    with user_errors(), _open(db) as store:
        if output is not None and output.suffix.lower() == ".pdf":
            data = explanation_pdf(store, application, contact, language)
            _write_bytes(output, data)
        else:
            text = explanation_html(store, application, contact, language)
            if output is None:
                sys.stdout.write(text)
            else:
                _write_bytes(output, text.encode("utf-8"))
        store.append_audit(
            "explanation",
            "cli",
            f"application:{application}",
            {"format": "pdf" if output and output.suffix.lower() == ".pdf" else "html"},
        )
    if output is not None:
        err.print(f"wrote {output}", highlight=False)


def _write_bytes(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise fail(f"cannot write {path}: {exc.strerror}. Choose a writable path") from None


@people_app.command("export")
def people_export(
    person: IdArgument,
    output: Annotated[Path, typer.Option("--output", "-o", help="The zip to write.")],
    db: DbOption = None,
    actor: ActorOption = "cli",
) -> None:
    """Everything held about one person, in one zip."""
    from fairsift.people import export_person

    with user_errors(), _open(db) as store:
        counts = export_person(store, person, output, actor)
    err.print(
        f"wrote {output}: " + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items()),
        highlight=False,
    )


@people_app.command("erase")
def people_erase(
    person: IdArgument,
    db: DbOption = None,
    yes: Annotated[bool, typer.Option("--yes", help="Erase without asking.")] = False,
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="The review service's data folder (uploads).")
    ] = None,
    actor: ActorOption = "cli",
) -> None:
    """Erase one person: their rows, files and the contents of the audit entries about them.
    The audit chain still verifies. This cannot be undone."""
    from fairsift.people import erase_person

    if not yes:
        raise fail("erasure cannot be undone: pass --yes to confirm")
    roots = [data_dir / "uploads"] if data_dir is not None else []
    with user_errors(), _open(db) as store:
        result = erase_person(store, person, actor, upload_roots=roots)
    for line in result.lines():
        typer.echo(line)


@people_app.command("duplicates")
def people_duplicates(db: DbOption = None) -> None:
    """Candidates who seem to be one person (same e-mail or phone), not yet merged.

    The same resume twice is one candidate already (one sha256)."""
    from fairsift.people.duplicates import duplicate_groups

    with user_errors(), _open(db) as store:
        groups = duplicate_groups(store)
    for group in groups:
        typer.echo(f"{group.reason}: " + " ".join(group.candidates))
    err.print(f"{len(groups)} groups", highlight=False)


@people_app.command("merge")
def people_merge(
    primary: Annotated[str, typer.Argument(help="The resume sha256 the person is counted as.")],
    duplicate: Annotated[str, typer.Argument(help="The other resume sha256 of the same person.")],
    db: DbOption = None,
    actor: ActorOption = "cli",
) -> None:
    """Record that two resumes are one person: bias audits count them once."""
    with user_errors(), _open(db) as store:
        store.merge_candidates(primary.lower(), duplicate.lower(), actor)
    err.print("merged", highlight=False)


@retention_app.command("run")
def retention_run(
    db: DbOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would go; erase nothing.")
    ] = False,
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="The review service's data folder (uploads).")
    ] = None,
) -> None:
    """Erase the people past their queue's retention period (settings: retention_days);
    audit entries keep their contents for audit_log_days (at least six months)."""
    from fairsift.config import load_settings
    from fairsift.people.retention import run_retention
    from fairsift.store import Store

    with user_errors():
        settings = load_settings(db=db)
        with Store.open(settings.db) as store:
            roots = [data_dir / "uploads"] if data_dir is not None else []
            report = run_retention(store, settings, dry_run=dry_run, upload_roots=roots)
    for line in report.lines():
        typer.echo(line)
