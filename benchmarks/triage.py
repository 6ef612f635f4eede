"""Report triage on this machine, each figure beside a TF-IDF baseline measured in this run.

- English reports triaged per second as `fairsift triage` runs them (read from a CSV,
  language, embedding, categories, urgency, reviewer view, grouping; no store), in one
  process and with --workers 2 (their start-up included; target ≥ 100/s on 2 cores), and per
  CPU-second of the process and its children (target ≥ 300 per core); baseline: TF-IDF +
  logistic regression (scikit-learn) vectorising and predicting the same reports.
- A mixed batch as received (the messages' originals — Haitian Kreyol, Urdu in Latin script,
  French — with English ones, and the life-safety set's nine languages and scripts), the same
  ways: the second encoder (multilingual-e5-small) reads the reports in languages the first
  does not know, so this is the rate that matters (target ≥ 100/s). Rows with --workers 2
  are checked equal to one process's.
- Duplicate grouping of 25k, 50k and 100k synthetic reports (resent, edited, forwarded copies of
  real messages), with the 100k/25k time ratio (near-linear: about 4); baseline: TF-IDF cosine
  nearest neighbours over all pairs (quadratic), timed at 5k, 10k and 20k.
- Translation into English per language with the offline translators (apertium pairs, French
  through Spanish, Bergamot for Portuguese): reports/s and characters/s. No baseline: TF-IDF
  does not translate.
- Peak RSS (target ≤ 2 GB).

The reports are the public disaster-response messages (../shared/data), each varied slightly
so the embedding cache cannot answer for them. The trained model is trained here first (its
time is printed) unless --model names one.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "reports" / "disaster_response_validation.csv"
TAXONOMY = ROOT / "examples" / "taxonomies" / "disaster-response.toml"
_WORDS = ["please", "today", "now", "again", "urgently", "here", "still", "too"]


def rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def messages() -> list[str]:
    if not DATA.exists():
        sys.exit(f"the benchmark needs {DATA}")
    with DATA.open(encoding="utf-8", newline="") as handle:
        return [" ".join(row["message"].split()) for row in csv.DictReader(handle)]


def varied(texts: list[str], n: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        words = texts[i % len(texts)].split()
        words.insert(rng.randrange(len(words) + 1), rng.choice(_WORDS))
        out.append(" ".join(words) + f" ({i})")
    return out


def synthetic_reports(
    texts: list[str], vectors: np.ndarray[Any, Any], n: int, seed: int = 5
) -> tuple[list[str], np.ndarray[Any, Any]]:
    """n reports and their vectors: a third fresh (real words in a new order, a vector of
    their own), the rest resent, lightly edited or forwarded copies (their source's vector,
    barely moved). Vectors stand in for the encoder, which classification runs anyway."""
    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    out: list[str] = []
    rows = np.zeros((n, vectors.shape[1]), dtype=np.float32)
    for i in range(n):
        kind = i % 3
        if kind == 0 or not out:
            pick = rng.randrange(len(texts))
            base = texts[pick].split()
            rng.shuffle(base)
            out.append(" ".join(base) + f" ref {i}")
            rows[i] = vectors[pick] + noise.normal(0, 0.1, vectors.shape[1])
        else:
            source = rng.randrange(len(out))
            words = out[source].split()
            if kind == 2 and len(words) > 3:
                words[rng.randrange(len(words))] = rng.choice(_WORDS)
            out.append(("FWD: " if kind == 1 else "") + " ".join(words))
            rows[i] = rows[source] + noise.normal(0, 0.005, vectors.shape[1])
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return out, rows


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (worker processes,
    translators): what the batch cost the machine, not what one process spent."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


WORKER_PEAKS: list[float] = []  # MB, of every worker process of this run


def write_reports(texts: list[str], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "message"])
        writer.writerows([f"r{i}", text] for i, text in enumerate(texts))
    return path


def run_batch(
    model: str | None, texts: list[str], workers: int = 1, triager: Any = None
) -> tuple[float, float, list[dict[str, Any]], tuple[int, int, float]]:
    """(reports/s by the wall clock, reports/s per CPU-second, rows, what the second
    encoder read in this process: reports, words, CPU-seconds) of `fairsift triage` on
    `texts` (read from a CSV, grouped, no store), with the driver's models loaded first.
    Worker processes, when asked for, start and load their models inside the timing."""
    from fairsift.triage import pipeline
    from fairsift.triage.pipeline import Triager, triage_batch

    if triager is None:
        triager = Triager.create(TAXONOMY, model)
        triager.load()
    # the pool even below the batch size from which `fairsift triage` starts it by default
    pipeline.MIN_PER_WORKER = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = write_reports(texts, Path(tmp) / "reports.csv")
        reads = triager.meaning.reads
        before = (reads.reports, reads.words, reads.seconds)
        t0, c0 = time.perf_counter(), cpu_seconds()
        with WorkerPeaks() as peaks, StageClock(triager) as clock:
            result = triage_batch(
                [path], TAXONOMY, model, "message", "id", triager=triager, workers=workers
            )
        wall, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    if workers == 1:
        STAGES[len(texts), texts[0]] = (cpu, dict(clock.seconds))
    WORKER_PEAKS.extend(peaks.peaks.values())
    second = (reads.reports - before[0], reads.words - before[1], reads.seconds - before[2])
    return len(texts) / wall, len(texts) / cpu, result.rows, second


# one-process runs: (CPU-s, CPU-s per stage), by (reports, first report)
STAGES: dict[tuple[int, str], tuple[float, dict[str, float]]] = {}


class StageClock:
    """CPU seconds of each stage of a one-process run, by the thread that ran it (language
    detection runs on a background thread), each stage without the stages it calls."""

    def __init__(self, triager: Any) -> None:
        from fairsift.models import embed
        from fairsift.triage import pipeline, stack, urgency

        self.seconds: dict[str, float] = {}
        self._local = threading.local()
        self._patched: list[tuple[Any, str, Any]] = []
        self._targets = [
            (pipeline.Triager, "languages_of", "language detection and translation"),
            (embed.BundledEmbedder, "embed", "first encoder (USE)"),
            (embed.E5Embedder, "embed", "second encoder (e5)"),
            (type(triager.classifier), "predict", "classifier"),
            (stack, "neighbour_shares", "  of which second-stage kNN"),
            (urgency.UrgencyRules, "assess", "urgency rules and cue words"),
            (pipeline.Triager, "_row", "row and reviewer view (PII masking)"),
            (pipeline.Triager, "group", "duplicates, campaigns, consistent urgency"),
        ]

    def _wrap(self, function: Any, label: str) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            stack = self._local.__dict__.setdefault("stack", [])
            start = time.thread_time()
            stack.append(0.0)  # time spent in stages this one calls
            try:
                return function(*args, **kwargs)
            finally:
                spent = time.thread_time() - start
                inner = stack.pop()
                self.seconds[label] = self.seconds.get(label, 0.0) + spent - inner
                if stack:
                    stack[-1] += spent

        return timed

    def __enter__(self) -> StageClock:
        for owner, name, label in self._targets:
            own = name in owner.__dict__  # else inherited: removed again at the end
            self._patched.append((owner, name, owner.__dict__[name] if own else None))
            setattr(owner, name, self._wrap(getattr(owner, name), label))
        return self

    def __exit__(self, *exc: object) -> None:
        for owner, name, original in reversed(self._patched):
            if original is None:
                delattr(owner, name)
            else:
                setattr(owner, name, original)


def stage_lines(texts: list[str]) -> str:
    """The per-stage split of the one-process run of `texts`."""
    total, seconds = STAGES[len(texts), texts[0]]
    parts = []
    inner = seconds.get("  of which second-stage kNN", 0.0)
    for label, spent in sorted(seconds.items(), key=lambda item: -item[1]):
        if label.startswith("  of which"):
            continue
        shown = spent + inner if label == "classifier" else spent
        extra = f" (second-stage kNN {inner:.2f})" if label == "classifier" else ""
        parts.append(f"{label} {shown:.2f}{extra}")
    rest = total - sum(seconds.values())
    parts.append(f"translator processes, reading, meaning margins and the rest {rest:.2f}")
    return f"CPU-s per stage, 1 process, of {total:.1f}: " + "; ".join(parts)


class WorkerPeaks:
    """Peak resident memory (VmHWM) of each live child process, sampled twice a second.
    RUSAGE_CHILDREN cannot say it: a spawned child starts as a fork of this process, so its
    recorded peak is at least this process's size."""

    def __init__(self) -> None:
        self.peaks: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> WorkerPeaks:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.wait(0.5):
            for child in multiprocessing.active_children():
                try:
                    status = Path(f"/proc/{child.pid}/status").read_text()
                except OSError:
                    continue
                for line in status.splitlines():
                    if line.startswith("VmHWM:") and child.pid is not None:
                        mb = int(line.split()[1]) / 1024
                        self.peaks[child.pid] = max(self.peaks.get(child.pid, 0.0), mb)


