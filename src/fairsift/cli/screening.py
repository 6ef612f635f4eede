"""Screening commands: `fairsift screen`, `fairsift redact`, `fairsift job show`."""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from fairsift.cli._shared import (
    DbOption,
    NoStoreOption,
    OutputOption,
    RayOption,
    err,
    fail,
    open_output,
    progress_bar,
    user_errors,
)
from fairsift.errors import FairsiftError


class ScreenFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class RedactFormat(StrEnum):
    text = "text"
    jsonl = "jsonl"


job_app = typer.Typer(help="Inspect job postings.", no_args_is_help=True)


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
    ray: RayOption = None,
) -> None:
    """Screen every candidate against every job; rank candidates per job.

    Reruns reuse stored results. Exit code 1 if any file could not be screened."""
    from fairsift.config import load_settings
    from fairsift.review.screening import expand_jobs, screen_batch
    from fairsift.screening.pipeline import Screener

    with user_errors():
        settings = load_settings(blind=blind, db=db)
        if ray is not None:
            from fairsift.distributed import check_address

            check_address(ray)
        job_paths = expand_jobs(job)
        if not job_paths:
            raise fail("no job postings found in " + ", ".join(map(str, job)))
        for path in job_paths:
            if not path.exists():
                raise fail(f"job file {path} does not exist. Check the path given to --job")
        missing = [str(p) for p in candidates if not p.exists()]
        if missing:
            raise fail(f"not found: {', '.join(missing)}. Check the paths")
        store = None
        if not no_store:
            from fairsift.store import Store

            store = Store.open(settings.db)
        if store is not None:
            from fairsift.review.screening import stored_embedder

            embedder = stored_embedder(store, settings.encoder_precision)
            screener = Screener.create(settings, embedder)
        else:
            screener = Screener.create(settings)
        cache_url = None if store is None else str(settings.db)
        jobs = [screener.load_job(path) for path in job_paths]
        from fairsift.intake import expand_paths

        files = expand_paths(candidates)
        if not files:
            raise fail("no resumes found (supported: .pdf .docx .txt .md .html)")
        try:
            with progress_bar(len(files), "screening") as advance:
                if ray is not None:
                    from fairsift.distributed.run import screen_on_ray

                    result = screen_on_ray(
                        ray, screener, jobs, files, store, progress=advance, cache_url=cache_url
                    )
                else:
                    count = workers or os.cpu_count() or 1
                    result = screen_batch(
                        screener,
                        jobs,
                        files,
                        store,
                        progress=advance,
                        workers=count,
                        cache_url=cache_url,
                    )
        finally:
            if store is not None:
                store.close()
    with open_output(output) as out:
        _write_screen(result.rows, fmt, out, single_candidate=len(files) == 1 and len(jobs) > 1)
    summary = f"{result.screened} screened, {result.reused} reused from the store"
    if result.failed_files:
        summary += f", {len(result.failed_files)} failed: " + ", ".join(result.failed_files)
    err.print(summary, highlight=False)
    err.print("These are recommendations; a person decides.", style="dim")
    if result.failed_files:
        raise typer.Exit(1)


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

    with user_errors():
        limits = Limits.from_settings(load_settings())
        paths = expand_paths(files)
    failed = 0
    with open_output(output) as out:
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
            result = blind(document.text, hints=(path.name,))  # the file name may name them
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
    from fairsift.screening.pipeline import (
        ROLE_SHARE,
        job_requirements,
        job_role,
        requirement_specificity,
    )
    from fairsift.screening.posting import PART_LABELS
    from fairsift.screening.role import TITLE_SHARE

    if not job.exists():
        raise fail(f"{job} does not exist. Check the path")
    with user_errors():
        if job.suffix.lower() == ".toml":
            posting = load_job_spec(job)
        else:
            document = read_document(job, Limits.from_settings(load_settings()))
            posting = parse_job(document.text)
    from_spec = job.suffix.lower() == ".toml"
    reqs = list(job_requirements(posting, from_spec=from_spec))
    role = None if from_spec else job_role(document.text, posting)
    # weight = importance × specificity, written out per requirement (the role fit aside)
    shown = (
        {
            id(new): old
            for new, old in zip(
                reqs[-len(posting.requirements) :], posting.requirements, strict=True
            )
        }
        if posting.requirements and not from_spec
        else {}
    )
    if fmt is RedactFormat.jsonl:
        data: dict[str, object] = {
            "job": str(job),
            "title": posting.title,
            "requirements": [r.to_dict() for r in reqs],
            "set_aside": [item.to_dict() for item in posting.set_aside],
        }
        if role is not None:
            data["role"] = {
                "level": role.level_cue,
                "stack": [{"skill": n, "weight": w, "named": k} for n, w, k in role.skills],
            }
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    console = Console()
    table = Table(title=f"{posting.title or '(no title)'} — {job}", title_justify="left")
    for name in ("kind", "importance", "weight", "requirement", "understood as"):
        table.add_column(name, overflow="fold")
    for r in reqs:
        extra = ["from the title"] if r.kind == "role" and not from_spec else []
        weight = f"{r.weight:g}"
        if id(r) in shown:
            old = shown[id(r)]
            weight = f"{old.weight:g} × {requirement_specificity(old):g} = {r.weight:g}"
        elif r.kind == "role" and role is not None:
            stack = ", ".join(f"{n} {w:g}" for n, w, _ in role.skills[:8])
            extra = [f"role fit: stack ({stack}), level ({role.level_cue}), title"]
        if r.years is not None:
            extra.append(f"{r.years:g}+ years")
        if r.level:
            extra.append(r.level + (f" in {r.subject}" if r.subject else ""))
        if r.terms:
            extra.append(", ".join(r.terms))
        table.add_row(r.kind, r.importance, weight, escape(r.text), escape("; ".join(extra)))
    console.print(table)
    if role is not None and reqs and reqs[0].kind == "role":
        console.print(
            f"score = 100 × Σ(weight × credit) / Σ weight. Weight = importance × specificity "
            f"(how much the requirement tells candidates apart). The role fit carries "
            f"{ROLE_SHARE:.0%} of the weight: {1 - TITLE_SHARE:g} × stack shown × level + "
            f"{TITLE_SHARE:g} × title."
        )
    if not reqs:
        console.print("no requirements found; write a TOML job spec to list them", style="yellow")
    if posting.set_aside:
        aside = Table(title="set aside (never requirements)", title_justify="left")
        for name in ("part", "text", "why"):
            aside.add_column(name, overflow="fold")
        for item in posting.set_aside:
            label = PART_LABELS.get(item.part, item.part)
            aside.add_row(label, escape(item.text), escape(item.reason))
        console.print(aside)
