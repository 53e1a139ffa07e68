"""The evaluation set itself: valid, large enough, and covering every knowledge-base fact row."""
from __future__ import annotations

from collections import Counter

import pytest

from eval import cases as case_files
from eval.cases import Turn
from eval.check import normalise, problems


@pytest.fixture(scope="module")
def all_cases() -> list[case_files.Case]:
    return case_files.load()


def test_every_fact_row_has_three_phrasings(all_cases) -> None:
    counts, unknown = case_files.coverage(all_cases)
    assert not unknown, f"Fälle zitieren unbekannte Zeilen: {unknown}"
    thin = {ref: n for ref, n in counts.items() if n < case_files.MIN_PHRASINGS}
    assert not thin, f"Faktenzeilen mit weniger als {case_files.MIN_PHRASINGS} Formulierungen: {thin}"


def test_both_parts_are_large_and_cover_every_category(all_cases) -> None:
    turns = Counter(c.part for c in all_cases for _ in c.turns)
    assert sum(turns.values()) >= 500 and min(turns[p] for p in case_files.PARTS) >= 250
    for part in case_files.PARTS:
        present = {c.category for c in all_cases if c.part == part}
        assert present == set(case_files.CATEGORIES), f"{part}: fehlende Kategorien {set(case_files.CATEGORIES) - present}"


def test_no_development_question_is_in_a_held_out_part(all_cases) -> None:
    """Elliptical follow-ups ('und im monat?') may repeat; a full question may not – independent
    writers do ask the same common question now and then, and the development copy goes."""
    said = {p: {t.say.lower() for c in all_cases if c.part == p for t in c.turns if len(t.say.split()) > 5}
            for p in case_files.PARTS}
    held_out = set().union(*(said[p] for p in case_files.PARTS if p != "dev"))
    assert not said["dev"] & held_out


def test_reply_normalisation_follows_the_shared_rules() -> None:
    assert normalise("1.900–2.700 € brutto") == "1900-2700 € brutto"
    assert normalise("Teil 4: 30 Minuten") == "teil 4: 30 minuten"


def test_a_reply_is_checked_for_all_any_and_none() -> None:
    turn = Turn("Was verdient man?", all=("1900",), any=("brutto", "netto"), none=(r"\b27000\b",))
    assert problems(turn, "1.900 € brutto") == []
    assert problems(turn, "1.900 € brutto, 27.000 € im Jahr") == [r"unerwünscht: \b27000\b"]
    assert problems(turn, "2.700 €") == ["fehlt: 1900", "fehlt eins von: brutto | netto"]
    assert problems(turn, "  ") == ["keine Antwort"]
