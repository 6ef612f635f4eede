"""The explanation a candidate can ask for (EU AI Act Art. 86; GDPR Art. 15 and 22): a letter,
in plain language, about ONE application: the AI's role (a recommendation only), each
requirement assessed with whether evidence was found and the quote, the score's arithmetic,
who decided, when and why, and how to contest it.

It is made from that application's own rows only (its assessment, its job, its decisions,
any request for an alternative process): no rank, no other candidate, nothing compared. In
the language of the posting where a template exists (English and Spanish), else English.
HTML for the screen and e-mail; PDF through fairsift.audit.pdf.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

from fairsift.audit.pdf import Block, render_pdf
from fairsift.errors import InputError

__all__ = ["TEMPLATES", "Letter", "explanation", "explanation_html", "explanation_pdf"]

STATUS_KEYS: Final = ("met", "partial", "not_met", "unknown")

TEMPLATES: Final[dict[str, dict[str, Any]]] = {
    "en": {
        "title": "How your application for {position} was assessed",
        "intro": "You asked how your application was assessed. This letter explains it. It is "
        "about your application only: it says nothing about anyone else who applied.",
        "ai_h": "What the automated tool did",
        "ai": "An automated tool, fairsift, read your resume and, for each requirement of the "
        "job, looked for passages that show it. It then gave a score from 0 to 100. This "
        "was only a recommendation: the tool did not decide. A person read the "
        "assessment and made the decision.",
        "blind": "The tool read a copy of your resume with your name, contact details, "
        "address, age, gender markers and similar details masked (shown as [masked]).",
        "alt": "You asked to be assessed without the tool. Your application was kept out of "
        "the tool's ranking and assessed by a person.",
        "req_h": "The requirements assessed",
        "col_req": "Requirement",
        "col_imp": "Required or preferred",
        "col_found": "Evidence found?",
        "col_quote": "From your resume",
        "required": "required",
        "preferred": "preferred",
        "met": "yes",
        "partial": "partly",
        "not_met": "no",
        "unknown": "cannot be shown by a resume (not counted)",
        "none": "(no passage found)",
        "score_h": "How the score was worked out",
        "score": "Each requirement counts with its weight: found 1, partly found the share "
        "found, not found 0; a requirement a resume cannot show is left out. The score "
        "is 100 × the weighted credit ÷ the total weight:",
        "decision_h": "Who decided, and when",
        "decided": "On {at}, {who} decided: {decision}. Reason given: “{reason}”.",
        "undecided": "No decision has been made on your application yet.",
        "decisions": {
            "advance": "to move your application forward",
            "reject": "not to move your application forward",
            "hold": "to put your application on hold",
        },
        "contest_h": "How to contest it",
        "contest": "If you think something is wrong (a requirement misread, evidence missed, "
        "or the decision), you can ask for a person to review your application again, "
        "for a copy of all the data held about you, or for its erasure. Contact {contact} "
        "and quote the reference {ref}. Asking will not count against you.",
        "footer": "Letter prepared on {date}. Reference {ref}. Tool: fairsift {version}.",
    },
    "es": {
        "title": "Cómo se evaluó su candidatura para {position}",
        "intro": "Usted pidió saber cómo se evaluó su candidatura. Esta carta lo explica. "
        "Trata solo de su candidatura: no dice nada de otras personas candidatas.",
        "ai_h": "Qué hizo la herramienta automatizada",
        "ai": "Una herramienta automatizada, fairsift, leyó su currículum y, para cada "
        "requisito del puesto, buscó pasajes que lo demuestren. Después dio una "
        "puntuación de 0 a 100. Fue solo una recomendación: la herramienta no decidió. "
        "Una persona leyó la evaluación y tomó la decisión.",
        "blind": "La herramienta leyó una copia de su currículum con su nombre, datos de "
        "contacto, dirección, edad, marcas de género y datos similares ocultos (se muestran "
        "como [masked]).",
        "alt": "Usted pidió ser evaluado sin la herramienta. Su candidatura quedó fuera de la "
        "clasificación de la herramienta y la evaluó una persona.",
        "req_h": "Los requisitos evaluados",
        "col_req": "Requisito",
        "col_imp": "Obligatorio o deseable",
        "col_found": "¿Se encontró?",
        "col_quote": "De su currículum",
        "required": "obligatorio",
        "preferred": "deseable",
        "met": "sí",
        "partial": "en parte",
        "not_met": "no",
        "unknown": "un currículum no puede mostrarlo (no cuenta)",
        "none": "(no se encontró ningún pasaje)",
        "score_h": "Cómo se calculó la puntuación",
        "score": "Cada requisito cuenta con su peso: encontrado 1, en parte la proporción "
        "encontrada, no encontrado 0; un requisito que un currículum no puede mostrar no "
        "cuenta. La puntuación es 100 × el crédito ponderado ÷ el peso total:",
        "decision_h": "Quién decidió y cuándo",
        "decided": "El {at}, {who} decidió: {decision}. Motivo: «{reason}».",
        "undecided": "Todavía no se ha tomado ninguna decisión sobre su candidatura.",
        "decisions": {
            "advance": "seguir adelante con su candidatura",
            "reject": "no seguir adelante con su candidatura",
            "hold": "dejar su candidatura en espera",
        },
        "contest_h": "Cómo impugnarla",
        "contest": "Si cree que algo está mal (un requisito mal leído, una prueba no vista o "
        "la decisión), puede pedir que una persona revise de nuevo su candidatura, una "
        "copia de todos los datos que se guardan sobre usted o su supresión. Escriba a "
        "{contact} indicando la referencia {ref}. Pedirlo no le perjudicará.",
        "footer": "Carta preparada el {date}. Referencia {ref}. Herramienta: fairsift {version}.",
    },
    "fr": {
        "title": "Comment votre candidature au poste {position} a été évaluée",
        "intro": "Vous avez demandé comment votre candidature a été évaluée. Cette lettre "
        "l'explique. Elle ne concerne que votre candidature : elle ne dit rien des autres "
        "personnes candidates.",
        "ai_h": "Ce qu'a fait l'outil automatisé",
        "ai": "Un outil automatisé, fairsift, a lu votre CV et, pour chaque exigence du poste, "
        "a cherché les passages qui la montrent. Il a ensuite donné une note de 0 à 100. "
        "Ce n'était qu'une recommandation : l'outil n'a pas décidé. Une personne a lu "
        "l'évaluation et a pris la décision.",
        "blind": "L'outil a lu une copie de votre CV où votre nom, vos coordonnées, votre "
        "adresse, votre âge, les marques de genre et d'autres données semblables étaient "
        "masqués (indiqués par [masked]).",
        "alt": "Vous avez demandé à être évalué·e sans l'outil. Votre candidature a été tenue "
        "à l'écart du classement de l'outil et évaluée par une personne.",
        "req_h": "Les exigences évaluées",
        "col_req": "Exigence",
        "col_imp": "Obligatoire ou souhaitée",
        "col_found": "Preuve trouvée ?",
        "col_quote": "Dans votre CV",
        "required": "obligatoire",
        "preferred": "souhaitée",
        "met": "oui",
        "partial": "en partie",
        "not_met": "non",
        "unknown": "un CV ne peut pas le montrer (non compté)",
        "none": "(aucun passage trouvé)",
        "score_h": "Comment la note a été calculée",
        "score": "Chaque exigence compte avec son poids : trouvée 1, en partie la part "
        "trouvée, non trouvée 0 ; une exigence qu'un CV ne peut pas montrer n'est pas "
        "comptée. La note vaut 100 × le crédit pondéré ÷ le poids total :",
        "decision_h": "Qui a décidé, et quand",
        "decided": "Le {at}, {who} a décidé : {decision}. Motif donné : « {reason} ».",
        "undecided": "Aucune décision n'a encore été prise sur votre candidature.",
        "decisions": {
            "advance": "de donner suite à votre candidature",
            "reject": "de ne pas donner suite à votre candidature",
            "hold": "de mettre votre candidature en attente",
        },
        "contest_h": "Comment la contester",
        "contest": "Si vous pensez qu'une erreur a été faite (une exigence mal lue, une preuve "
        "manquée, ou la décision), vous pouvez demander qu'une personne réexamine votre "
        "candidature, obtenir une copie de toutes les données conservées sur vous, ou "
        "demander leur effacement. Écrivez à {contact} en indiquant la référence {ref}. "
        "Le demander ne vous sera pas reproché.",
        "footer": "Lettre préparée le {date}. Référence {ref}. Outil : fairsift {version}.",
    },
}


@dataclass(frozen=True)
class Row:
    requirement: str
    importance: str
    weight: float
    status: str
    quotes: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Letter:
    language: str
    position: str
    reference: str
    rows: tuple[Row, ...]
    score: float | None
    arithmetic: str
    decisions: tuple[dict[str, Any], ...]
    blind: bool
    alternative: bool
    contact: str
    version: str
    date: str = field(default_factory=lambda: datetime.now(UTC).date().isoformat())

    def text(self, key: str, **values: Any) -> str:
        return str(TEMPLATES[self.language][key]).format(**values)


def _language(job: dict[str, Any] | None) -> str:
    if not job:
        return "en"
    from fairsift.language.detection import detect

    sample = " ".join(
        [str(job.get("title") or "")]
        + [str(r.get("text", "")) for r in job.get("requirements") or []]
    )
    found = detect(sample).language if sample.strip() else "und"
    return found if found in TEMPLATES else "en"


def explanation(
    store: Any, application_id: int, contact: str | None = None, language: str | None = None
) -> Letter:
    """The letter's content for one application (an assessment id)."""
    from fairsift import __version__
    from fairsift.review.queue import job_list

    row = store.assessment_by_id(application_id)
    if row is None or row.get("kind") != "screening":
        raise InputError(
            f"no application {application_id}", "Find its number in the application queue"
        )
    if row.get("error"):
        raise InputError(
            f"application {application_id} could not be assessed: {row['error']}",
            "Nothing was scored, so there is nothing to explain; a person reviews it",
        )
    job = next((j for j in job_list(store) if j["sha256"] == row.get("job_sha256")), None)
    lang = language if language in TEMPLATES else _language(job)
    rows = tuple(
        Row(
            requirement=" ".join(str(r["text"]).split()),
            importance=str(r.get("importance") or "must"),
            weight=float(r.get("weight") or 1.0),
            status=str(r.get("status") or "unknown"),
            quotes=tuple(" ".join(str(e["quote"]).split()) for e in r.get("evidence") or []),
            reason=str(r.get("reason") or ""),
        )
        for r in row.get("requirements") or []
    )
    sha = str(row.get("item_sha256") or "")
    withheld = {c for c, j in store.withheld_from_ai() if j in (None, row.get("job_sha256"))}
    decisions = tuple(store.decisions_for("application", application_id))
    return Letter(
        language=lang,
        position=(job or {}).get("title") or "the position",
        reference=f"A{application_id}-{sha[:10]}",
        rows=rows,
        score=row.get("score"),
        arithmetic=str(row.get("explanation") or ""),
        decisions=decisions,
        # Said only when the quotes show it (masked spans): provenance does not record it.
        blind=any("█" in quote for r in rows for quote in r.quotes),
        alternative=sha in withheld,
        contact=contact or "the employer's recruiting contact",
        version=__version__,
    )


