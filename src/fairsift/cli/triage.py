"""Report commands: `fairsift triage` and `fairsift train`."""

from __future__ import annotations

import os
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from fairsift.cli._shared import (
    TEXT_COLUMN_HELP,
    DbOption,
    NoStoreOption,
    OutputOption,
    RayOption,
    err,
    fail,
    open_output,
    user_errors,
)


class TriageFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


def _input_key(record: Any) -> str:
    """A report's key in the store when it came from a file, so a rerun finds it: the input
    (a row's cells, a file's bytes) and the text read from it (another --text-column of the
    same row is another report)."""
    import hashlib

    text = hashlib.sha256(record.text.encode("utf-8")).hexdigest()
    return f"input:{record.sha256}:{text}"


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
        list[str] | None, typer.Option("--text-column", help=TEXT_COLUMN_HELP)
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
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=0,
            help="Processes for big batches (2,048 reports or more each); 0 = one per core.",
        ),
    ] = 0,
    ray: RayOption = None,
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
        raise fail(f"not found: {', '.join(missing)}. Check the paths")
    with user_errors():
        tax = load_taxonomy(taxonomy)
        if ray is not None:
            from fairsift.distributed import check_address

            check_address(ray)
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

                batch: dict[str, Any] = {
                    "inputs": inputs,
                    "taxonomy": tax,
                    "model": model,
                    "text_column": text_column,
                    "id_column": id_column,
                    "reuse": stored,
                    "on_rows": keep,
                    "progress": progress,
                }
                if ray is not None:
                    from fairsift.distributed.run import triage_on_ray

                    result = triage_on_ray(ray, triager, **batch)
                else:
                    count = workers or os.cpu_count() or 1
                    result = triage_batch(triager=triager, workers=count, **batch)
        finally:
            if store is not None:
                store.close()
    with open_output(output) as out:
        write_rows(result.rows, fmt.value, out, tax)  # type: ignore[arg-type]
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
        raise fail(f"not found: {', '.join(missing)}. Check the paths")
    with user_errors():
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
