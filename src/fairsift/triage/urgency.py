"""How urgent a report is, and why, in words a reviewer understands.

Three things raise a report: its meaning — close to the taxonomy's urgent examples rather than
to its counter-examples, in any language the encoders know (see `lifesafety`): "close in
meaning (0.71) to 'someone is trapped…'"; a category it was assigned whose taxonomy entry
carries an urgency level ("search and rescue" → critical) — if the taxonomy says
`requires_any`, only when the report is also in one of those categories (someone asking for
help, or on the spot: a news item about food is not a hungry family) — and a cue in its text
("trapped", "anba dekonb", "تحت الأنقاض"). Cues are matched in the report as received and in
its English text, so a threat to life is caught in every language the taxonomy lists cues for,
translated or not. With a trained model, a fourth: the taxonomy's `needs_action` categories
("request", "aid related", "direct report") all at `needs_action_confidence` or more — someone
on the spot asks for aid — raise a report to high ("the trained model finds it needs action: it
is about request (0.88), aid related (0.83) and direct report (0.79)"); it only ever raises.
The most urgent level wins; the reason names what raised it. Nothing raises it: the
taxonomy's default level.

A trained model's calibrated confidences also hold back what raises too easily, in a report
whose meaning leans to the calm side (margin below LEANS_CALM; near the urgent examples every
piece of evidence counts, however unsure the model is — and it is least sure in languages it saw
few labelled reports in): a category counts only when the model is more likely than not
(REQUEST_SURE) that the report is a request or first-hand (`requires_any`), and a basic-need
cue word (a `high` cue: "urgent", "hungry", "wounded") only when the model finds it at least
somewhat (NEED_CUE_FLOOR) a request, first-hand or about aid (`requires_any`, `needs_action`):
not a news item listing the wounded, nor "send me credit for an urgent call". Critical cue
words ("trapped", "gas leak") and meaning always count. Without a trained model none of this
applies.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from fairsift.triage.features import fold_text
from fairsift.triage.lifesafety import Meaning
from fairsift.triage.taxonomy import LEVELS, Cue, Taxonomy

__all__ = ["Urgency", "UrgencyRules"]


@dataclass(frozen=True, slots=True)
class Urgency:
    """A level and the reason a reviewer reads; `raised_by` names what raised it (for counts
    in evaluations): "meaning", "cue words", "needs action", "category <label>", or "" when
    nothing did (the first reason shown is the one named)."""

    level: str
    reason: str
    raised_by: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"level": self.level, "reason": self.reason}

    @property
    def rank(self) -> int:
        return LEVELS.index(self.level)


def _pattern(phrase: str) -> str | None:
    stem = phrase.endswith("*")
    folded = fold_text(phrase.rstrip("*"))
    if not folded:
        return None
    return re.escape(folded) + (r"\w*" if stem else "")


# Words that deny what follows them (or, in Urdu and Hindi, what comes before them). A cue that
# is itself a denial ("no water", "pa gen dlo") is never denied.
_DENY_BEFORE = frozenset(
    [
        "no",
        "not",
        "nobody",
        "none",
        "never",
        "without",
        "pas",
        "aucun",
        "aucune",
        "personne",
        "sans",
        "jamais",
        "ni",
        "sin",
        "nadie",
        "ningun",
        "ninguno",
        "ninguna",
        "nunca",
        "nao",
        "ninguem",
        "nenhum",
        "nenhuma",
        "sem",
        "pa",
        "okenn",
        "pesonn",
        "hakuna",
        "hapana",
        "bila",
        "bina",
        "didn",
        "wasn",
        "weren",
        "isn",
        "لا",
        "ما",
        "مافي",
        "بدون",
        "ولا",
        "نہ",
        "نہیں",
        "بغیر",
    ]
)
# Urdu and Hindi also mark a finished past after the verb ("aag lagi thi": there had been a
# fire): a cue followed by it tells of something over, not a danger now.
_DENY_AFTER = frozenset(
    ["nahi", "nahin", "nai", "نہیں", "tha", "thi", "thay", "thin", "تھا", "تھی", "تھے"]
)


def _denied(folded: str, start: int, end: int, cue: Cue) -> bool:
    own = set(fold_text(cue.phrase.rstrip("*")).split())
    if own & (_DENY_BEFORE | _DENY_AFTER):
        return False
    before = folded[:start].split()[-3:]
    after = folded[end:].split()[:2]
    return bool(set(before) & _DENY_BEFORE or set(after) & _DENY_AFTER)


def _raised_by(reason: str) -> str:
    """What one reason (as `assess` words it) names as raising the report."""
    if reason.startswith("close in meaning"):
        return "meaning"
    if reason.startswith("the report says"):
        return "cue words"
    if reason.startswith("the trained model finds it needs action"):
        return "needs action"
    if reason.startswith("it is about "):
        return "category " + reason.removeprefix("it is about ").split(" (")[0]
    return "other"


# A report whose meaning margin is at most this reads like the taxonomy's counter-examples.
CALM = -0.9  # lower than -0.3 since the counter-example pools grew (margins moved down)
# Categories guessed without a trained model (from the taxonomy's descriptions and keywords)
# are not calibrated: "rescuers got my aunt out yesterday, thank you" is "about search and
# rescue" with 0.98. They raise a report only when its meaning is not on the calm side.
ZERO_SHOT_CALM = -0.3
CATEGORY_FLOOR = 0.1  # least confidence for a category to raise urgency
# The holds of a trained model (see the module docstring). On the disaster-response
# cross-validation (`python -m fairsift.eval.triage`) they take non-actionable messages at
# critical or high from 31 to 29 % in English and 33 to 31 % as received, and no actionable
# one; fairsift's life-safety set (with a model) keeps its threats. Bolder bars (REQUEST_SURE
# 0.7, NEED_CUE_FLOOR 0.5) cut more there but drop actionable messages read as received; the
# holds without the calm-side condition dropped threats in Kreyol, Urdu and Swahili, which
# a model trained on Haitian messages puts in no category.
REQUEST_SURE = 0.5
NEED_CUE_FLOOR = 0.3
LEANS_CALM = ZERO_SHOT_CALM


class UrgencyRules:
    """The taxonomy's urgency levels, compiled once: one regular expression per level."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.default = taxonomy.default_level
        self.category_level = {c.name: c.urgency for c in taxonomy.categories}
        self.category_label = {c.name: c.label for c in taxonomy.categories}
        # One expression over every cue; a match is mapped back to its cue by its text.
        self._exact: dict[str, Cue] = {}
        self._stems: list[tuple[str, Cue]] = []
        parts: list[str] = []
        for level in LEVELS:
            cues = taxonomy.levels[level].cues if level in taxonomy.levels else ()
            for cue in cues:
                pattern = _pattern(cue.phrase)
                if pattern is None:
                    continue
                parts.append(pattern)
                folded = fold_text(cue.phrase.rstrip("*"))
                if cue.phrase.endswith("*"):
                    self._stems.append((folded, cue))
                else:
                    self._exact.setdefault(folded, cue)
        # longest first, so "no drinking water" wins over "no water"... and "water"
        joined = "|".join(sorted(set(parts), key=len, reverse=True))
        self._any = re.compile(rf"\b(?:{joined})\b") if parts else None

    def _cue_for(self, matched: str) -> Cue | None:
        cue = self._exact.get(matched)
        if cue is not None:
            return cue
        stems = [c for stem, c in self._stems if matched.startswith(stem)]
        return min(stems, key=lambda c: LEVELS.index(c.level)) if stems else None

    def cues_in(self, text: str) -> list[Cue]:
        """The cues `text` contains, most urgent level first; a cue denied by the words around
        it ("nobody was injured", "pèsonn pa blese", "koi zakhmi nahi") does not count."""
        if self._any is None:
            return []
        found: dict[str, Cue] = {}
        folded = fold_text(text)
        for match in self._any.finditer(folded):
            cue = self._cue_for(match.group(0))
            if cue is not None and not _denied(folded, match.start(), match.end(), cue):
                found.setdefault(cue.phrase, cue)
        return sorted(found.values(), key=lambda c: LEVELS.index(c.level))

    def needs_action(self, categories: Sequence[tuple[str, float]]) -> str | None:
        """The reason to raise a report to high when a trained model puts it in every one of
        the taxonomy's `needs_action` categories ("request", "aid related", "direct report":
        someone on the spot asks for aid) with at least `needs_action_confidence` each, else
        None. Only a trained model's confidences are calibrated enough for this (not zero-shot
        guesses)."""
        wanted = self.taxonomy.needs_action
        if not wanted:
            return None
        confidence = dict(categories)
        bar = self.taxonomy.needs_action_confidence
        if not all(confidence.get(name, 0.0) >= bar for name in wanted):
            return None
        named = [
            f"{self.category_label.get(name, name)} ({confidence[name]:.2f})" for name in wanted
        ]
        listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
        return f"the trained model finds it needs action: it is about {listed}"

    def _held_back(self, confidence: dict[str, float]) -> str | None:
        """Why a trained model holds back a basic-need cue word, or None: it finds the report
        neither a request, first-hand, nor about aid (each below NEED_CUE_FLOOR)."""
        wanted = list(dict.fromkeys([*self.taxonomy.requires_any, *self.taxonomy.needs_action]))
        if not wanted:
            return None
        best = max((confidence.get(name, 0.0) for name in wanted), default=0.0)
        if best >= NEED_CUE_FLOOR:
            return None
        listed = ", ".join(self.category_label.get(name, name) for name in wanted)
        return f"the trained model finds it about none of {listed} (at most {best:.2f})"

    def assess(
        self,
        text: str,
        text_en: str | None,
        categories: Sequence[tuple[str, float]],
        meaning: Meaning | None = None,
        *,
        zero_shot: bool = False,
        trained: bool = False,
    ) -> Urgency:
        """The urgency of one report from its text, English text, assigned categories
        (name, confidence) and closeness to the urgent examples (`meaning`). `zero_shot`:
        the categories come from no trained model (a stricter calm bar applies to them);
        `trained`: they come from a trained model, whose confidences hold back categories and
        basic-need cue words in a report that reads calm (see the module docstring)."""
        reasons: dict[str, list[str]] = {level: [] for level in LEVELS}
        confidence = dict(categories)
        # The holds apply only to a report whose meaning leans to the calm side: one near the
        # urgent examples keeps every piece of evidence, however unsure the model is (it is
        # least sure in the languages it saw few labelled reports in).
        leans_calm = meaning is None or meaning.example is None or meaning.margin < LEANS_CALM
        hold = trained and leans_calm
        held = self._held_back(confidence) if hold else None
        if meaning is not None and meaning.level is not None:
            reasons[meaning.level].append(meaning.describe())
        seen: set[str] = set()
        for source, where in ((text, ""), (text_en or "", " in its English translation")):
            if not source:
                continue
            for cue in self.cues_in(source):
                if cue.phrase not in seen:
                    seen.add(cue.phrase)
                    said = f"the report says {cue.describe()}{where}"
                    if held is not None and cue.level == "high":
                        reasons["normal"].append(f"{said}, but {held}")
                    else:
                        reasons[cue.level].append(said)
        gate = self.taxonomy.requires_any
        sure = REQUEST_SURE if hold else 0.0
        opened = any(name in confidence and confidence[name] >= sure for name in gate)
        counted = categories if not gate or opened else []
        for name, value in counted:
            level = self.category_level.get(name)
            # A trained model's confidences are calibrated: a category it gives 5 % is assigned
            # for recall's sake, but is no reason to call a report critical.
            if level is not None and value >= CATEGORY_FLOOR:
                label = self.category_label.get(name, name)
                reasons[level].append(f"it is about {label} (confidence {value:.2f})")
        need = None if zero_shot else self.needs_action(categories)
        if need is not None:
            reasons["high"].append(need)
        bar = ZERO_SHOT_CALM if zero_shot else CALM
        calm = meaning is not None and meaning.example is not None and meaning.margin <= bar
        if calm:
            # It reads like the counter-examples (thanks, news, a question, a past event): a
            # category alone does not make it urgent. Cue words still do ("we are starving").
            assert meaning is not None
            dropped = [r for level in ("critical", "high") for r in reasons[level]]
            # A cue found only in a machine translation, which can lose a negation ("nadie
            # salió herido" -> "anybody exited wounded"), counts no more than a category.
            # (The trained model's "needs action" is not dropped: it learnt from labelled
            # reports what the counter-examples only sketch, and a plain request for aid
            # "we are at Delmas 10, please help us" often reads like them.)
            dropped = [
                r for r in dropped if r.startswith("it is about") or r.endswith("translation")
            ]
            for level in ("critical", "high"):
                reasons[level] = [r for r in reasons[level] if r not in dropped]
            if dropped:
                reasons["normal"].append(
                    f"{'; '.join(dropped[:2])}, but it reads like the non-urgent examples "
                    f"(margin {meaning.margin:.2f})"
                )
        for level in LEVELS:
            if reasons[level] and LEVELS.index(level) <= LEVELS.index(self.default):
                shown = reasons[level][:3]
                more = len(reasons[level]) - len(shown)
                tail = f" and {more} more" if more > 0 else ""
                return Urgency(level, f"{level}: {'; '.join(shown)}{tail}", _raised_by(shown[0]))
        return Urgency(
            self.default, f"{self.default}: no category or wording that raises its urgency"
        )