def _status(letter: Letter, row: Row) -> str:
    return letter.text(row.status if row.status in STATUS_KEYS else "unknown")


def _decision_lines(letter: Letter) -> list[str]:
    if not letter.decisions:
        return [letter.text("undecided")]
    names = TEMPLATES[letter.language]["decisions"]
    last = letter.decisions[-1]  # the one that stands
    return [
        letter.text(
            "decided",
            at=str(last["created_at"])[:16].replace("T", " ") + " UTC",
            who=last["actor"],
            decision=names.get(last["decision"], last["decision"])
            if isinstance(names, dict)
            else last["decision"],
            reason=last["reason"],
        )
    ]


LETTER_CSS: Final = (
    "body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.45;color:#222}table{border-collapse:collapse;width:100%}"
    "td,th{border:1px solid #999;padding:.3rem;vertical-align:top;text-align:left}"
    "th{background:#eee}.small,small{color:#555;font-size:.85em}"
)


def explanation_html(
    store: Any,
    application_id: int,
    contact: str | None = None,
    language: str | None = None,
    stylesheet: str | None = None,
) -> str:
    """The letter as one HTML page, its style inline; or linked from `stylesheet` where a
    Content-Security-Policy forbids inline style (the review service)."""
    letter = explanation(store, application_id, contact, language)
    e = html.escape
    t = letter.text
    body = [
        f"<h1>{e(t('title', position=letter.position))}</h1>",
        f"<p>{e(t('intro'))}</p>",
        f"<h2>{e(t('ai_h'))}</h2><p>{e(t('ai'))}</p>",
    ]
    if letter.blind:
        body.append(f"<p>{e(t('blind'))}</p>")
    if letter.alternative:
        body.append(f"<p><strong>{e(t('alt'))}</strong></p>")
    body.append(f"<h2>{e(t('req_h'))}</h2><table><thead><tr>")
    body += [f"<th>{e(t(k))}</th>" for k in ("col_req", "col_imp", "col_found", "col_quote")]
    body.append("</tr></thead><tbody>")
    for row in letter.rows:
        importance = t("required") if row.importance == "must" else t("preferred")
        quotes = "<br>".join(f"“{e(q)}”" for q in row.quotes) or e(t("none"))
        body.append(
            f"<tr><td>{e(row.requirement)}</td><td>{e(importance)} (×{row.weight:g})</td>"
            f"<td>{e(_status(letter, row))}</td>"
            f"<td>{quotes}<br><small>{e(row.reason)}</small></td></tr>"
        )
    body.append("</tbody></table>")
    if not letter.alternative:
        body.append(
            f"<h2>{e(t('score_h'))}</h2><p>{e(t('score'))}</p>"
            f"<p><code>{e(letter.arithmetic)}</code></p>"
        )
    body.append(f"<h2>{e(t('decision_h'))}</h2>")
    body += [f"<p>{e(line)}</p>" for line in _decision_lines(letter)]
    body.append(
        f"<h2>{e(t('contest_h'))}</h2>"
        f"<p>{e(t('contest', contact=letter.contact, ref=letter.reference))}</p>"
    )
    body.append(
        "<p class=small>"
        + e(t("footer", date=letter.date, ref=letter.reference, version=letter.version))
        + "</p>"
    )
    style = (
        f'<link rel="stylesheet" href="{e(stylesheet)}">'
        if stylesheet
        else f"<style>{LETTER_CSS}</style>"
    )
    title = e(t("title", position=letter.position))
    return (
        f'<!doctype html><html lang="{letter.language}"><head><meta charset="utf-8">'
        f"<title>{title}</title>{style}</head><body>{''.join(body)}</body></html>\n"
    )


