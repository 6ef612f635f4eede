"""Requirement reading on SkillSpan: do extracted requirements hold what experts marked?

For every posting of SkillSpan's dev and train splits (real postings, skills and knowledge
marked by domain experts), three figures per system:

- knowledge recall: the share of marked knowledge spans inside some extracted requirement;
- skill recall: the same for marked skill spans;
- holding share: the share of extracted requirements that hold a whole marked span.

A requirement is located in the posting as a quote (whitespace ignored); one that is not a
quote counts as holding nothing and is reported. Each posting is read twice: one sentence a
line, and "glued" (no line break or space between sentences) as job boards deliver text.
Mean words per requirement is printed beside: one requirement per posting would hold every
span. Baselines in the same run: every line a requirement, every sentence a requirement.

Run: python -m fairsift.eval.requirements [--data DIR] [--split dev] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fairsift.errors import FairsiftError
from fairsift.eval.skillspan import VARIANTS, Posting, Span, load_postings, posting_text

__all__ = [
    "DEFAULT_DATA",
    "DEFAULT_JSON",
    "SYSTEMS",
    "Tally",
    "evaluate_requirements",
    "locate",
    "main",
    "tally",
]

_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_DATA = _ROOT.parent / "shared" / "data" / "jobs" / "skillspan"
DEFAULT_JSON = Path("fairsift-evidence") / "eval-requirements.json"
SYSTEMS = ("fairsift", "every-line", "every-sentence")
SPLITS = ("dev", "train")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")

Extractor = Callable[[str], list[str]]


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts for one posting (or a sum of them)."""

    knowledge: int = 0
    knowledge_inside: int = 0
    skills: int = 0
    skills_inside: int = 0
    requirements: int = 0
    holding: int = 0
    not_quotes: int = 0
    words: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(*(a + b for a, b in zip(_fields(self), _fields(other), strict=True)))

    def figures(self) -> dict[str, float | int]:
        def share(part: int, whole: int) -> float:
            return round(part / whole, 4) if whole else 0.0

        return {
            "knowledge_recall": share(self.knowledge_inside, self.knowledge),
            "skill_recall": share(self.skills_inside, self.skills),
            "holding_share": share(self.holding, self.requirements),
            "requirements": self.requirements,
            "words_per_requirement": round(self.words / self.requirements, 1)
            if self.requirements
            else 0.0,
            "not_quotes": self.not_quotes,
            "knowledge_spans": self.knowledge,
            "skill_spans": self.skills,
        }


def locate(text: str, quotes: Sequence[str]) -> list[tuple[int, int] | None]:
    """Where each quote sits in `text`, whitespace ignored: [start, end) or None. Quotes are
    looked for in order, each after the one before, then from the start."""
    squeezed, origin = _squeeze(text)
    out: list[tuple[int, int] | None] = []
    cursor = 0
    for quote in quotes:
        needle = "".join(quote.split())
        if not needle:
            out.append(None)
            continue
        found = squeezed.find(needle, cursor)
        if found < 0:
            found = squeezed.find(needle)
        if found < 0:
            out.append(None)
            continue
        cursor = found + len(needle)
        out.append((origin[found], origin[found + len(needle) - 1] + 1))
    return out


def tally(text: str, spans: Sequence[Span], quotes: Sequence[str]) -> Tally:
    """Counts of one posting: marked spans inside some quote, quotes holding a marked span."""
    unique = list(dict.fromkeys(q for q in quotes if q.strip()))
    places = locate(text, unique)
    regions = sorted({p for p in places if p is not None})
    knowledge = [s for s in spans if s.kind == "knowledge"]
    skills = [s for s in spans if s.kind == "skill"]
    return Tally(
        knowledge=len(knowledge),
        knowledge_inside=sum(_inside(s, regions) for s in knowledge),
        skills=len(skills),
        skills_inside=sum(_inside(s, regions) for s in skills),
        requirements=len(unique),
        holding=sum(1 for p in places if p is not None and _holds(p, spans)),
        not_quotes=sum(1 for p in places if p is None),
        words=sum(len(q.split()) for q in unique),
    )