def mixed_batch(n: int, seed: int = 11) -> list[str]:
    """n reports as received: originals where a message has one, else its English text, and
    the life-safety set, each varied so the caches cannot answer."""
    from fairsift.eval.triage import LIFE_SAFETY, load_life_safety

    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    received = [" ".join((r["original"] or r["message"]).split()) for r in rows]
    received += [item["text"] for item in load_life_safety(LIFE_SAFETY)]
    random.Random(seed).shuffle(received)
    return varied(received, n, seed)


def second_share(reads: tuple[int, int, float], n: int, per_cpu: float) -> str:
    """One line on the second encoder's part of a one-process run."""
    reports, words, seconds = reads
    total = n / per_cpu
    return (
        f"second encoder (multilingual-e5-small) read {reports} of {n} reports "
        f"({reports / n:.0%}, {words} words): {seconds:.1f} of {total:.1f} CPU-s "
        f"({seconds / total:.0%}); without it {n / max(total - seconds, 1e-9):.0f} per CPU-second"
    )


def start_up(model: str | None) -> float:
    """Seconds to build a Triager and load all its models (paid once per process)."""
    from fairsift.triage.pipeline import Triager

    t0 = time.perf_counter()
    Triager.create(TAXONOMY, model).load()
    return time.perf_counter() - t0


