"""Report triage as one function of (reports, taxonomy, model, configuration).

    Record ─► language, English text (original kept) ─► embedding ─► categories ─► urgency
           ─► near-duplicate groups ─► campaign flags ─► row (PII masked in the text shown)

The classifier reads the report as received (it learned from reports in every language it
was shown); the English text, when a translator covers the language, is for people and for
urgency cues. Nothing is ever dropped: duplicates point to the first report, campaigns are
flagged for a person to judge. The reporter's contact details never enter the text a model
sees; they travel beside the row for the store to keep apart.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from email.utils import getaddresses
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import ThreadpoolController

from fairsift import __version__
from fairsift.domain import Finding, Provenance
from fairsift.intake.records import Record, RecordOptions, read_records
from fairsift.models.embed import BundledEmbedder, CachedEmbedder, Embedder
from fairsift.privacy import MASK, redact
from fairsift.triage.campaigns import CampaignInput, find_campaigns
from fairsift.triage.duplicates import group_duplicates
from fairsift.triage.lang import LanguageResult, Languages
from fairsift.triage.lifesafety import MeaningModel, default_second_encoder
from fairsift.triage.model import Classifier, ZeroShotModel, group_of, load_model
from fairsift.triage.output import error_row, triage_row, write_rows
from fairsift.triage.taxonomy import LEVELS, Taxonomy, load_taxonomy
from fairsift.triage.urgency import CALM, UrgencyRules

__all__ = ["PIPELINE", "REPORT_PII", "BatchResult", "Triager", "reviewer_view", "triage_batch"]

PIPELINE = "triage/1"
# What the default reviewer view masks in a report: who people are and how to reach them.
# Places stay visible: where help is needed is what a responder acts on.
REPORT_PII = frozenset({"name", "email", "phone", "url", "id_number", "date_of_birth"})
FORMATS = ("jsonl", "csv", "table")
SKIP_SETTLED = True


def _contact_terms(contact: Mapping[str, str]) -> list[str]:
    """The pieces of a reporter's contact details that could be repeated in the report: the
    address, the name's words, the phone number's digits."""
    terms: list[str] = []
    for value in contact.values():
        for name, address in getaddresses([value]):
            if address and "@" in address:
                terms.append(address)
            terms.extend(w for w in re.findall(r"[^\W\d_]{3,}", name))
        digits = re.sub(r"\D", "", value)
        if len(digits) >= 6:
            terms.append(digits)
        if "@" not in value and not digits:
            terms.extend(w for w in re.findall(r"[^\W\d_]{3,}", value))
    return list(dict.fromkeys(terms))


def _mask_terms(text: str, chars: list[str], terms: Sequence[str]) -> bool:
    found = False
    for term in terms:
        if term.isdigit():  # a phone number, however it is spaced in the text
            spaced = r"[\s().\-]*".join(re.escape(d) for d in term[-8:])
            pattern = re.compile(spaced)
        else:
            pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)
        for match in pattern.finditer(text):
            found = True
            for i in range(match.start(), match.end()):
                if text[i] not in "\r\n":
                    chars[i] = MASK
    return found


def reviewer_view(text: str, contact: Mapping[str, str] | None = None) -> tuple[str, list[str]]:
    """`text` with names, e-mail addresses, phone numbers, links, identity numbers and dates
    of birth masked, and anything of the reporter's own contact details it repeats (same
    length: spans still point into the original); and the kinds masked."""
    redacted = redact(text, kind="report")  # a report's first words are not a name
    chars = list(redacted.text)
    kinds: list[str] = []
    for red in redacted.redactions:
        if red.kind in REPORT_PII:
            kinds.append(red.kind)
        else:  # unmask what a report needs to stay actionable
            chars[red.start : red.end] = text[red.start : red.end]
    if contact and _mask_terms(text, chars, _contact_terms(contact)):
        kinds.append("reporter's contact details")
    return "".join(chars), kinds


@cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()  # found once: scanning the loaded libraries costs ms a call


def one_blas_thread() -> Any:
    """A context in which numpy's BLAS runs one thread. Triage multiplies small matrices
    (a chunk against a few hundred examples or categories): a second BLAS thread only spins,
    and on 2 shared cores it cost 10-20x the CPU time of the product itself. Processes, not
    BLAS threads, use the other cores (`workers`)."""
    return _blas().limit(limits=1, user_api="blas")


def _source_token(contact: dict[str, str] | Any) -> str | None:
    """An opaque token for who sent a report (the same sender, the same token), never the
    contact itself."""
    values = sorted(" ".join(str(v).lower().split()) for v in dict(contact).values() if v)
    if not values:
        return None
    return hashlib.sha256("\n".join(values).encode()).hexdigest()[:16]


@dataclass
class BatchResult:
    """Rows in input order; `contacts` maps a report id to its reporter's details (for the
    store's separate table, never for the rows)."""

    rows: list[dict[str, Any]]
    contacts: dict[str, dict[str, str]] = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(1 for row in self.rows if row["error"])


