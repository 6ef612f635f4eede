"""Accountability commands: `fairsift audit …`, `fairsift usecase`, `fairsift notice`."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from fairsift.cli._shared import (
    TEXT_COLUMN_HELP,
    DbOption,
    OutputOption,
    emit,
    err,
    fail,
    user_errors,
)

audit_app = typer.Typer(
    help="Accountability: bias audits, counterfactual tests, language parity, log check.",
    no_args_is_help=True,
)


class BiasFormat(StrEnum):
    html = "html"
    json = "json"
    csv = "csv"
    summary = "summary"


class DocFormat(StrEnum):
    md = "md"
    json = "json"


@audit_app.command("bias")
def audit_bias_command(
    db: Annotated[
        str | None,
        typer.Option("--db", help="Store to read decisions and self-identification from."),
    ] = None,
    decisions: Annotated[
        Path | None, typer.Option("--decisions", help="CSV: candidate, selected (0/1), score.")
    ] = None,
    demographics: Annotated[
        Path | None,
        typer.Option(
            "--demographics", help="CSV: candidate, sex, race_ethnicity (self-identified)."
        ),
    ] = None,
    threshold: Annotated[
        float | None, typer.Option("--threshold", help="Count score ≥ THRESHOLD as selected.")
    ] = None,
    fmt: Annotated[
        BiasFormat,
        typer.Option("--format", "-f", help="summary: the LL144 publication (PDF if -o X.pdf)."),
    ] = BiasFormat.html,
    output: OutputOption = None,
    distribution_date: Annotated[
        str | None,
        typer.Option("--distribution-date", help="YYYY-MM-DD the tool was first used (summary)."),
    ] = None,
    employer: Annotated[str | None, typer.Option(help="Employer name (summary).")] = None,
) -> None:
    """Selection and scoring rates and impact ratios (NYC Local Law 144).

    By sex, race/ethnicity and their intersections; ratios under 0.8 are flagged.
    Decisions and self-identification come from --db (the store) or from CSV files."""
    from fairsift.audit.commands import audit_bias
    from fairsift.audit.evidence import evidence_dir
    from fairsift.config import load_settings

    with user_errors():
        settings = load_settings(db=db)
        text = audit_bias(
            db=db,
            decisions=decisions,
            demographics=demographics,
            threshold=threshold,
            format=fmt.value,
            output=output,
            evidence=evidence_dir(settings.db),
            distribution_date=_day(distribution_date),
            employer=employer,
        )
    emit(text, output)


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(f"--distribution-date {text!r} is not a date. Write it as YYYY-MM-DD") from None


@audit_app.command("import-demographics")
def audit_import_demographics(
    demographics: Annotated[
        Path, typer.Argument(help="CSV: candidate (resume sha256), sex, race_ethnicity.")
    ],
    db: DbOption = None,
) -> None:
    """Store candidates' self-identification in its own table, for `audit bias --db`.

    Reviewers never see this table; nothing about a person is ever inferred."""
    from fairsift.audit.commands import import_demographics
    from fairsift.config import load_settings

    if not demographics.is_file():
        raise fail(f"not found: {demographics}. Check the path")
    with user_errors():
        count = import_demographics(load_settings(db=db).db, demographics)
    err.print(f"stored the self-identification of {count} candidates", highlight=False)


@audit_app.command("counterfactual")
def audit_counterfactual_command(
    resumes: Annotated[list[Path], typer.Argument(help="Resume files to rewrite and rescreen.")],
    job: Annotated[Path, typer.Option("--job", "-j", help="Job posting or TOML spec.")],
    fmt: Annotated[DocFormat, typer.Option("--format", "-f")] = DocFormat.md,
    output: OutputOption = None,
    names_per_group: Annotated[
        int | None, typer.Option("--names-per-group", min=1, help="Names tried per group.")
    ] = None,
) -> None:
    """Score changes when only who the person seems to be is swapped.

    Names, pronouns, ages and addresses are swapped; every variant is rescreened, blind and
    not blind."""
    from fairsift.audit.commands import audit_counterfactual
    from fairsift.audit.evidence import evidence_dir
    from fairsift.config import load_settings

    with user_errors():
        text = audit_counterfactual(
            job,
            resumes,
            format=fmt.value,
            output=output,
            names_per_group=names_per_group,
            evidence=evidence_dir(load_settings().db),
        )
    emit(text, output)


class ParityFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


@audit_app.command("parity")
def audit_parity_command(
    labelled: Annotated[Path, typer.Argument(help="CSV of labelled reports (0/1 per category).")],
    taxonomy: Annotated[
        Path, typer.Option("--taxonomy", "-t", help="Taxonomy TOML.", show_default=False)
    ],
    text_column: Annotated[
        list[str], typer.Option("--text-column", help=TEXT_COLUMN_HELP, show_default=False)
    ],
    model: Annotated[
        Path | None,
        typer.Option(
            "--model", "-m", help="Model directory from `fairsift train` (default: zero-shot)."
        ),
    ] = None,
    language_column: Annotated[
        str | None,
        typer.Option(
            "--language-column", help="Column naming each report's language (default: detected)."
        ),
    ] = None,
    english_column: Annotated[
        str | None,
        typer.Option("--english-column", help="Column with an English version of the report."),
    ] = None,
    urgent_column: Annotated[
        str | None,
        typer.Option(
            "--urgent-column",
            help="0/1 column of truly urgent reports "
            "(default: from the labelled categories' urgency).",
        ),
    ] = None,
    fmt: Annotated[ParityFormat, typer.Option("--format", "-f")] = ParityFormat.table,
    output: OutputOption = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Store whose evidence folder keeps the figures."),
    ] = None,
) -> None:
    """Per language: macro-F1, urgency recall, agreement with the English version.

    Languages below 0.85× English are flagged. Exit code 1 if any is."""
    from fairsift.audit.evidence import evidence_dir, save_evidence
    from fairsift.audit.parity import parity_audit, render_parity
    from fairsift.config import load_settings

    missing = [str(p) for p in [labelled, taxonomy, *([model] if model else [])] if not p.exists()]
    if missing:
        raise fail(f"not found: {', '.join(missing)}. Check the paths")
    with user_errors():
        result = parity_audit(
            labelled,
            taxonomy,
            model,
            text_column,
            language_column=language_column,
            english_column=english_column,
            urgent_column=urgent_column,
        )
        save_evidence("audit-parity", result, evidence_dir(load_settings(db=db).db))
        text = render_parity(result, fmt.value)
        if output is not None:
            try:
                output.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise fail(
                    f"cannot write {output}: {exc.strerror}. Choose a writable path"
                ) from None
    emit(text, output)
    if any(entry["flagged"] for entry in result["languages"]):
        raise typer.Exit(1)


def usecase(
    fmt: Annotated[DocFormat, typer.Option("--format", "-f")] = DocFormat.md,
    db: DbOption = None,
) -> None:
    """The AI use-case record agencies publish.

    Purpose, models, evaluation (figures from `make eval`), fairness, oversight, appeal,
    retention and known limitations."""
    from fairsift.audit.usecase import usecase as record

    with user_errors():
        sys.stdout.write(record(fmt.value, db=db))


def notice(
    job: Annotated[Path, typer.Option("--job", "-j", help="Job posting or TOML spec.")],
    employer: Annotated[str | None, typer.Option(help="Employer name.")] = None,
    contact: Annotated[str | None, typer.Option(help="Where to ask for an alternative.")] = None,
    retention: Annotated[str | None, typer.Option(help="Data retention policy.")] = None,
    audit_url: Annotated[
        str | None, typer.Option(help="Where the bias audit is published.")
    ] = None,
    fmt: Annotated[DocFormat, typer.Option("--format", "-f")] = DocFormat.md,
    service_url: Annotated[
        str | None,
        typer.Option(
            help="The review service's public address: the notice links its request page."
        ),
    ] = None,
) -> None:
    """The candidate notice NYC Local Law 144 requires for this job."""
    from fairsift.audit.notice import notice as make_notice

    with user_errors():
        sys.stdout.write(
            make_notice(
                job,
                employer=employer,
                contact=contact,
                retention=retention,
                audit_url=audit_url,
                format=fmt.value,
                service_url=service_url,
            )
        )


@audit_app.command("verify")
def audit_verify_command(
    db: DbOption = None,
    anchor: Annotated[
        str | None, typer.Option("--anchor", help="ID:HASH of a head written down earlier.")
    ] = None,
) -> None:
    """Check the audit log's hash chain; name any edited, deleted, inserted or moved entry.

    Exit code 1 if the log is not intact."""
    from fairsift.audit.log import audit_verify
    from fairsift.config import load_settings

    with user_errors():
        ok, lines = audit_verify(load_settings(db=db).db, anchor)
    for line in lines:
        typer.echo(line)
    if not ok:
        raise typer.Exit(1)