def explanation_pdf(
    store: Any, application_id: int, contact: str | None = None, language: str | None = None
) -> bytes:
    letter = explanation(store, application_id, contact, language)
    t = letter.text
    blocks = [
        Block("h1", t("title", position=letter.position)),
        Block("p", t("intro")),
        Block("h2", t("ai_h")),
        Block("p", t("ai")),
    ]
    if letter.blind:
        blocks.append(Block("p", t("blind")))
    if letter.alternative:
        blocks.append(Block("p", t("alt")))
    rows = [tuple(t(k) for k in ("col_req", "col_imp", "col_found", "col_quote"))]
    for row in letter.rows:
        importance = t("required") if row.importance == "must" else t("preferred")
        quotes = " / ".join(f"“{q}”" for q in row.quotes) or t("none")
        rows.append(
            (
                row.requirement,
                f"{importance} (×{row.weight:g})",
                _status(letter, row),
                f"{quotes} — {row.reason}",
            )
        )
    blocks += [
        Block("h2", t("req_h")),
        Block("table", rows=tuple(rows), widths=(0.3, 0.14, 0.14, 0.42)),
    ]
    if not letter.alternative:
        blocks += [Block("h2", t("score_h")), Block("p", t("score")), Block("p", letter.arithmetic)]
    blocks.append(Block("h2", t("decision_h")))
    blocks += [Block("p", line) for line in _decision_lines(letter)]
    blocks += [
        Block("h2", t("contest_h")),
        Block("p", t("contest", contact=letter.contact, ref=letter.reference)),
    ]
    blocks.append(
        Block("small", t("footer", date=letter.date, ref=letter.reference, version=letter.version))
    )
    return render_pdf(blocks, t("title", position=letter.position))