def baseline_classify(train: list[str], labels: np.ndarray[Any, Any], texts: list[str]) -> float:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectoriser = TfidfVectorizer()
    matrix = vectoriser.fit_transform(train)
    models = [
        LogisticRegression(class_weight="balanced", max_iter=1000).fit(matrix, labels[:, j])
        for j in range(labels.shape[1])
        if 0 < labels[:, j].sum() < len(labels)
    ]
    t0 = time.perf_counter()
    x = vectoriser.transform(texts)
    for model in models:
        model.predict(x)
    return len(texts) / (time.perf_counter() - t0)


def group_time(texts: list[str], vectors: np.ndarray[Any, Any]) -> tuple[float, int]:
    from fairsift.triage.duplicates import group_duplicates

    t0 = time.perf_counter()
    found = group_duplicates([str(i) for i in range(len(texts))], texts, vectors)
    return time.perf_counter() - t0, sum(1 for d in found if d.duplicate_of)


def baseline_group_time(texts: list[str]) -> float:
    from sklearn.feature_extraction.text import TfidfVectorizer

    t0 = time.perf_counter()
    matrix = TfidfVectorizer().fit_transform(texts)
    for start in range(0, matrix.shape[0], 2000):  # all pairs, in blocks
        block = matrix[start : start + 2000] @ matrix.T
        block.data[block.data < 0.8] = 0
    return time.perf_counter() - t0


