"""Every salary figure and exam number stated in the seed texts, and every figure of the
official reference file, is in the knowledge base (or recorded there as a typo).

The numbers are read from ../shared/seeds and ../shared/reference, never from a copied list."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
import yaml

NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{3,4})+(?![\w])|(?<![\w.])\d+(?![\d.]\d)")
SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
NUMBER_WORDS = {"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "acht": 8, "zehn": 10}


def seed_text(seeds_dir: Path, prefix: str) -> str:
    return next(seeds_dir.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def sentences_with(text: str, pattern: str) -> list[str]:
    return [s for s in SENTENCE.split(text) if re.search(pattern, s)]


def numbers_in(sentence: str) -> list[tuple[str, float]]:
    found = []
    for token in NUMBER.findall(sentence.replace("\u2011", "-")):
        found.append((token, float(token.replace(".", ""))))
    return found


def amounts(conn: sqlite3.Connection, source: str) -> set[float]:
    rows = conn.execute("SELECT amount_min, amount_max FROM salary_figures WHERE source = ?", (source,))
    return {v for row in rows for v in row if v is not None}


def typo_tokens(conn: sqlite3.Connection, source: str) -> str:
    return " ".join(r[0] for r in conn.execute(
        "SELECT text FROM curation_notes WHERE source = ? AND kind = 'typo'", (source,)))


@pytest.mark.parametrize("prefix, source", [("000", "seed_kfd"), ("001", "seed_omm")])
def test_every_salary_figure_of_the_seeds_is_in_the_database(kb_path: Path, seeds_dir: Path, prefix: str, source: str) -> None:
    conn = sqlite3.connect(kb_path)
    stored, typos = amounts(conn, source), typo_tokens(conn, source)
    money_sentences = sentences_with(seed_text(seeds_dir, prefix), r"Euro|€")
    assert money_sentences, "no salary sentences found – did the seed change?"
    checked = 0
    for sentence in money_sentences:
        for token, value in numbers_in(sentence):
            checked += 1
            assert value in stored or f"„{token}" in typos or token in typos, \
                f"{token} aus «{sentence.strip()}» fehlt in salary_figures ({source}) und ist nicht als Tippfehler vermerkt"
    assert checked >= 10


def test_every_exam_number_of_the_seed_is_in_the_database(kb_path: Path, seeds_dir: Path) -> None:
    conn = sqlite3.connect(kb_path)
    stored: set[float] = set()
    for row in conn.execute("SELECT duration_minutes, task_count, parts_count, pass_rate_min_percent FROM exams "
                            "UNION ALL SELECT duration_minutes, prep_minutes, part_no, NULL FROM exam_parts"):
        stored.update(v for v in row if v is not None)
    rules = " ".join(r[0] for r in conn.execute("SELECT pass_rule FROM exams WHERE pass_rule IS NOT NULL"))
    text = seed_text(seeds_dir, "000")
    exam_section = text[text.index("Zwischen- und Abschlussprüfung"):text.index("Gehalt und Vergütung")]
    exam_sentences = sentences_with(exam_section, r"Minut|minüt|Prozent|Aufgaben|Teil")
    checked = 0
    for sentence in exam_sentences:
        for token, value in numbers_in(sentence):
            checked += 1
            assert value in stored, f"{token} aus «{sentence.strip()}» fehlt in exams/exam_parts"
        for word, value in NUMBER_WORDS.items():
            if re.search(rf"\b{word}\b", sentence):
                checked += 1
                assert value in stored or word in rules.lower(), f"„{word}“ aus «{sentence.strip()}» fehlt"
    assert checked >= 9


def test_career_numbers_of_the_seeds_are_in_the_database(kb_path: Path, seeds_dir: Path) -> None:
    """Durations, years and hours (2006, acht Monate, 3–4 Monate, 40–50 h/Woche)."""
    conn = sqlite3.connect(kb_path)
    assert conn.execute("SELECT since_year FROM trainings WHERE occupation='kfd'").fetchone()[0] == 2006
    assert "2006" in seed_text(seeds_dir, "000")
    omm = seed_text(seeds_dir, "001")
    assert "acht Monate" in omm and "3–4 monatigen" in omm and "40–50 h/Woche" in omm
    assert conn.execute("SELECT duration_months_min FROM career_steps WHERE id='omm_fachwirt'").fetchone()[0] == 8
    assert conn.execute("SELECT duration_months_min, duration_months_max FROM career_steps "
                        "WHERE id='omm_quereinstieg_wiedereinstieg'").fetchone() == (3, 4)
    assert conn.execute("SELECT hours_min, hours_max FROM working_hours WHERE occupation='omm'").fetchone() == (40, 50)


def test_every_official_figure_is_in_the_database_as_its_own_source(kb_path: Path, reference_file: Path) -> None:
    reference = yaml.safe_load(reference_file.read_text(encoding="utf-8"))
    conn = sqlite3.connect(kb_path)

    def figure(stage: str, **where) -> list[tuple]:
        sql = "SELECT f.amount_min, f.amount_max, s.kind, s.data_year FROM salary_figures f JOIN sources s ON s.id = f.source " \
              "WHERE f.stage = ?" + "".join(f" AND f.{k} = ?" for k in where)
        return conn.execute(sql, (stage, *where.values())).fetchall()

    for cohort in reference["minimum_training_pay"]["cohorts"]:
        for year in (1, 2, 3, 4):
            rows = figure("minimum_training_pay", cohort_start_year=cohort["start_year"], training_year=year)
            assert rows == [(cohort[f"year_{year}"], cohort[f"year_{year}"], "reference", cohort["start_year"])]
    stages = {"q25": "quartile_25", "median": "median", "q75": "quartile_75"}
    for row in reference["entgeltatlas_2023"]["rows"]:
        occupation = conn.execute("SELECT id FROM occupations WHERE kldb2010 = ?", (row["kldb2010"],)).fetchone()[0]
        for key, stage in stages.items():
            found = figure(stage, occupation=occupation)
            assert found == [(row[key], row[key], "reference", 2023)], (row["kldb2010"], key)
        employees = f"{row['employees']:,}".replace(",", ".")
        assert conn.execute("SELECT count(*) FROM salary_figures WHERE occupation = ? AND population LIKE ?",
                            (occupation, f"%{employees} Beschäftigte%")).fetchone()[0] == 3
    for occ in reference["occupations"]:
        assert conn.execute("SELECT count(*) FROM occupations WHERE kldb2010 = ?", (occ["kldb2010"],)).fetchone()[0] == 1
