"""Erasure: how long erasing one person takes as the store grows, against a baseline measured
in the same run: deleting the same rows without erasing audit payloads or scrubbing files
(what a naive erasure would do, and which leaves the person readable in the file).

For each size, a SQLite store (or --db URL) gets N candidates (assessment, document text,
contact details, decision, self-identification); then one person is erased the naive way,
another fully (rows, audit payloads, VACUUM and WAL truncation), and `audit verify` runs.
Prints seconds per erasure, the ratio full/naive, and the database size. Bounded by --sizes.
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from pathlib import Path

from sqlalchemy import delete

from fairsift.people import erase_person
from fairsift.people.subject import find_subject
from fairsift.privacy.identity import Identity
from fairsift.store import Store
from fairsift.store.models import Assessment
from fairsift.store.models_review import DecisionRow, Demographic, DocumentText

JOB = "f" * 64
RESUME = "Experienced developer. " * 120  # about 3 kB of text per person


def fill(store: Store, count: int) -> list[str]:
    store.put_job(sha256=JOB, source="job.md", title="Developer", requirements=[])
    shas = []
    for i in range(count):
        sha = hashlib.sha256(f"person {i}".encode()).hexdigest()
        payload = {"sha256": sha, "score": float(i % 100), "requirements": [], "error": None}
        store.put_assessment(
            kind="screening",
            job_sha256=JOB,
            item_sha256=sha,
            source=f"p{i}.pdf",
            config_sha256="c" * 64,
            payload=payload,
            provenance={},
            score=float(i % 100),
        )
        store.put_document_text(sha, f"Person {i}\nperson{i}@example.org\n{RESUME}", RESUME)
        store.put_candidate_contact(sha, Identity(f"Person {i}", (f"person{i}@example.org",), ()))
        shas.append(sha)
    for row in store.list_assessments("screening", limit=count):
        store.put_decision("application", row["id"], row["id"], "advance", "ok", "rita")
    return shas


def naive(store: Store, sha: str) -> None:
    with store.write() as session:
        subject = find_subject(session, sha)
        session.execute(delete(DecisionRow).where(DecisionRow.id.in_(subject.decisions)))
        session.execute(delete(Assessment).where(Assessment.item_sha256 == sha))
        session.execute(delete(DocumentText).where(DocumentText.sha256 == sha))
        session.execute(delete(Demographic).where(Demographic.candidate_sha256 == sha))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks erasure")
    parser.add_argument("--sizes", default="1000,5000", help="candidates in the store")
    parser.add_argument("--db", help="a database URL to use instead of a temp SQLite file")
    args = parser.parse_args(argv)
    print("candidates  naive_s  full_s  ratio  verify_s  db_MB")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "fairsift.db"
            with Store.open(args.db or path) as store:
                shas = fill(store, size)
                naive(store, shas[0])  # warm-up: the first query pays for caches
                started = time.perf_counter()
                naive(store, shas[2])
                naive_s = time.perf_counter() - started
                started = time.perf_counter()
                erase_person(store, shas[1], "bench")
                full_s = time.perf_counter() - started
                started = time.perf_counter()
                problems = store.verify_audit()
                verify_s = time.perf_counter() - started
            megabytes = path.stat().st_size / 1e6 if path.exists() else float("nan")
            # the naive deletion is caught by verify (its records are gone without erasure)
            assert problems and all(p.entry_id for p in problems), problems
            ratio = full_s / naive_s
            print(
                f"{size:10d}  {naive_s:7.3f}  {full_s:6.3f}  {ratio:5.1f}  {verify_s:8.3f}  "
                f"{megabytes:5.1f}"
            )