# Short reports written for this benchmark, in the languages the offline translators cover;
# French comes from the real messages.
SAMPLES = {
    "es": [
        "Hay personas atrapadas bajo los escombros de la escuela",
        "Necesitamos agua potable y comida para veinte familias",
        "El puente del río se cayó y no podemos salir del pueblo",
        "Mi madre está herida y no hay médico en el barrio",
        "Llueve mucho y el agua entra en las casas",
    ],
    "pt": [
        "Há pessoas presas debaixo dos escombros da escola",
        "Precisamos de água potável e comida para vinte famílias",
        "A ponte caiu e não conseguimos sair da aldeia",
        "A minha mãe está ferida e não há médico no bairro",
        "Chove muito e a água entra nas casas",
    ],
    "ca": [
        "Hi ha persones atrapades sota la runa de l'escola",
        "Necessitem aigua potable i menjar per a vint famílies",
        "El pont del riu ha caigut i no podem sortir del poble",
        "La meva mare està ferida i no hi ha metge al barri",
        "Plou molt i l'aigua entra a les cases",
    ],
    "gl": [
        "Hai persoas atrapadas baixo os cascallos da escola",
        "Necesitamos auga potable e comida para vinte familias",
        "A ponte do río caeu e non podemos saír da aldea",
        "A miña nai está ferida e non hai médico no barrio",
        "Chove moito e a auga entra nas casas",
    ],
}