def every_line(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def every_sentence(text: str) -> list[str]:
    return [s.strip() for line in every_line(text) for s in _SENTENCE.split(line) if s.strip()]


def fairsift_extractor() -> Extractor:
    """fairsift's own reading, with the bundled encoder loaded once for the whole run."""
    from fairsift.models.embed import BundledEmbedder, CachedEmbedder
    from fairsift.screening.posting import parse_job

    embedder = CachedEmbedder(BundledEmbedder())

    def extract(text: str) -> list[str]:
        return [r.text for r in parse_job(text, embedder=embedder).requirements]

    return extract


def evaluate_requirements(
    data: Path,
    *,
    splits: Sequence[str] = SPLITS,
    systems: Sequence[str] = SYSTEMS,
    variants: Sequence[str] = VARIANTS,
    limit: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Figures per split, variant, system and source (plus "all")."""
    extractors: dict[str, Extractor] = {}
    for name in systems:
        if name == "fairsift":
            extractors[name] = fairsift_extractor()
        elif name == "every-line":
            extractors[name] = every_line
        elif name == "every-sentence":
            extractors[name] = every_sentence
        else:
            raise ValueError(f"unknown system {name!r}")
    result: dict[str, Any] = {"data": str(data), "limit": limit, "splits": {}}
    for split in splits:
        postings = load_postings(data / f"{split}.jsonl", limit=limit)
        started = time.perf_counter()
        result["splits"][split] = {
            variant: {
                name: _run(postings, variant, extract) for name, extract in extractors.items()
            }
            for variant in variants
        }
        result["splits"][split]["postings"] = len(postings)
        if progress is not None:
            progress(f"{split}: {len(postings)} postings in {time.perf_counter() - started:.1f}s")
    return result


def _run(postings: Sequence[Posting], variant: str, extract: Extractor) -> dict[str, Any]:
    by_source: dict[str, Tally] = {}
    for posting in postings:
        text, spans = posting_text(posting, variant)
        counts = tally(text, spans, extract(text))
        by_source[posting.source] = by_source.get(posting.source, Tally()) + counts
    total = sum(by_source.values(), Tally())
    return {"all": total.figures(), **{s: t.figures() for s, t in sorted(by_source.items())}}


def _report(result: dict[str, Any]) -> str:
    rows = [
        f"{'split':6} {'text':6} {'system':15} {'source':6} {'knowledge':>9} {'skills':>7} "
        f"{'holding':>8} {'reqs':>6} {'words':>6}"
    ]
    for split, variants in result["splits"].items():
        for variant, systems in variants.items():
            if variant == "postings":
                continue
            for system, sources in systems.items():
                for source, f in sources.items():
                    rows.append(
                        f"{split:6} {variant:6} {system:15} {source:6} "
                        f"{f['knowledge_recall']:9.3f} {f['skill_recall']:7.3f} "
                        f"{f['holding_share']:8.3f} {f['requirements']:6d} "
                        f"{f['words_per_requirement']:6.1f}"
                    )
    rows.append("targets (held-out): knowledge >= 0.85, skills >= 0.70, holding >= 0.75")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="fairsift eval requirements", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="SkillSpan folder")
    parser.add_argument("--split", action="append", choices=SPLITS, help="default: dev, train")
    parser.add_argument("--system", action="append", choices=SYSTEMS, help="default: all")
    parser.add_argument("--variant", action="append", choices=VARIANTS, help="default: both")
    parser.add_argument("--limit", type=int, default=None, help="first N postings per split")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="write the figures here")
    args = parser.parse_args(argv)
    try:
        result = evaluate_requirements(
            args.data,
            splits=args.split or SPLITS,
            systems=args.system or SYSTEMS,
            variants=args.variant or VARIANTS,
            limit=args.limit,
            progress=lambda message: print(message, file=sys.stderr),
        )
    except FairsiftError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(_report(result))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.json}", file=sys.stderr)
    return 0


def _squeeze(text: str) -> tuple[str, list[int]]:
    kept = [(i, c) for i, c in enumerate(text) if not c.isspace()]
    return "".join(c for _, c in kept), [i for i, _ in kept]


def _holds(region: tuple[int, int], spans: Sequence[Span]) -> bool:
    return any(region[0] <= s.start and s.end <= region[1] for s in spans)


def _inside(span: Span, regions: Sequence[tuple[int, int]]) -> bool:
    return any(start <= span.start and span.end <= end for start, end in regions)


def _fields(t: Tally) -> tuple[int, ...]:
    return (
        t.knowledge, t.knowledge_inside, t.skills, t.skills_inside, t.requirements, t.holding,
        t.not_quotes, t.words,
    )  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
