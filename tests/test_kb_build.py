"""The build turns data/kb/ into SQLite deterministically and never writes a broken state."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from bot import config
from bot.cli import main
from bot.kb.build import build
from bot.kb.schema import TABLES


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_build_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    r1, r2 = build(config.kb_source_dir(), first), build(config.kb_source_dir(), second)
    assert r1.content_hash == r2.content_hash
    assert dump(first) == dump(second)


def test_every_schema_table_is_filled(kb_path: Path) -> None:
    conn = sqlite3.connect(kb_path)
    for table in TABLES:
        assert conn.execute(f"SELECT count(*) FROM {table.name}").fetchone()[0] > 0, table.name


def test_every_fact_row_has_a_known_source(kb_path: Path) -> None:
    conn = sqlite3.connect(kb_path)
    for table in TABLES:
        if table.column("source") is None:
            continue
        orphans = conn.execute(
            f"SELECT count(*) FROM {table.name} t LEFT JOIN sources s ON s.id = t.source WHERE s.id IS NULL").fetchone()[0]
        assert orphans == 0, table.name


def test_database_uses_wal(kb_path: Path) -> None:
    assert sqlite3.connect(kb_path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_rebuild_replaces_content_and_keeps_a_backup(tmp_path: Path, kb_sources: Path) -> None:
    target = tmp_path / "kb.sqlite"
    build(kb_sources, target)
    csv = kb_sources / "salary_figures.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(";700;900;", ";710;900;"), encoding="utf-8")
    build(kb_sources, target)
    value = sqlite3.connect(target).execute("SELECT amount_min FROM salary_figures WHERE id='kfd_azubi_j1'").fetchone()[0]
    assert value == 710
    assert len(list((tmp_path / "backups").glob("kb-*.sqlite"))) == 1


def _at_lines(expected: str, text: str, old: str) -> str:
    """Fills in `{line}` (the line the change is on) and `{line:needle}` (the line a row starts on) from the text."""
    def line_of(match: re.Match) -> str:
        return str(text[:text.index(match.group(1) or old)].count("\n") + 1)
    return re.sub(r"\{line(?::([^}]*))?\}", line_of, expected)


@pytest.mark.parametrize("file, old, new, expected", [
    ("salary_figures.csv", ";700;900;", ";950;900;", "salary_figures.csv:{line}, Spalte 'amount_min': Minimum 950 ist größer als Maximum 900"),
    ("salary_figures.csv", "kfd_azubi_j1;kfd;", "kfd_azubi_j1;baecker;", "salary_figures.csv:{line}, Spalte 'occupation': 'baecker' verweist auf nichts in 'occupations'"),
    ("salary_figures.csv", "Tarifvertrag;;seed_kfd\nkfd_azubi_j2", "Tarifvertrag;;\nkfd_azubi_j2", "salary_figures.csv:{line}, Spalte 'source': Pflichtfeld ist leer"),
    ("salary_figures.csv", ";22800;32400;", ";22800;32500;", "salary_figures.csv:{line}, Spalte 'amount_max': Jahreswert 32500 ≠ 12 × Monatswert 2700"),
    ("salary_figures.csv", ";apprenticeship;1;", ";lehrling;1;", "salary_figures.csv:{line}, Spalte 'stage': 'lehrling' ist nicht erlaubt"),
    ("salary_figures.csv", ";900;month;", ";900;woche;", "salary_figures.csv:{line}, Spalte 'period': 'woche' ist nicht erlaubt"),
    ("salary_figures.csv", ";700;900;", ";sieben;900;", "salary_figures.csv:{line}, Spalte 'amount_min': 'sieben' ist keine Zahl"),
    ("occupations.yml", "{alias: OMM, kind: abbreviation}", "{alias: KfD, kind: abbreviation}", "occupations.yml:{line}, Spalte 'key': Alias kfd ist doppelt (schon in occupations.yml:{line:{alias: KfD,})"),
    ("training.yml", "role: minimum, share_text: null, share_min_percent: null, source: seed_kfd,", "role: minimum, share_text: null, share_min_percent: null, source: seed_unbekannt,", "training.yml:{line}, Spalte 'source': 'seed_unbekannt' verweist auf nichts in 'sources'"),
    ("careers.yml", "kind: studium", "kind: lottogewinn", "careers.yml:{line:- id: kfd_studium}, Spalte 'kind': 'lottogewinn' ist nicht erlaubt"),
])
def test_broken_source_fails_with_location_and_leaves_database_untouched(
        tmp_path: Path, kb_sources: Path, capsys: pytest.CaptureFixture, file: str, old: str, new: str, expected: str) -> None:
    target = tmp_path / "kb.sqlite"
    build(kb_sources, target)
    before = target.read_bytes()
    path = kb_sources / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    expected = _at_lines(expected, text, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

    assert main(["kb", "--db", str(target), "--sources", str(kb_sources), "build"]) == 1

    err = capsys.readouterr().err
    assert "nichts wurde geschrieben" in err
    assert expected in err
    assert target.read_bytes() == before


def test_broken_build_never_creates_a_database(tmp_path: Path, kb_sources: Path) -> None:
    (kb_sources / "sources.yml").write_text("sources: [kaputt", encoding="utf-8")
    target = tmp_path / "new.sqlite"
    assert main(["kb", "--db", str(target), "--sources", str(kb_sources), "build"]) == 1
    assert not target.exists()


def test_validate_reports_ok(capsys: pytest.CaptureFixture) -> None:
    assert main(["kb", "validate"]) == 0
    assert "Alles in Ordnung" in capsys.readouterr().out