def translation_rates(per_language: int = 200) -> list[tuple[str, str, float, float]]:
    """(language, backend, reports/s, characters/s) for each language a translator covers."""
    from fairsift.language import default_chain, detect_many

    with DATA.open(encoding="utf-8", newline="") as handle:
        originals = [r["original"] for r in csv.DictReader(handle) if r["original"].strip()]
    french = [
        t for t, d in zip(originals, detect_many(originals), strict=True) if d.language == "fr"
    ]
    samples = {**SAMPLES, "fr": french[:50]}
    chain = default_chain()
    out = []
    for language, base in samples.items():
        n = per_language if language != "pt" else per_language // 4  # Bergamot is slower
        texts = [f"{base[i % len(base)]} ({i})" for i in range(n)]  # no two alike
        t0 = time.perf_counter()
        results = chain.translate_to_english(texts, [language] * n)
        seconds = time.perf_counter() - t0
        backends = {r.backend for r in results if r.translated}
        if not backends:
            out.append((language, "none installed", 0.0, 0.0))
            continue
        chars = sum(len(t) for t in texts)
        out.append(
            (language, ", ".join(sorted(str(b) for b in backends)), n / seconds, chars / seconds)
        )
    return out


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks triage")
    parser.add_argument("--n", type=int, default=4000, help="English reports to classify")
    parser.add_argument("--model", default=None, help="a model directory (else trained here)")
    parser.add_argument("--mixed", type=int, default=2000, help="mixed-language reports")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="throughput and memory only (no translation rates, no duplicate grouping at scale)",
    )
    args = parser.parse_args(argv)

    base = messages()
    texts = varied(base, args.n)
    with tempfile.TemporaryDirectory() as tmp:
        model = args.model
        if model is None:
            from fairsift.triage.train import train

            t0 = time.perf_counter()
            train(DATA, TAXONOMY, ["original", "message"], Path(tmp) / "model")
            print(f"training on {DATA.name} (original + message): {time.perf_counter() - t0:.0f} s")
            model = str(Path(tmp) / "model")
        loading = start_up(model)
        one, one_cpu, rows_one, english_reads = run_batch(model, texts)
        two, two_cpu, rows_two, _ = run_batch(model, texts, workers=2)
        zero_one, zero_cpu, _, _ = run_batch(None, texts[: args.n // 4])
        mixed = mixed_batch(args.mixed)
        mixed_one, mixed_one_cpu, mixed_rows, mixed_reads = run_batch(model, mixed)
        mixed_two, mixed_two_cpu, mixed_rows_two, _ = run_batch(model, mixed, workers=2)
        driver_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        worker_rss = max(WORKER_PEAKS, default=0.0)

    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = [n for n in rows[0] if n not in ("id", "split", "message", "original", "genre")][:37]
    labels = np.asarray([[r[n] == "1" for n in names] for r in rows], dtype=int)
    base_rate = baseline_classify([" ".join(r["message"].split()) for r in rows], labels, texts)
    print(
        f"machine: {os.cpu_count()} cores shared with other users (load average "
        f"{os.getloadavg()[0]:.1f}); wall rates are a floor, per-CPU-second rates beside them"
    )
    print(f"start-up, once per process: {loading:.1f} s to build the triager and load models")
    print(
        f"English reports triaged (read, classified, grouped): {one:.0f}/s in 1 process, "
        f"{two:.0f}/s with --workers 2 (their start-up included; target ≥ 100 on 2 cores); "
        f"{one_cpu:.0f} and {two_cpu:.0f} per CPU-second (target ≥ 300 per core); "
        f"zero-shot {zero_one:.0f}/s, {zero_cpu:.0f} per CPU-second; same rows with "
        f"--workers 2: {rows_two == rows_one}"
    )
    print(f"  baseline TF-IDF + LR, same reports: {base_rate:.0f}/s (vectorise and predict only)")
    print(f"  {second_share(english_reads, len(texts), one_cpu)}")
    print(f"  {stage_lines(texts)}")
    from fairsift.language import detect_many

    found = detect_many(mixed)
    known = {"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr"}
    other = sum(1 for d in found if d.language not in known | {"zh"})
    mixed_base = baseline_classify([" ".join(r["message"].split()) for r in rows], labels, mixed)
    print(
        f"mixed batch as received ({args.mixed} reports, {other / len(mixed):.0%} in languages "
        f"the first encoder does not know; translated where a translator exists): "
        f"{mixed_one:.0f}/s in 1 process, {mixed_two:.0f}/s with --workers 2 (start-up "
        f"included; target ≥ 100); {mixed_one_cpu:.0f} and {mixed_two_cpu:.0f} per "
        f"CPU-second; same rows with --workers 2: {mixed_rows_two == mixed_rows}; baseline "
        f"TF-IDF + LR {mixed_base:.0f}/s"
    )
    print(f"  {second_share(mixed_reads, len(mixed), mixed_one_cpu)}")
    print(f"  {stage_lines(mixed)}")
    print(
        f"  mixed batch ≥ 100/s on this machine: per core {mixed_one_cpu:.0f} per CPU-second, "
        + (
            "so one process can reach it on one free core"
            if mixed_one_cpu >= 100
            else f"so it needs --workers 2 on 2 free cores (2 x {mixed_one_cpu:.0f} = "
            f"{2 * mixed_one_cpu:.0f}/s at best)"
        )
    )
    print(
        f"peak RSS: this process {driver_rss:.0f} MB (it built six triagers in turn), "
        f"largest worker {worker_rss:.0f} MB; --workers 2 at most "
        f"{driver_rss + 2 * worker_rss:.0f} MB together (target ≤ 2048)"
    )
    if args.quick:
        return

    for language, backend, rate, chars in translation_rates():
        print(f"translation {language}→en ({backend}): {rate:.0f} reports/s, {chars:.0f} chars/s")

    from fairsift.models.embed import BundledEmbedder

    corpus, vectors = synthetic_reports(base, BundledEmbedder().embed(base), 100_000)
    times = {}
    for n in (25_000, 50_000, 100_000):
        seconds, linked = group_time(corpus[:n], vectors[:n])
        times[n] = seconds
        print(f"duplicate grouping, {n // 1000}k reports: {seconds:.1f} s ({linked} duplicates)")
    print(f"  100k / 25k time ratio: {times[100_000] / times[25_000]:.1f} (linear: 4.0)")
    print(f"peak RSS of fairsift's parts: {rss_mb():.0f} MB (target ≤ 2048)")
    base_times = {n: baseline_group_time(corpus[:n]) for n in (5_000, 10_000, 20_000)}
    shown = ", ".join(f"{n // 1000}k {s:.1f} s" for n, s in base_times.items())
    print(
        f"  baseline TF-IDF all-pairs cosine: {shown}; 20k / 5k ratio "
        f"{base_times[20_000] / base_times[5_000]:.1f} (quadratic: 16); ours at 20k: "
        f"{group_time(corpus[:20_000], vectors[:20_000])[0]:.1f} s"
    )
    print(f"peak RSS with the baseline too: {rss_mb():.0f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
