"""The `fairsift` command: thin wrappers over importable functions.

Errors a user can cause are printed in one line (`error: [F10x] what. what to do`) with exit
code 2; a batch in which some file failed exits 1; success exits 0.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from fairsift import __version__
from fairsift.errors import FairsiftError

__all__ = ["app", "main"]

app = typer.Typer(
    help="fairsift: accountable AI screening and triage. The AI recommends; people decide.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
job_app = typer.Typer(help="Inspect job postings.", no_args_is_help=True)
app.add_typer(job_app, name="job")
audit_app = typer.Typer(
    help="Accountability: bias audits, counterfactual tests, language parity, log check.",
    no_args_is_help=True,
)
app.add_typer(audit_app, name="audit")
user_app = typer.Typer(help="People who use the review service.", no_args_is_help=True)
app.add_typer(user_app, name="user")
eval_app = typer.Typer(
    help="Evaluations on the development data, with baselines.", no_args_is_help=True
)
app.add_typer(eval_app, name="eval")

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
T = TypeVar("T")


class ScreenFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class RedactFormat(StrEnum):
    text = "text"
    jsonl = "jsonl"


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False, markup=True, soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def _user_errors() -> Iterator[None]:
    try:
        yield
    except FairsiftError as exc:
        raise _fail(str(exc)) from None


@contextmanager
def _output(path: Path | None) -> Iterator[io.TextIOBase | Any]:
    if path is None:
        yield sys.stdout
        return
    try:
        handle = path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise _fail(f"cannot write {path}: {exc.strerror}. Choose a writable path") from None
    with handle:
        yield handle


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


@app.command()
def screen(
    candidates: Annotated[
        list[Path], typer.Argument(help="Resume files or directories of them.", show_default=False)
    ],
    job: Annotated[
        list[Path],
        typer.Option(
            "--job",
            "-j",
            help="Job posting (PDF, DOCX, TXT, MD, HTML), TOML spec or directory. "
            "Repeat for several jobs.",
            show_default=False,
        ),
    ],
    fmt: Annotated[ScreenFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ScreenFormat.table
    ),
    output: OutputOption = None,
    blind: Annotated[
        bool, typer.Option("--blind/--no-blind", help="Hide identity from the scorer.")
    ] = True,
    db: DbOption = None,
    no_store: NoStoreOption = False,
    workers: Annotated[
        int, typer.Option("--workers", min=0, help="Processes for big batches; 0 = one per core.")
    ] = 0,
) -> None:
    """Screen every candidate against every job; rank candidates per job.

    Reruns reuse stored results. Exit code 1 if any file could not be screened."""
    from fairsift.config import load_settings
    from fairsift.review.screening import expand_jobs, screen_batch
    from fairsift.screening.pipeline import Screener

    with _user_errors():
        settings = load_settings(blind=blind, db=db)
        job_paths = expand_jobs(job)
        if not job_paths:
            raise _fail("no job postings found in " + ", ".join(map(str, job)))
        for path in job_paths:
            if not path.exists():
                raise _fail(f"job file {path} does not exist. Check the path given to --job")
        missing = [str(p) for p in candidates if not p.exists()]
        if missing:
            raise _fail(f"not found: {', '.join(missing)}. Check the paths")
        store = None
        if not no_store:
            from fairsift.store import Store

            store = Store.open(settings.db)
        screener = Screener.create(settings)
        jobs = [screener.load_job(path) for path in job_paths]
        from fairsift.intake import expand_paths

        files = expand_paths(candidates)
        if not files:
            raise _fail("no resumes found (supported: .pdf .docx .txt .md .html)")
        with _progress(len(files), "screening") as advance:
            count = workers or os.cpu_count() or 1
            result = screen_batch(screener, jobs, files, store, progress=advance, workers=count)
        if store is not None:
            store.close()
    with _output(output) as out:
        _write_screen(result.rows, fmt, out, single_candidate=len(files) == 1 and len(jobs) > 1)
    summary = f"{result.screened} screened, {result.reused} reused from the store"
    if result.failed_files:
        summary += f", {len(result.failed_files)} failed: " + ", ".join(result.failed_files)
    err.print(summary, highlight=False)
    err.print("These are recommendations; a person decides.", style="dim")
    if result.failed_files:
        raise typer.Exit(1)


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[str], None]]:
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


def _write_screen(
    rows: list[dict[str, Any]], fmt: ScreenFormat, out: Any, *, single_candidate: bool
) -> None:
    from fairsift.screening.output import CSV_FIELDS, csv_row

    if fmt is ScreenFormat.jsonl:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    elif fmt is ScreenFormat.json:
        out.write(json.dumps(rows, ensure_ascii=False, sort_keys=True, indent=2) + "\n")
    elif fmt is ScreenFormat.csv:
        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
        writer.writeheader()
        writer.writerows(csv_row(row) for row in rows)
    else:
        console = Console(file=out, width=None if out is sys.stdout else 160)
        if single_candidate:
            ordered = sorted(rows, key=lambda r: (r["score"] is None, -(r["score"] or 0)))
            _table(console, f"Jobs for {rows[0]['candidate']}", ordered, "job")
        else:
            by_job: dict[str, list[dict[str, Any]]] = {}
            for row in rows:
                by_job.setdefault(row["job"], []).append(row)
            for job_name, job_rows in by_job.items():
                _table(console, f"Ranking for {job_name}", job_rows, "candidate")


def _squeeze(text: str) -> str:
    """Masked runs shown as one block, so a quote stays readable in a narrow table."""
    return re.sub(r"█+", "█", text)


def _table(console: Console, title: str, rows: list[dict[str, Any]], key: str) -> None:
    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("#", justify="right")
    table.add_column(key)
    table.add_column("score", justify="right")
    table.add_column("met", justify="right")
    table.add_column("top evidence", overflow="fold", ratio=3)
    table.add_column("findings", overflow="fold", ratio=1)
    for position, row in enumerate(rows, start=1):
        if row["error"]:
            error = escape(row["error"])
            table.add_row("–", escape(Path(row[key]).name), "–", "–", f"[red]{error}[/red]", "")
            continue
        reqs = row["requirements"]
        met = sum(r["status"] == "met" for r in reqs)
        evidence = [
            escape(f"{r['text'][:40]} → “{_squeeze(r['evidence'][0]['quote'])[:70]}”")
            + f" (p.{r['evidence'][0]['page']})"
            for r in reqs
            if r["evidence"] and r["status"] in ("met", "partial")
        ][:2]
        findings = ", ".join(sorted({f["kind"] for f in row["findings"]}))
        rank = row["rank"] if key == "candidate" else position
        table.add_row(
            str(rank),
            escape(Path(row[key]).name),
            f"{row['score']:.1f}",
            f"{met}/{len(reqs)}",
            "\n".join(evidence),
            f"[yellow]{findings}[/yellow]" if findings else "",
        )
    console.print(table)


class TriageFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


_TEXT_COLUMN_HELP = (
    "CSV/JSONL column holding the report. Repeat for fallbacks: a row's first non-empty "
    "cell is its report (e.g. --text-column original --text-column message)."
)


def _input_key(record: Any) -> str:
    """A report's key in the store when it came from a file, so a rerun finds it: the input
    (a row's cells, a file's bytes) and the text read from it (another --text-column of the
    same row is another report)."""
    import hashlib

    text = hashlib.sha256(record.text.encode("utf-8")).hexdigest()
    return f"input:{record.sha256}:{text}"


@app.command()
def triage(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="CSV, JSONL, .eml or text files, or directories of them.", show_default=False
        ),
    ],
    taxonomy: Annotated[
        Path, typer.Option("--taxonomy", "-t", help="Taxonomy TOML.", show_default=False)
    ],
    model: Annotated[
        Path | None,
        typer.Option(
            "--model", "-m", help="Model directory from `fairsift train` (default: zero-shot)."
        ),
    ] = None,
    text_column: Annotated[
        list[str] | None, typer.Option("--text-column", help=_TEXT_COLUMN_HELP)
    ] = None,
    id_column: Annotated[
        str | None, typer.Option("--id-column", help="CSV/JSONL column holding the report id.")
    ] = None,
    fmt: Annotated[TriageFormat, typer.Option("--format", "-f", help="Output format.")] = (
        TriageFormat.table
    ),
    output: OutputOption = None,
    db: DbOption = None,
    no_store: NoStoreOption = False,
    reveal: Annotated[
        bool,
        typer.Option("--reveal", help="Show names, phones and e-mails in the report text."),
    ] = False,
) -> None:
    """Triage reports: language, English text, categories, urgency, duplicates, campaigns.

    Results are stored with provenance; reporters' contact details go to their own table.
    A rerun reuses the stored triage of reports seen before.
    Exit code 1 if any report could not be triaged."""
    from fairsift.config import load_settings
    from fairsift.store import Store
    from fairsift.store.reports import TriagedReport
    from fairsift.triage import Triager, load_taxonomy, triage_batch
    from fairsift.triage.output import write_rows

    missing = [str(p) for p in [*inputs, taxonomy, *([model] if model else [])] if not p.exists()]
    if missing:
        raise _fail(f"not found: {', '.join(missing)}. Check the paths")
    with _user_errors():
        tax = load_taxonomy(taxonomy)
        settings = load_settings(db=db)
        triager = Triager.create(tax, model, reveal=reveal)
        store = None if no_store else Store.open(settings.db)
        stale = reused = 0

        def stored(records: Sequence[Any]) -> dict[str, dict[str, Any]]:
            """Rows this taxonomy, model and view would give again, by input sha256."""
            nonlocal stale, reused
            if store is None:
                return {}
            keys = {r.sha256: _input_key(r) for r in records if r.ok}
            found = store.triaged_by_key(list(keys.values()))
            config = triager.config_sha256
            reuse = {
                sha: found[key]
                for sha, key in keys.items()
                if key in found
                and (found[key].get("provenance") or {}).get("config_sha256") == config
            }
            stale = len({k for k in keys.values() if k in found}) - len(reuse)
            reused = sum(1 for r in records if r.ok and r.sha256 in reuse)
            return reuse

        def keep(pairs: list[tuple[dict[str, Any], Any]]) -> None:
            if store is None:
                return
            items = []
            for row, record in pairs:
                if row["error"]:
                    continue  # nothing to keep; a rerun tries again
                fields = {
                    "idempotency_key": _input_key(record),
                    "id": record.id,
                    "input": record.source,
                }
                if record.received is not None:  # when the reporter sent it, as the input says
                    fields["sent_at"] = record.received.isoformat()
                items.append(TriagedReport(fields, record.text, record.contact, "cli", row))
            store.put_triaged_reports(items, actor="cli")

        bar = Progress(
            TextColumn("triage"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err,
            disable=not err.is_terminal,
        )
        try:
            with bar:
                task = bar.add_task("", total=None)

                def progress(done: int, total: int) -> None:
                    bar.update(task, completed=done, total=total)

                result = triage_batch(
                    inputs,
                    tax,
                    model,
                    text_column=text_column,
                    id_column=id_column,
                    reuse=stored,
                    on_rows=keep,
                    progress=progress,
                    triager=triager,
                )
        finally:
            if store is not None:
                store.close()
    with _output(output) as out:
        write_rows(result.rows, fmt.value, out)  # type: ignore[arg-type]
    summary = f"{len(result.rows) - reused - result.failed} triaged, {reused} reused from the store"
    bad = [row for row in result.rows if row["error"]]
    if bad:
        shown = ", ".join(row["id"] for row in bad[:10])
        summary += f", {len(bad)} failed: {shown}" + (
            f" and {len(bad) - 10} more" if len(bad) > 10 else ""
        )
        for row in bad[:10]:
            err.print(f"  {row['id']}: {row['error']}", highlight=False, markup=False)
    err.print(summary, highlight=False)
    if stale:
        err.print(
            f"{stale} reports were triaged before with another taxonomy, model or view: "
            "triaged again for this output; the store keeps their first triage",
            highlight=False,
        )
    err.print("These are recommendations; a person decides.", style="dim")
    if result.failed:
        raise typer.Exit(1)


@app.command()
def train(
    labelled: Annotated[
        Path,
        typer.Argument(help="CSV with report text and one 0/1 column per category."),
    ],
    taxonomy: Annotated[
        Path, typer.Option("--taxonomy", "-t", help="Taxonomy TOML.", show_default=False)
    ],
    text_column: Annotated[
        list[str],
        typer.Option(
            "--text-column",
            help="Column of report text. Repeat to learn from several (e.g. the report as "
            "received and a translation); empty cells are skipped.",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Model directory to write.", show_default=False)
    ],
    folds: Annotated[int, typer.Option("--folds", min=2, help="Cross-validation folds.")] = 5,
) -> None:
    """Learn categories from labelled reports, in every language given.

    Writes a model directory and a cross-validated precision/recall/F1 report."""
    from fairsift.triage import train as fit

    missing = [str(p) for p in (labelled, taxonomy) if not p.exists()]
    if missing:
        raise _fail(f"not found: {', '.join(missing)}. Check the paths")
    with _user_errors():
        report = fit(
            labelled,
            taxonomy,
            text_column,
            out,
            folds=folds,
            progress=lambda message: err.print(message, highlight=False, style="dim"),
        )
    typer.echo(report.table())
    for warning in report.warnings:
        err.print(f"[yellow]warning:[/yellow] {escape(warning)}", highlight=False)
    err.print(
        f"model written to {out} ({report.rows} reports, {report.samples} texts, "
        f"{report.skipped_rows} rows skipped); report in {out / 'report.csv'}",
        highlight=False,
    )


@app.command()
def redact(
    files: Annotated[list[Path], typer.Argument(help="Files to show in blind mode.")],
    fmt: Annotated[RedactFormat, typer.Option("--format", "-f", help="Output format.")] = (
        RedactFormat.text
    ),
    output: OutputOption = None,
) -> None:
    """Show the blind text the scorer sees, and what was removed."""
    from fairsift.config import load_settings
    from fairsift.intake import Limits, expand_paths, read_document
    from fairsift.privacy import redact as blind

    with _user_errors():
        limits = Limits.from_settings(load_settings())
        paths = expand_paths(files)
    failed = 0
    with _output(output) as out:
        for path in paths:
            try:
                document = read_document(path, limits)
            except FairsiftError as exc:
                failed += 1
                err.print(f"[red]error:[/red] {path}: {exc}", highlight=False)
                if fmt is RedactFormat.jsonl:
                    row: dict[str, Any] = {
                        "source": str(path),
                        "text": None,
                        "redactions": [],
                        "error": str(exc),
                    }
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
                continue
            result = blind(document.text)
            if fmt is RedactFormat.jsonl:
                row = {
                    "source": str(path),
                    "text": result.text,
                    "redactions": [r.to_dict() for r in result.redactions],
                    "error": None,
                }
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
            else:
                kinds: dict[str, int] = {}
                for r in result.redactions:
                    kinds[r.kind] = kinds.get(r.kind, 0) + 1
                removed = ", ".join(f"{k} ×{n}" for k, n in sorted(kinds.items())) or "nothing"
                out.write(f"==> {path} (removed: {removed})\n{result.text}\n\n")
    if failed:
        raise typer.Exit(1)


@job_app.command("show")
def job_show(
    job: Annotated[Path, typer.Argument(help="Job posting or TOML spec.")],
    fmt: Annotated[
        RedactFormat, typer.Option("--format", "-f", help="text or jsonl (one JSON object).")
    ] = RedactFormat.text,
) -> None:
    """Print the requirements fairsift understood from a job posting."""
    from fairsift.config import load_settings
    from fairsift.intake import Limits, read_document
    from fairsift.screening.jobs import load_job_spec, parse_job
    from fairsift.screening.pipeline import job_requirements

    if not job.exists():
        raise _fail(f"{job} does not exist. Check the path")
    with _user_errors():
        if job.suffix.lower() == ".toml":
            posting = load_job_spec(job)
        else:
            document = read_document(job, Limits.from_settings(load_settings()))
            posting = parse_job(document.text)
    from_spec = job.suffix.lower() == ".toml"
    reqs = list(job_requirements(posting, from_spec=from_spec))
    if fmt is RedactFormat.jsonl:
        data = {
            "job": str(job),
            "title": posting.title,
            "requirements": [r.to_dict() for r in reqs],
        }
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    console = Console()
    table = Table(title=f"{posting.title or '(no title)'} — {job}", title_justify="left")
    for name in ("kind", "importance", "weight", "requirement", "understood as"):
        table.add_column(name, overflow="fold")
    for r in reqs:
        extra = ["from the title"] if r.kind == "role" and not from_spec else []
        if r.years is not None:
            extra.append(f"{r.years:g}+ years")
        if r.level:
            extra.append(r.level + (f" in {r.subject}" if r.subject else ""))
        if r.terms:
            extra.append(", ".join(r.terms))
        table.add_row(
            r.kind, r.importance, f"{r.weight:g}", escape(r.text), escape("; ".join(extra))
        )
    console.print(table)
    if not reqs:
        console.print("no requirements found; write a TOML job spec to list them", style="yellow")


class BiasFormat(StrEnum):
    html = "html"
    json = "json"
    csv = "csv"


class DocFormat(StrEnum):
    md = "md"
    json = "json"


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        err.print(f"wrote {output}", highlight=False)


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
    fmt: Annotated[BiasFormat, typer.Option("--format", "-f")] = BiasFormat.html,
    output: OutputOption = None,
) -> None:
    """Selection and scoring rates and impact ratios (NYC Local Law 144).

    By sex, race/ethnicity and their intersections; ratios under 0.8 are flagged.
    Decisions and self-identification come from --db (the store) or from CSV files."""
    from fairsift.audit.commands import audit_bias
    from fairsift.audit.evidence import evidence_dir
    from fairsift.config import load_settings

    with _user_errors():
        settings = load_settings(db=db)
        text = audit_bias(
            db=db,
            decisions=decisions,
            demographics=demographics,
            threshold=threshold,
            format=fmt.value,
            output=output,
            evidence=evidence_dir(settings.db),
        )
    _emit(text, output)


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
        raise _fail(f"not found: {demographics}. Check the path")
    with _user_errors():
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

    with _user_errors():
        text = audit_counterfactual(
            job,
            resumes,
            format=fmt.value,
            output=output,
            names_per_group=names_per_group,
            evidence=evidence_dir(load_settings().db),
        )
    _emit(text, output)


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
        list[str], typer.Option("--text-column", help=_TEXT_COLUMN_HELP, show_default=False)
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
        raise _fail(f"not found: {', '.join(missing)}. Check the paths")
    with _user_errors():
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
                raise _fail(
                    f"cannot write {output}: {exc.strerror}. Choose a writable path"
                ) from None
    _emit(text, output)
    if any(entry["flagged"] for entry in result["languages"]):
        raise typer.Exit(1)


@app.command()
def usecase(
    fmt: Annotated[DocFormat, typer.Option("--format", "-f")] = DocFormat.md,
    db: DbOption = None,
) -> None:
    """The AI use-case record agencies publish.

    Purpose, models, evaluation (figures from `make eval`), fairness, oversight, appeal,
    retention and known limitations."""
    from fairsift.audit.usecase import usecase as record

    with _user_errors():
        sys.stdout.write(record(fmt.value, db=db))


@app.command()
def notice(
    job: Annotated[Path, typer.Option("--job", "-j", help="Job posting or TOML spec.")],
    employer: Annotated[str | None, typer.Option(help="Employer name.")] = None,
    contact: Annotated[str | None, typer.Option(help="Where to ask for an alternative.")] = None,
    retention: Annotated[str | None, typer.Option(help="Data retention policy.")] = None,
    audit_url: Annotated[
        str | None, typer.Option(help="Where the bias audit is published.")
    ] = None,
    fmt: Annotated[DocFormat, typer.Option("--format", "-f")] = DocFormat.md,
) -> None:
    """The candidate notice NYC Local Law 144 requires for this job."""
    from fairsift.audit.notice import notice as make_notice

    with _user_errors():
        sys.stdout.write(
            make_notice(
                job,
                employer=employer,
                contact=contact,
                retention=retention,
                audit_url=audit_url,
                format=fmt.value,
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

    with _user_errors():
        ok, lines = audit_verify(load_settings(db=db).db, anchor)
    for line in lines:
        typer.echo(line)
    if not ok:
        raise typer.Exit(1)


class Role(StrEnum):
    admin = "admin"
    reviewer = "reviewer"
    auditor = "auditor"


def _store(db: str | None) -> Any:
    from fairsift.config import load_settings
    from fairsift.store import Store

    return Store.open(load_settings(db=db).db)


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="Sign-in name.")],
    role: Annotated[Role, typer.Option("--role", help="admin, reviewer or auditor.")],
    queue: Annotated[
        list[str] | None,
        typer.Option("--queue", help="For reviewers: applications, reports or job:<sha256>."),
    ] = None,
    db: DbOption = None,
    password: Annotated[
        str | None,
        typer.Option(
            "--password",
            envvar="FAIRSIFT_NEW_PASSWORD",
            help="Password (asked for when not given; FAIRSIFT_NEW_PASSWORD for scripts).",
        ),
    ] = None,
) -> None:
    """Add a user. The first admin is added this way before the service is first used."""
    from fairsift.review.users import add_user

    secret = password or typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with _user_errors(), _store(db) as store:
        add_user(store, username, role.value, secret, queue or [], actor="cli")
    err.print(f"added {role.value} {username}", highlight=False)


@user_app.command("remove")
def user_remove(
    username: Annotated[str, typer.Argument(help="Sign-in name.")],
    db: DbOption = None,
) -> None:
    """Deactivate a user; their history stays in the audit log."""
    from fairsift.review.users import remove_user

    with _user_errors(), _store(db) as store:
        remove_user(store, username, actor="cli")
    err.print(f"removed {username}", highlight=False)


@user_app.command("list")
def user_list(
    db: DbOption = None,
) -> None:
    """Everyone ever added: role, queues, active, locked."""
    from fairsift.review.users import list_users

    with _user_errors(), _store(db) as store:
        users = list_users(store)
    if not users:
        err.print("no users yet: add the first admin with `fairsift user add NAME --role admin`")
        return
    table = Table(title_justify="left")
    for name in ("username", "role", "queues", "active", "locked"):
        table.add_column(name)
    for user in users:
        table.add_row(
            escape(user["username"]),
            user["role"],
            escape(", ".join(user["queues"])),
            "yes" if user["active"] else "no",
            "yes" if user["locked"] else "no",
        )
    Console().print(table)


@user_app.command("token")
def user_token(
    username: Annotated[str, typer.Argument(help="Sign-in name the token acts for.")],
    label: Annotated[str, typer.Option("--label", help="What the token is for.")] = "token",
    db: DbOption = None,
) -> None:
    """Create an API token for machines (Authorization: Bearer …); shown once."""
    from fairsift.review.users import create_token

    with _user_errors(), _store(db) as store:
        secret = create_token(store, username, label, actor="cli")
    typer.echo(secret)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    db: DbOption = None,
) -> None:
    """Run the review service: REST API, review pages, public report form.

    The API is described at /openapi.json (readable at /docs)."""
    from fairsift.service import run

    with _user_errors():
        run(host=host, port=port, db=db)


_PASS_THROUGH = {"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": []}


@eval_app.command("ranking", context_settings=_PASS_THROUGH)
def eval_ranking(ctx: typer.Context) -> None:
    """Ranking (NDCG@10, per-resume AUC) on the resume dataset vs two baselines.

    Options: `fairsift eval ranking --help`."""
    from fairsift.eval import ranking

    raise typer.Exit(ranking.main(ctx.args))


@eval_app.command("blind", context_settings=_PASS_THROUGH)
def eval_blind(ctx: typer.Context) -> None:
    """Blind-mode recall (names, contacts, locations) and skills kept.

    Options: `fairsift eval blind --help`."""
    from fairsift.eval import blind

    raise typer.Exit(blind.main(ctx.args))


@eval_app.command("triage", context_settings=_PASS_THROUGH)
def eval_triage(ctx: typer.Context) -> None:
    """Triage macro-F1 (English, as received), urgency vs actionable, vs TF-IDF baseline.

    Options: `fairsift eval triage --help`."""
    from fairsift.eval import triage as evaluation

    raise typer.Exit(evaluation.main(ctx.args))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
