"""Every topic renders for both roles, every number comes from the knowledge base, every
figure carries its source and period, and numbers are written the German way."""
from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest

from bot.answers import format as fmt
from bot.answers.search import FactSearch
from bot.answers.topics import RENDERERS, Ask, render
from bot.kb.queries import KnowledgeBase
from tests.facts import known_numbers, numbers_in


@pytest.fixture(scope="module")
def allowed(kb_path: Path) -> set[float]:
    return known_numbers(kb_path)


@pytest.mark.parametrize("topic", sorted(RENDERERS))
@pytest.mark.parametrize("occupation_id", ["kfd", "omm"])
def test_every_number_in_every_answer_is_from_the_knowledge_base(kb: KnowledgeBase, allowed: set[float],
                                                                  topic: str, occupation_id: str) -> None:
    reply = render(kb, topic, Ask(occupation=kb.occupation(occupation_id)))
    assert reply.text.strip()
    unknown = numbers_in(reply.text) - allowed
    assert not unknown, f"{topic}/{occupation_id}: numbers not in the KB: {unknown}\n{reply.text}"
    low, high = (2, 6) if topic == "glossary" else (2, 3)  # without a topic: a choice of topics
    assert low <= len(reply.buttons) <= high, [b.title for b in reply.buttons]


@pytest.mark.parametrize("topic", ["salary", "training_pay", "compare", "career"])
@pytest.mark.parametrize("occupation_id", ["kfd", "omm"])
def test_every_euro_figure_states_gross_period_and_source(kb: KnowledgeBase, topic: str, occupation_id: str) -> None:
    reply = render(kb, topic, Ask(occupation=kb.occupation(occupation_id)))
    lines = reply.text.splitlines()
    for i, line in enumerate(lines):
        if "€" in line and not line.startswith("*"):
            assert re.search(r"brutto|netto", line), line
            assert re.search(r"im Monat|im Jahr|in \d+ Jahren", line), line
            if "berechnet" in line or line.startswith("Hinweis"):
                continue
            # the source stands on the line itself or closes its short list right below
            cited = next((c for c in lines[i:i + 5] if "Quelle:" in c), "")
            assert re.search(r"Datenjahr \d{4}|ohne Datumsangabe", cited), line


@pytest.mark.parametrize("topic", sorted(RENDERERS))
@pytest.mark.parametrize("occupation_id", ["kfd", "omm"])
def test_a_figure_not_stated_as_gross_is_explained(kb: KnowledgeBase, topic: str, occupation_id: str) -> None:
    text = render(kb, topic, Ask(occupation=kb.occupation(occupation_id))).text
    if "brutto*" in text:
        assert fmt.ASSUMED_GROSS in text, text


def test_profile_names_the_way_in_school_and_training_pay(kb: KnowledgeBase) -> None:
    """'Eckdaten: Dauer, Schule, Geld' – the profile of a role with an Ausbildung names each."""
    text = render(kb, "overview", Ask(occupation=kb.occupation("kfd"))).text
    info = kb.training("kfd")
    pay = kb.salary_figures("kfd", ["apprenticeship"])
    assert f"{info.regulation.duration_years} Jahre" in text
    assert next(r.certificate for r in info.school_requirements if r.role == "minimum") in text
    assert f"{fmt.number(pay[0].amount_min)}–{fmt.number(pay[-1].amount_max)} €" in text
    omm = render(kb, "overview", Ask(occupation=kb.occupation("omm"))).text
    assert next(r.certificate for r in kb.training("omm").school_requirements) in omm
    assert "Ausbildungsvergütung" not in omm and fmt.number(pay[0].amount_min) not in omm


def test_salary_answer_shows_database_figures(kb: KnowledgeBase) -> None:
    text = render(kb, "salary", Ask(occupation=kb.occupation("kfd"))).text
    for fig in kb.salary_figures("kfd", ["entry"]):
        assert fmt.figure(fig) in text


