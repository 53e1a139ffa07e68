"""The typed query API the actions use."""
from __future__ import annotations

import sqlite3

import pytest

from bot.kb.queries import KnowledgeBase, KnowledgeBaseMissing


@pytest.mark.parametrize("text, expected", [
    ("Was verdient ein Online-Marketing-Manager?", "omm"),
    ("online marketing managerin", "omm"),
    ("Onlinemarketingmanager*in", "omm"),
    ("Gehalt OMM?", "omm"),
    ("Online Marketng Manager", "omm"),  # typo
    ("kauffrau fuer dialog-marketing", "kfd"),
    ("Kaufmann für Dialogmarketing", "kfd"),
    ("KAUFLEUTE FÜR DIALOGMARKETING", "kfd"),
    ("Kaufman für Dialogmarkting", "kfd"),
    ("was macht eine KfD", "kfd"),
    ("Betriebswirt für Callcentermanagement", "betriebswirt_ccm"),
    # a run of words starting with an article is no close spelling of a name ('die Marketing-Spezialisten' is not
    # 'Dialogmarketing Spezialisten'); the words after it are one of the OMM's statistics group
    ("was sagt das obere Quartil der Bundesagentur für die Marketing-Spezialisten?", "omm"),
    ("Kommunikation ist wichtig", None),  # contains 'omm' inside a word only
    ("Bäcker", None),
    ("", None),
])
def test_resolve_occupation(kb: KnowledgeBase, text: str, expected: str | None) -> None:
    found = kb.resolve_occupation(text)
    assert (found.id if found else None) == expected


@pytest.mark.parametrize("text, expected", [
    ("wie viel kohle gibts bei der DiMa ausbildung", ["kfd"]),  # the field's short form
    ("was verdient man im OM als einsteiger?", ["omm"]),
    ("Kommunikation im Callcenter", ["kfd"]),
])
def test_occupations_in_by_field(kb: KnowledgeBase, text: str, expected: list[str]) -> None:
    assert [o.id for o in kb.occupations_in(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("oberes Quartil Dialogmarketing Fachkraft vs. Spezialist?", ["kfd", "betriebswirt_ccm"]),
    ("Fachkraft oder Spezialist im Dialogmarketing – Median?", ["kfd", "betriebswirt_ccm"]),
    ("Dialogmarketing Spezialisten gegen Fachkräfte", ["betriebswirt_ccm", "kfd"]),
    ("Fachkraft im Dialogmarketing oder Quereinsteiger?", ["kfd"]),  # a word that completes no name
])
def test_a_lone_word_joined_to_a_name_shares_its_other_words(kb: KnowledgeBase, text: str, expected: list[str]) -> None:
    assert [o.id for o in kb.occupations_in(text, in_scope_only=False)] == expected


def test_resolve_occupation_in_scope_only(kb: KnowledgeBase) -> None:
    assert kb.resolve_occupation("Betriebswirt Callcentermanagement", in_scope_only=True) is None


def test_salary_figures_by_stage_and_year(kb: KnowledgeBase) -> None:
    (third,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=3)
    assert (third.amount_min, third.amount_max, third.period, third.basis) == (850, 1030, "month", "gross")
    assert third.source.id == "seed_kfd"


def test_non_preferred_conflicting_figures_are_hidden_unless_asked(kb: KnowledgeBase) -> None:
    preferred = {f.id for f in kb.salary_figures("omm", ["entry"])}
    everything = {f.id for f in kb.salary_figures("omm", ["entry"], preferred_only=False)}
    assert preferred == {"omm_einstieg"}
    assert everything == {"omm_einstieg", "omm_einstieg_uebersicht"}


def test_minimum_pay_by_cohort(kb: KnowledgeBase) -> None:
    assert kb.minimum_pay_cohorts() == [2024, 2025, 2026]
    figures = kb.salary_figures("kfd", ["minimum_training_pay"], cohort_start_year=2025)
    assert [f.amount_min for f in figures] == [682, 805, 921, 955]
    assert {f.source.kind for f in figures} == {"reference"}


def test_training_exams_careers_facts(kb: KnowledgeBase) -> None:
    info = kb.training("kfd")
    assert info.training.dual and info.training.since_year == 2006
    assert info.regulation.duration_years == 3
    assert [r.role for r in info.school_requirements][0] == "minimum"
    zwischen, abschluss = kb.exams("kfd")
    assert (zwischen.duration_minutes, zwischen.task_count) == (120, 60)
    assert [p.duration_minutes for p in abschluss.parts] == [90, 150, 60, 30]
    assert kb.career_steps("omm", ["quereinstieg"])[0].duration_months_max == 4
    assert kb.facts("omm", ["language"])[0].text == "Englisch"
    assert kb.working_hours("omm").hours_max == 50
    assert kb.working_hours("kfd") is None


def test_glossary(kb: KnowledgeBase) -> None:
    topic = kb.resolve_topic("Was sind die 8 Ps?")
    assert topic.id == "acht_ps" and len([p for p in topic.points if p.label[0].isdigit()]) == 8  # and the other counting
    assert kb.resolve_topic("customer touchpoints").id == "kundenkontaktpunkte"
    assert kb.resolve_topic("Wetter morgen") is None


def test_curation_notes_record_conflicts(kb: KnowledgeBase) -> None:
    kinds = {n.kind for n in kb.curation_notes("salary_figures:omm")}
    assert {"typo", "conflict"} <= kinds


def test_connection_is_read_only(kb: KnowledgeBase) -> None:
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        kb._rows("DELETE FROM sources")


def test_missing_database_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(KnowledgeBaseMissing, match="kb build"):
        KnowledgeBase(tmp_path / "nope.sqlite")


def test_an_ordinal_topic_is_found_beside_a_role(kb: KnowledgeBase) -> None:
    """A role's title found as typed must not keep 'das 7te P' from being folded to the topic '7. P'."""
    assert kb.topics_in("Was ist das 7te P beim KfD?") == ["siebtes_p"]


def test_a_role_is_named_by_its_occupation_code(kb: KnowledgeBase) -> None:
    roles = kb.occupations(in_scope=True)
    text = " im Vergleich zu ".join(f"Gruppe ({o.kldb2010})" for o in roles)
    assert kb.occupations_in(text) == roles