class Triager:
    """Loads the models once and triages batches of records."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        classifier: Classifier,
        embedder: Embedder,
        languages: Languages,
        *,
        reveal: bool = False,
        second: Embedder | None = None,
    ) -> None:
        self.taxonomy = taxonomy
        self.classifier = classifier
        self.embedder = embedder
        self.languages = languages
        self.reveal = reveal
        self.urgency = UrgencyRules(taxonomy)
        self.meaning = MeaningModel(taxonomy, embedder, second)
        self.config_sha256 = hashlib.sha256(
            json.dumps(
                {
                    "pipeline": PIPELINE,
                    "taxonomy": taxonomy.sha256,
                    "classifier": [classifier.name, classifier.version],
                    "embedder": [embedder.name, embedder.version],
                    "second": [second.name, second.version] if second else None,
                    "reveal": reveal,
                },
                sort_keys=True,
            ).encode()
        ).hexdigest()

    @classmethod
    def create(
        cls,
        taxonomy: str | Path | Taxonomy,
        model: str | Path | None = None,
        *,
        embedder: Embedder | None = None,
        translate: bool = True,
        reveal: bool = False,
    ) -> Triager:
        """The taxonomy and, if given, a model directory from `train` (zero-shot otherwise)."""
        tax = taxonomy if isinstance(taxonomy, Taxonomy) else load_taxonomy(taxonomy)
        embedder = embedder or CachedEmbedder(BundledEmbedder())
        classifier: Classifier = (
            load_model(model, tax) if model is not None else ZeroShotModel(tax, embedder)
        )
        languages = Languages(translate=translate)
        second = default_second_encoder() if tax.examples else None
        return cls(tax, classifier, embedder, languages, reveal=reveal, second=second)

    def models(self) -> tuple[tuple[str, str], ...]:
        second = self.meaning.second_encoder
        return (
            (self.embedder.name, self.embedder.version),
            *([(second.name, second.version)] if second is not None else []),
            (self.classifier.name, self.classifier.version),
            *self.languages.models(),
        )

    def provenance(self, record: Record, backend: str | None) -> Provenance:
        models = self.models()
        if backend:
            models = (*models, ("translator", backend))
        return Provenance(
            input_sha256=record.sha256,
            models=models,
            config_sha256=self.config_sha256,
            fairsift_version=__version__,
            pipeline=PIPELINE,
        )

    def load(self) -> None:
        """Load every model now rather than on first need: the encoder, the second encoder
        and its vectors of the taxonomy's examples, the lexicon the reviewer view consults.
        For timing and for worker processes (they load while the first chunk is read)."""
        from fairsift.privacy.redact import skill_spans

        with one_blas_thread():
            self.embedder.embed(["warm up"])
            self.meaning.load()
        skill_spans("warm up")

    def languages_of(self, records: Sequence[Record]) -> list[LanguageResult]:
        """Language and English text of the readable records, in order (what `assess` takes
        as `languages`): translated together, one translator call per language."""
        return self.languages.process([r.text for r in records if r.error is None])

    def assess(
        self, records: Sequence[Record], languages: Sequence[LanguageResult] | None = None
    ) -> list[dict[str, Any]]:
        """Rows for readable records (language, categories, urgency), in order; duplicates and
        campaigns are left empty (they need the whole batch: see `group`). `languages` are
        the readable records' `languages_of`, when already known."""
        good = [r for r in records if r.error is None]
        if not good:
            return []
        texts = [r.text for r in good]
        if languages is not None and len(languages) != len(good):
            raise ValueError(f"{len(good)} readable records but {len(languages)} languages")
        found = list(languages) if languages is not None else self.languages.process(texts)
        with one_blas_thread():
            return self._assess(good, texts, found)

    def _assess(
        self, good: Sequence[Record], texts: list[str], found: Sequence[LanguageResult]
    ) -> list[dict[str, Any]]:
        vectors = self.embedder.embed(texts)
        prediction = self.classifier.predict(texts, vectors, [group_of(f.language) for f in found])
        zero_shot = isinstance(self.classifier, ZeroShotModel)
        assigned = [prediction.assigned_for(i) for i in range(len(texts))]
        top = LEVELS[0]

        def settled(i: int) -> bool:
            # A report a cue word already makes critical needs no second opinion on its meaning.
            return any(c.level == top for c in self.urgency.cues_in(texts[i])) or any(
                c.level == top for c in self.urgency.cues_in(found[i].text_en or "")
            )

        def reached(i: int) -> int:
            # What cue words and categories make it without its meaning: the second encoder
            # is not asked about a report they already make as urgent as its meaning could.
            own = self.urgency.assess(texts[i], found[i].text_en, assigned[i], None, trained=True)
            return LEVELS.index(own.level)

        meanings = self.meaning.assess(
            texts,
            vectors,
            [f.language for f in found],
            settled,
            # Guessed categories (no trained model) are read against a calm bar (-0.3) the
            # second encoder's answer often crosses: there it is asked as before.
            reached if SKIP_SETTLED and not zero_shot else None,
            CALM,
        )
        rows = []
        for index, (record, language) in enumerate(zip(good, found, strict=True)):
            categories = assigned[index]
            urgency = self.urgency.assess(
                record.text,
                language.text_en,
                categories,
                meanings[index],
                zero_shot=zero_shot,
                trained=not zero_shot,
            )
            rows.append(self._row(record, language, categories, urgency.to_dict()))
            rows[-1]["_vector"] = vectors[index]
        return rows

    def _row(
        self,
        record: Record,
        language: LanguageResult,
        categories: list[tuple[str, float]],
        urgency: dict[str, str],
    ) -> dict[str, Any]:
        findings = list(record.findings)
        if language.text_en is None and language.note:
            findings.append(Finding("not_translated", language.note))
        if isinstance(self.classifier, ZeroShotModel):
            findings.append(
                Finding(
                    "zero_shot",
                    "categories come from the taxonomy's descriptions, examples and keywords "
                    "(no trained model); their confidences are not calibrated",
                )
            )
        text, text_en = record.text, language.text_en
        if not self.reveal:
            text, kinds = reviewer_view(record.text, record.contact)
            if text_en is not None:
                same = text_en == record.text
                text_en = text if same else reviewer_view(text_en, record.contact)[0]
            if kinds:
                shown = ", ".join(sorted(set(k.replace("_", " ") for k in kinds)))
                findings.append(
                    Finding("pii_masked", f"masked in this view: {shown} (the original is kept)")
                )
        return triage_row(
            id=record.id,
            language=language.language,
            language_confidence=language.confidence,
            text=text,
            text_en=text_en,
            translated=language.translated,
            categories=categories,
            urgency=urgency,
            duplicate_of=None,
            duplicate_group=None,
            campaign=None,
            findings=findings,
            provenance=self.provenance(record, language.backend),
        )

    def group(self, rows: list[dict[str, Any]], records: Sequence[Record]) -> None:
        """Fill duplicate_of, duplicate_group and campaign over the whole batch (in place).
        The earliest report of a group (by time received, then input order) is the one the
        others point to."""
        by_id = {r.id: r for r in records}
        live = [row for row in rows if row["error"] is None]
        if not live:
            return

        def when(row: dict[str, Any]) -> float:
            stamp = by_id[row["id"]].received
            return stamp.timestamp() if stamp is not None else float("inf")

        order = sorted(range(len(live)), key=lambda i: (when(live[i]), i))
        ordered = [live[i] for i in order]
        vectors = np.stack([row["_vector"] for row in ordered]).astype(np.float32)
        with one_blas_thread():
            found = group_duplicates(
                [row["id"] for row in ordered],
                [by_id[row["id"]].text for row in ordered],
                vectors,
            )
        for row, duplicate in zip(ordered, found, strict=True):
            row["duplicate_group"] = duplicate.group
            row["duplicate_of"] = duplicate.duplicate_of
            if duplicate.duplicate_of is not None:
                row["findings"].append(
                    Finding(
                        "duplicate", f"near-duplicate of report {duplicate.duplicate_of}"
                    ).to_dict()
                )
        inputs = [
            CampaignInput(
                id=row["id"],
                received_at=by_id[row["id"]].received,
                duplicate_group=row["duplicate_group"],
                source=_source_token(by_id[row["id"]].contact),
                target=by_id[row["id"]].target,
            )
            for row in ordered
        ]
        consistent_urgency(ordered)
        flags = find_campaigns(inputs)
        for row in ordered:
            campaign = flags.get(row["id"])
            if campaign is not None:
                row["campaign"] = campaign.to_dict()

    def triage(self, records: Sequence[Record]) -> list[dict[str, Any]]:
        """Rows for `records`, in order (error rows for unreadable ones)."""
        rows = self.assess(records)
        done = {row["id"]: row for row in rows}
        out = [done.get(r.id) or error_row(r.id, r.error or "", r.findings) for r in records]
        self.group(out, records)
        for row in out:
            row.pop("_vector", None)
            row.pop("_own_urgency", None)
        return out