def test_training_pay_for_one_year_and_cohort(kb: KnowledgeBase) -> None:
    reply = render(kb, "training_pay", Ask(occupation=kb.occupation("kfd"), training_year=3, start_year=2025))
    (third,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=3)
    (minimum,) = kb.salary_figures("kfd", ["minimum_training_pay"], training_year=3, cohort_start_year=2025)
    assert fmt.figure(third) in reply.text
    assert f"mindestens {fmt.figure(minimum)}" in reply.text
    assert "2025" in reply.text


def test_unknown_cohort_falls_back_to_latest_known_and_says_so(kb: KnowledgeBase) -> None:
    text = render(kb, "training_pay", Ask(occupation=kb.occupation("kfd"), start_year=2031)).text
    latest = kb.minimum_pay_cohorts()[-1]
    assert f"Ausbildungsbeginn {latest}" in text and "2031" in text


def test_after_ten_years_uses_the_stored_figure_and_converts_on_request(kb: KnowledgeBase) -> None:
    (ten,) = kb.salary_figures("omm", ["experienced"])
    reply = render(kb, "salary", Ask(occupation=kb.occupation("omm"), years_experience=ten.years_experience, period="month"))
    assert fmt.euro(ten.amount_max) in reply.text
    assert fmt.euro(round(ten.amount_max / 12)) in reply.text and "umgerechnet" in reply.text
    assert reply.chart and reply.chart["bars"][-1]["max"] == ten.amount_max


def test_no_invented_figures_where_the_sources_have_none(kb: KnowledgeBase) -> None:
    text = render(kb, "salary", Ask(occupation=kb.occupation("kfd"), years_experience=7)).text
    assert "keine Zahl" in text
    assert "Median" in text  # the official statistic is offered, labelled as such


def test_chart_has_text_alternative(kb: KnowledgeBase) -> None:
    chart = render(kb, "training_pay", Ask(occupation=kb.occupation("kfd"))).chart
    assert chart["type"] == "salary_ranges" and len(chart["bars"]) == 3 and chart["alt"]


def test_compare_says_who_earns_more_at_entry_from_the_data(kb: KnowledgeBase) -> None:
    reply = render(kb, "compare", Ask())
    entries = {o.id: next(f for f in kb.salary_figures(o.id, ["entry"]) if f.period == "year")
               for o in kb.occupations(in_scope=True)}
    higher, lower = sorted(entries, key=lambda k: entries[k].amount_min + entries[k].amount_max, reverse=True)
    assert f"liegt laut diesen Quellen {kb.occupation(higher).name_neutral} vor {kb.occupation(lower).name_neutral}" in reply.text


def test_glossary_topics(kb: KnowledgeBase) -> None:
    reply = render(kb, "glossary", Ask(topic_id="acht_ps"))
    topic = kb.glossary_topic("acht_ps")
    for point in topic.points:
        assert point.label in reply.text
    assert "Quellen: " in reply.text  # the 8 Ps cite two sources


@pytest.mark.parametrize("value, expected", [(1900, "1.900 €"), (96000, "96.000 €"), (1900.5, "1.900,50 €"), (649, "649 €")])
def test_german_number_format(value: float, expected: str) -> None:
    assert fmt.euro(value) == expected


def test_a_search_beside_a_snapshot_does_not_deadlock(kb: KnowledgeBase) -> None:
    """The actions answer from several threads: one searches inside `KnowledgeBase.snapshot` while another searches
    outside it (a correction read before the snapshot). Both take the knowledge base's lock first, so neither waits
    for a lock the other holds."""
    search = FactSearch(kb)
    search.search("Gehalt")  # the index is built
    inside, release = threading.Event(), threading.Event()

    def in_snapshot() -> None:
        with kb.snapshot():
            inside.set()
            release.wait(5)
            search.knows("gehalt")

    holder = threading.Thread(target=in_snapshot, daemon=True)
    holder.start()
    assert inside.wait(5)
    other = threading.Thread(target=lambda: search.search("Gehalt"), daemon=True)
    other.start()
    time.sleep(0.2)  # the other search is waiting for a lock now
    release.set()
    holder.join(5)
    other.join(5)
    assert not holder.is_alive() and not other.is_alive()
