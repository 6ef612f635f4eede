"""Screen N mixed resumes (PDF/DOCX/TXT, 1–3 pages) against one job on this machine.

Prints resumes/s warm (target ≥ 10), model load time (≤ 5 s), peak RSS (≤ 1.5 GB) and the
ratio of full screening time to bare text extraction of the same files, both measured in
this run (target ≤ 3×).
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from docgen import make_docx, make_pdf  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "resumes" / "UpdatedResumeDataSet.csv"
LINES_PER_PAGE = 52


def _fix(text: str) -> str:
    try:
        return text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def resume_texts() -> list[str]:
    if DATA.exists():
        with DATA.open(encoding="utf-8", errors="replace") as handle:
            texts = list(dict.fromkeys(row["Resume"] for row in csv.DictReader(handle)))
        return [_fix(t) for t in texts if len(t) > 300]
    return [p.read_text() for p in sorted((ROOT / "examples" / "resumes").glob("*.txt"))]


def _pages(text: str, rng: random.Random) -> list[list[str]]:
    lines: list[str] = []
    for raw in text.splitlines():
        lines.extend(textwrap.wrap(raw, 95) or [""])
    want = rng.choice([1, 2, 2, 3])
    while len(lines) < want * LINES_PER_PAGE // 2:  # pad short resumes to their page count
        lines += lines[:LINES_PER_PAGE]
    lines = lines[: want * LINES_PER_PAGE]
    # 500 files come from 166 resumes: vary every line a little so no file repeats another's
    # lines and the embedding cache cannot make the figures look better than real batches.
    lines = [f"{line} ({rng.randint(1, 99)})" if line.strip() else line for line in lines]
    return [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]


def make_corpus(folder: Path, n: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    texts = resume_texts()
    paths = []
    for i in range(n):
        text = texts[i % len(texts)]
        pages = _pages(text, rng)
        kind = ("pdf", "docx", "txt")[i % 3]
        path = folder / f"r{i:04d}.{kind}"
        safe = [[line.encode("latin-1", "replace").decode("latin-1") for line in p] for p in pages]
        if kind == "pdf":
            make_pdf(path, safe)
        elif kind == "docx":
            make_docx(path, [line for page in pages for line in page])
        else:
            path.write_text("\n\n".join("\n".join(p) for p in pages), encoding="utf-8")
        paths.append(path)
    return paths


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks screening")
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--job", default=str(ROOT / "examples" / "jobs" / "data-scientist.md"))
    args = parser.parse_args(argv)

    from fairsift.config import load_settings
    from fairsift.intake import Limits, read_document
    from fairsift.review.screening import screen_batch

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        files = make_corpus(folder, args.n)
        print(f"corpus: {len(files)} files (pdf/docx/txt) made in {time.perf_counter() - t0:.1f} s")

        settings = load_settings()
        limits = Limits.from_settings(settings)
        extract_times = []
        t0 = time.perf_counter()
        for path in files:
            t = time.perf_counter()
            read_document(path, limits)
            extract_times.append(time.perf_counter() - t)
        extract = time.perf_counter() - t0

        t0 = time.perf_counter()
        from fairsift.models.embed import BundledEmbedder, CachedEmbedder
        from fairsift.screening.pipeline import Screener

        embedder = BundledEmbedder()
        embedder.load()
        load = time.perf_counter() - t0
        screener = Screener.create(settings, CachedEmbedder(embedder))
        job = screener.load_job(args.job)

        t0 = time.perf_counter()
        result = screen_batch(screener, [job], files, store=None)
        full = time.perf_counter() - t0
        failed = len(result.failed_files)
        # Two processes, as `fairsift screen` runs a batch on 2 cores: pool start-up and the
        # workers' model loads are inside the timing.
        t0 = time.perf_counter()
        parallel = screen_batch(screener, [job], files, store=None, workers=2)
        full2 = time.perf_counter() - t0
        same = [r["score"] for r in parallel.rows] == [r["score"] for r in result.rows]

    rate = len(files) / full
    median_ms = statistics.median(extract_times) * 1000
    print(f"bare extraction: {extract:.1f} s, median {median_ms:.1f} ms/file")
    print(f"model load: {load:.2f} s (target ≤ 5)")
    print(f"full screening, 1 process (warm): {full:.1f} s, {rate:.1f} resumes/s (target ≥ 10)")
    print(f"full screening, 2 processes: {full2:.1f} s, {len(files) / full2:.1f} resumes/s")
    print(f"  same scores as 1 process: {same}")
    print(
        f"ratio full / extraction: {full / extract:.2f}× with 1 process, "
        f"{full2 / extract:.2f}× with 2 (target ≤ 3)"
    )
    print(f"peak RSS: {rss_mb():.0f} MB (target ≤ 1536)")
    print(f"failed files: {failed}")


if __name__ == "__main__":
    main(sys.argv[1:])