def consistent_urgency(rows: Sequence[dict[str, Any]]) -> None:
    """Reports of one duplicate group get one urgency: the highest of the group, its reason
    naming the report that carries it (in place). A resent copy never sinks below its source,
    and near-identical copies do not land on both sides of a threshold."""
    best: dict[str, dict[str, Any]] = {}
    for row in rows:
        group, urgency = row.get("duplicate_group"), row.get("urgency")
        if group is None or not urgency or row.get("error"):
            continue
        own = row.get("_own_urgency") or urgency
        held = best.get(group)
        if held is None or LEVELS.index(own["level"]) < LEVELS.index(held["own"]["level"]):
            best[group] = {"id": row["id"], "own": own}
    for row in rows:
        group, urgency = row.get("duplicate_group"), row.get("urgency")
        if group is None or not urgency or row.get("error"):
            continue
        own = row.get("_own_urgency") or urgency
        top = best[group]
        if LEVELS.index(top["own"]["level"]) < LEVELS.index(own["level"]):
            level = top["own"]["level"]
            reason = top["own"]["reason"].removeprefix(f"{level}: ")
            row["urgency"] = {
                "level": level,
                "reason": f"{level}: as report {top['id']} of its duplicate group ({reason})",
            }
            row["_own_urgency"] = own


# Triager.assess over chunks of records, run elsewhere; rows come back chunk by chunk, in order
AssessChunks = Callable[[Sequence[Sequence[Record]]], Iterator[list[dict[str, Any]]]]
# A chunk of records and its readable records' languages (Triager.languages_of)
Paired = tuple[Sequence[Record], list[LanguageResult]]
AHEAD = 2048  # reports whose languages are found and translated together, ahead of use
MIN_PER_WORKER = 2048  # fewer fresh reports a worker than this: one process (a worker
# loads its models for ~10 CPU-seconds, what it saves on ~2,000 mixed reports)
# rows triaged before, by input sha256; or a function of the records read that gives them
Reuse = Mapping[str, dict[str, Any]] | Callable[[Sequence[Record]], Mapping[str, dict[str, Any]]]
WINDOW = 1_000  # earlier rows of the run a chunk is grouped with before it is stored


def with_languages(triager: Triager, parts: Sequence[Sequence[Record]]) -> Iterator[Paired]:
    """Each chunk with its languages, in order. Languages are found and translated for up to
    AHEAD reports at once (one translator process per language for all of them, not one per
    chunk: starting apertium costs ~0.4 s), in a background thread while the chunks before
    are assessed (a translator waits on a subprocess or native code, so it overlaps)."""
    windows: list[list[Sequence[Record]]] = []
    size = 0
    for part in parts:
        # the first chunk alone, so its rows come soon; then windows of AHEAD reports
        if len(windows) < 2 or size >= AHEAD:
            windows.append([])
            size = 0
        windows[-1].append(part)
        size += len(part)

    def languages(window: list[Sequence[Record]]) -> list[list[LanguageResult]]:
        found = triager.languages_of([r for part in window for r in part])
        out, start = [], 0
        for part in window:
            count = sum(1 for r in part if r.error is None)
            out.append(found[start : start + count])
            start += count
        return out

    with ThreadPoolExecutor(1, thread_name_prefix="fairsift-languages") as pool:
        ahead: Future[list[list[LanguageResult]]] | None = None
        if windows:
            ahead = pool.submit(languages, windows[0])
        for index, window in enumerate(windows):
            assert ahead is not None
            found = ahead.result()
            if index + 1 < len(windows):
                ahead = pool.submit(languages, windows[index + 1])
            yield from zip(window, found, strict=True)


def _ungroup(row: dict[str, Any]) -> None:
    """Clear what grouping adds, before grouping again."""
    own = row.pop("_own_urgency", None)
    if own is not None:
        row["urgency"] = own
    row["duplicate_of"] = row["duplicate_group"] = row["campaign"] = None
    row["findings"] = [f for f in row.get("findings") or [] if f["kind"] != "duplicate"]


def triage_batch(
    inputs: Sequence[str | Path],
    taxonomy: str | Path | Taxonomy,
    model: str | Path | None = None,
    text_column: str | Sequence[str] | None = None,
    id_column: str | None = None,
    format: str = "jsonl",
    output: str | Path | None = None,
    *,
    skip: Collection[str] = (),
    reuse: Reuse | None = None,
    on_rows: Callable[[list[tuple[dict[str, Any], Record]]], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
    triager: Triager | None = None,
    chunk: int = 256,
    reveal: bool = False,
    translate: bool = True,
    assess_chunks: AssessChunks | None = None,
    workers: int = 1,
) -> BatchResult:
    """`fairsift triage INPUT... --taxonomy T [--model DIR] [--text-column C] [--id-column C]
    [--format table|jsonl|csv] [--output FILE]`.

    Reads every report in `inputs` (CSV, JSONL, .eml, text files, folders), triages them in
    chunks and returns the rows in input order. `text_column` may list several columns: the
    first non-empty cell of a row is its report (e.g. the original, else a translation).

    Resuming: `skip` holds input sha256s to leave out; `reuse` maps input sha256s to rows
    triaged before (or is a function giving that map for the records read). Those are not
    classified again but are grouped for duplicates and campaigns with the rest, so the
    output is what one uninterrupted run gives.

    `on_rows([(row, record), ...])` is the store's hook (`record.contact` holds the reporter's
    details): called once per chunk with its newly triaged rows, the chunk grouped with up to
    WINDOW rows before it, so a run that is stopped keeps what it finished. `progress(done,
    total)` after each chunk. `assess_chunks` runs `Triager.assess` over the chunks elsewhere
    (e.g. on Ray), giving their rows back in order; grouping stays here. `workers` > 1
    assesses the chunks in that many local processes when there are at least
    MIN_PER_WORKER fresh reports for each (languages are still found here, ahead); the rows
    are the same. The library never prints."""
    if format not in FORMATS:
        from fairsift.errors import ConfigError

        raise ConfigError(f"unknown format {format!r}", f"Use one of: {', '.join(FORMATS)}")
    columns = [text_column] if isinstance(text_column, str) else list(text_column or [])
    options = RecordOptions(
        text_column=columns[0] if columns else None,
        id_column=id_column,
        fallback_columns=tuple(columns[1:]),
    )
    records = [r for r in read_records(inputs, options) if r.sha256 not in skip or not r.sha256]
    stored = dict(reuse(records) if callable(reuse) else reuse or {})
    fresh = [r for r in records if r.error is not None or r.sha256 not in stored]
    worker = triager
    if worker is None and any(r.error is None for r in fresh):
        worker = Triager.create(taxonomy, model, reveal=reveal, translate=translate)
    done: dict[str, dict[str, Any]] = {}
    history: list[tuple[dict[str, Any], Record]] = []  # this run's triaged rows so far
    parts = [fresh[start : start + chunk] for start in range(0, len(fresh), chunk)]
    assessed: Iterable[list[dict[str, Any]]]
    if worker is None:
        assessed = ([] for _ in parts)
    elif assess_chunks is not None:
        assessed = assess_chunks(parts)
    elif workers > 1 and len(fresh) >= MIN_PER_WORKER * workers:
        from fairsift.triage.workers import assess_in_processes

        assessed = assess_in_processes(worker, with_languages(worker, parts), workers)
    else:
        assessed = (worker.assess(part, found) for part, found in with_languages(worker, parts))
    for start, part, new in zip(range(0, len(fresh), chunk), parts, assessed, strict=True):
        good = [r for r in part if r.error is None]
        done.update((row["id"], row) for row in new)
        handed: list[tuple[dict[str, Any], Record]] = []
        if on_rows is not None and worker is not None and new:
            # Handed on chunk by chunk, so an interrupted run keeps what it finished: each
            # chunk is grouped with the rows just before it, as the service groups a batch
            # with the last reports it received. The output is regrouped as a whole below.
            window = history[-WINDOW:]
            batch = [row for row, _ in window] + new
            for row in batch:
                _ungroup(row)
            worker.group(batch, [record for _, record in window] + good)
            handed = [
                ({k: v for k, v in row.items() if not k.startswith("_")}, record)
                for row, record in zip(new, good, strict=True)
            ]
        history.extend(zip(new, good, strict=True))
        if on_rows is not None:
            errors = [r for r in part if r.error is not None]
            handed += [(error_row(r.id, r.error or "", r.findings), r) for r in errors]
            if handed:
                on_rows(handed)
        if progress is not None:
            progress(min(start + chunk, len(fresh)), len(fresh))
    rows: list[dict[str, Any]] = []
    for record in records:
        if record.error is None and record.sha256 in stored:
            row = dict(stored[record.sha256], id=record.id)
            # what intake says of this record (e.g. a repeated id) goes with it
            have = {(f["kind"], f["detail"]) for f in row.get("findings") or []}
            extra = [f.to_dict() for f in record.findings if (f.kind, f.detail) not in have]
            row["findings"] = extra + list(row.get("findings") or [])
            rows.append(row)
        else:
            rows.append(
                done.get(record.id) or error_row(record.id, record.error or "", record.findings)
            )
    if worker is None and stored:
        worker = Triager.create(taxonomy, model, reveal=reveal, translate=translate)
    again = [r.error is None and r.sha256 in stored for r in records]
    reused = [row for row, used in zip(rows, again, strict=True) if used]
    if reused and worker is not None:
        texts = [r.text for r, used in zip(records, again, strict=True) if used]
        vectors = worker.embedder.embed(texts)
        for row, vector in zip(reused, vectors, strict=True):
            row["_vector"] = vector
    if worker is not None:
        for row in rows:
            if row["error"] is None:
                _ungroup(row)
        worker.group(rows, records)
    for row in rows:
        row.pop("_vector", None)
        row.pop("_own_urgency", None)
    if output is not None:
        with Path(output).open("w", encoding="utf-8", newline="") as handle:
            shown = taxonomy if isinstance(taxonomy, Taxonomy) else None
            if shown is None and worker is not None:
                shown = worker.taxonomy
            write_rows(rows, format, handle, shown)
    contacts = {r.id: dict(r.contact) for r in records if r.contact}
    return BatchResult(rows=rows, contacts=contacts, records=records)


def rows_for(records: Iterable[Record], triager: Triager) -> list[dict[str, Any]]:
    """Triage already-read records (the service's entry point)."""
    return triager.triage(list(records))
