"""kb export/import/set/history/rollback/gaps: all-or-nothing, audited, written back to data/kb."""
from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from bot.cli import main
from bot.kb.build import build
from bot.kb.history import write_lock
from bot.kb.maintenance import current_rows, export
from bot.kb.queries import KnowledgeBase


@pytest.fixture
def live(tmp_path: Path, kb_sources: Path) -> tuple[Path, Path]:
    db = tmp_path / "kb.sqlite"
    build(kb_sources, db)
    return db, kb_sources


def kb(live: tuple[Path, Path], *args: str) -> int:
    db, sources = live
    return main(["kb", "--db", str(db), "--sources", str(sources), *args])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def exported(live, tmp_path: Path, edit: tuple[str, str] | None = None, name: str = "import.csv") -> Path:
    path = tmp_path / name
    assert kb(live, "export", "--out", str(path)) == 0
    if edit:
        text = path.read_text(encoding="utf-8")
        assert edit[0] in text, edit[0]
        path.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    return path


def test_export_round_trips_without_changes(live, tmp_path: Path, capsys) -> None:
    path = exported(live, tmp_path)
    assert sorted(path.read_text(encoding="utf-8").splitlines()) == \
        sorted((live[1] / "salary_figures.csv").read_text(encoding="utf-8").splitlines())
    assert kb(live, "import", str(path)) == 0
    assert "0 neu, 0 geändert, 34 unverändert" in capsys.readouterr().out


def test_yaml_export_has_every_row_with_its_source(live) -> None:
    import yaml

    rows = yaml.safe_load(export(live[0], "salary_figures", "yaml"))["salary_figures"]
    assert len(rows) == len(current_rows(live[0])) and all(r["source"] for r in rows)


def test_dry_run_shows_the_diff_and_changes_nothing(live, tmp_path: Path, capsys) -> None:
    path = exported(live, tmp_path, (";850;1030;", ";870;1050;"))
    before = digest(live[0]), digest(live[1] / "salary_figures.csv")
    assert kb(live, "import", str(path), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "Probelauf" in out and "kfd_azubi_j3: amount_min: 850 → 870; amount_max: 1030 → 1050" in out
    assert (digest(live[0]), digest(live[1] / "salary_figures.csv")) == before


def test_import_updates_database_csv_and_history(live, tmp_path: Path, capsys) -> None:
    path = exported(live, tmp_path, (";850;1030;", ";870;1050;"))
    assert kb(live, "import", str(path), "--actor", "maria", "--comment", "Tarif 2027") == 0
    (third,) = KnowledgeBase(live[0]).salary_figures("kfd", ["apprenticeship"], training_year=3)
    assert (third.amount_min, third.amount_max) == (870, 1050)
    assert "kfd_azubi_j3;kfd;apprenticeship;3;;;870;1050;" in (live[1] / "salary_figures.csv").read_text(encoding="utf-8")
    capsys.readouterr()
    assert kb(live, "history") == 0
    line = capsys.readouterr().out.splitlines()[0]
    assert "maria" in line and "850 → 870" in line and "Quelle: seed_kfd" in line and "Tarif 2027" in line
    assert len(list((live[0].parent / "backups").glob("*.sqlite"))) >= 1
    # a rebuild from the written-back files gives the same rows
    rebuilt = live[0].parent / "rebuilt.sqlite"
    build(live[1], rebuilt)
    assert current_rows(rebuilt) == current_rows(live[0])


def test_new_row_is_added(live, tmp_path: Path) -> None:
    path = tmp_path / "new.yml"
    path.write_text("salary_figures:\n  - {id: mav_2027_j1, occupation: kfd, stage: minimum_training_pay, training_year: 1,"
                    " cohort_start_year: 2027, amount_min: 760, amount_max: 760, period: month, basis: gross,"
                    " basis_stated: 1, approximate: 0, preferred: 1, source: ref_mav_2026}\n", encoding="utf-8")
    assert kb(live, "import", str(path)) == 0
    assert "mav_2027_j1" in current_rows(live[0])
    assert (live[1] / "salary_figures.csv").read_text(encoding="utf-8").splitlines()[-1].startswith("mav_2027_j1;")


BAD_ROWS = [
    ("unknown column", ("id;occupation;", "id;beruf;"), "unbekannte Spalte"),
    ("non-numeric amount", (";850;1030;", ";acht;1030;"), "'acht' ist keine Zahl"),
    ("negative amount", (";850;1030;", ";-850;1030;"), "negativ"),
    ("min > max", (";850;1030;", ";1850;1030;"), "Minimum 1850 ist größer als Maximum 1030"),
    ("unknown occupation", ("kfd_azubi_j3;kfd;", "kfd_azubi_j3;baecker;"), "'baecker' verweist auf nichts"),
    ("unknown stage", (";apprenticeship;3;", ";lehrling;3;"), "'lehrling' ist nicht erlaubt"),
    ("missing source", ("Tarifvertrag;;seed_kfd\nkfd_azubi_j3", "Tarifvertrag;;\nkfd_azubi_j3"), "Pflichtfeld ist leer"),
    ("duplicate key", ("kfd_azubi_j2;", "kfd_azubi_j3;"), "ist doppelt"),
    ("broken yearly twin", (";22800;32400;", ";22800;32500;"), "Jahreswert 32500 ≠ 12 × Monatswert 2700"),
    # larger than SQLite's 64-bit integers: a clear rejection, not an OverflowError while writing
    ("huge training year", (";apprenticeship;3;", ";apprenticeship;9999999999999999999999999;"), "ist zu groß"),
    ("huge amount", (";850;1030;", ";850;99999999999999999999999;"), "ist zu groß"),
]


@pytest.mark.parametrize("what, edit, message", BAD_ROWS, ids=[b[0] for b in BAD_ROWS])
def test_bad_file_is_rejected_whole_and_nothing_changes(live, tmp_path: Path, capsys, what, edit, message) -> None:
    good = (";790;960;", ";795;965;")  # a valid change in the same file must not slip through
    path = exported(live, tmp_path, good)
    text = path.read_text(encoding="utf-8")
    assert edit[0] in text
    path.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    before = digest(live[0]), digest(live[1] / "salary_figures.csv")
    assert kb(live, "import", str(path)) == 1
    err = capsys.readouterr().err
    assert "nichts wurde geschrieben" in err and message in err and "import.csv:" in err
    assert (digest(live[0]), digest(live[1] / "salary_figures.csv")) == before


def test_every_bad_row_is_named(live, tmp_path: Path, capsys) -> None:
    path = exported(live, tmp_path, (";850;1030;", ";1850;1030;"))
    text = path.read_text(encoding="utf-8").replace(";790;960;", ";x;960;", 1)
    path.write_text(text, encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    third = next(i for i, l in enumerate(lines, 1) if l.startswith("kfd_azubi_j3;"))
    second = next(i for i, l in enumerate(lines, 1) if l.startswith("kfd_azubi_j2;"))
    assert kb(live, "import", str(path)) == 1
    err = capsys.readouterr().err
    assert f"import.csv:{third}, Spalte 'amount_min'" in err and f"import.csv:{second}, Spalte 'amount_min'" in err


def test_set_and_rollback_restore_the_exact_rows(live, capsys) -> None:
    before_rows, before_csv = current_rows(live[0]), (live[1] / "salary_figures.csv").read_bytes()
    assert kb(live, "set", "omm_einstieg", "amount_min=28000", "--comment", "neue Quelle") == 0
    assert kb(live, "set", "kfd_azubi_j1", "amount_max=950") == 0
    assert current_rows(live[0])["omm_einstieg"]["amount_min"] == 28000
    capsys.readouterr()
    assert kb(live, "history", "--limit", "5") == 0
    first_change = int(capsys.readouterr().out.splitlines()[-1].split()[0].lstrip("#"))
    assert kb(live, "rollback", "--to", str(first_change)) == 0
    assert current_rows(live[0]) == before_rows
    assert (live[1] / "salary_figures.csv").read_bytes() == before_csv
    capsys.readouterr()
    assert kb(live, "history", "--limit", "1") == 0
    assert "[rollback]" in capsys.readouterr().out


def test_set_refuses_bad_values(live, capsys) -> None:
    before = digest(live[0])
    assert kb(live, "set", "kfd_azubi_j1", "amount_min=5000") == 1
    assert kb(live, "set", "gibt_es_nicht", "amount_min=5") == 1
    assert kb(live, "set", "kfd_azubi_j1", "farbe=rot") == 1
    assert kb(live, "set", "kfd_azubi_j1", "amount_min") == 1
    assert digest(live[0]) == before


def test_rollback_to_unknown_change(live, capsys) -> None:
    assert kb(live, "rollback", "--to", "999") == 1
    assert "gibt es nicht" in capsys.readouterr().err


def test_second_writer_waits_then_fails_clearly(live, tmp_path: Path, monkeypatch) -> None:
    import bot.kb.history as history

    monkeypatch.setenv("BERUFSLOTSE_LOCK_WAIT", "0.3")
    path = exported(live, tmp_path, (";850;1030;", ";870;1050;"))
    from bot.kb.maintenance import import_file

    with write_lock(live[0]), pytest.raises(history.KnowledgeBaseBusy, match="anderen Vorgang"):
        import_file(live[0], live[1], path, False, "test")
    assert current_rows(live[0])["kfd_azubi_j3"]["amount_min"] == 850


def test_readers_never_see_half_an_import(live, tmp_path: Path) -> None:
    """Two figures change in one import; a reader running meanwhile sees both old or both new."""
    path = exported(live, tmp_path, (";850;1030;", ";870;1050;"))
    text = path.read_text(encoding="utf-8").replace(";700;900;", ";720;920;", 1)
    path.write_text(text, encoding="utf-8")
    reader = KnowledgeBase(live[0])
    seen: set[tuple] = set()
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            with reader.snapshot():  # one answer = one consistent read, however many queries
                first = reader.salary_figures("kfd", ["apprenticeship"], training_year=1)[0].amount_min
                third = reader.salary_figures("kfd", ["apprenticeship"], training_year=3)[0].amount_min
            seen.add((first, third))

    thread = threading.Thread(target=read)
    thread.start()
    time.sleep(0.05)
    from bot.kb.maintenance import import_file
    import_file(live[0], live[1], path, False, "test")
    time.sleep(0.05)
    stop.set()
    thread.join()
    assert seen <= {(700, 850), (720, 870)}, seen
    assert (720, 870) in seen


def test_gaps_groups_unanswered_questions_without_personal_data(tmp_path: Path, capsys, monkeypatch) -> None:
    from bot import unanswered

    log = tmp_path / "u.sqlite"
    monkeypatch.setenv("BERUFSLOTSE_UNANSWERED", str(log))
    for text in ("Was verdient ein Pilot?", "was verdient ein pilot", "Wie wird das Wetter?",
                 "Ruf mich an: 0176 1234567 oder max@example.de", "/ask_salary{}"):
        unanswered.record(text, "out_of_scope")
    stored = [r[0] for r in sqlite3.connect(log).execute("SELECT text FROM unanswered")]
    assert len(stored) == 4 and not any("0176" in t or "@" in t for t in stored)
    assert "[Nummer]" in stored[-1] and "[E-Mail]" in stored[-1]
    assert main(["kb", "gaps"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].strip().startswith("2 ×") and "Pilot" in out[0]


def test_unanswered_log_retention(tmp_path: Path) -> None:
    from bot import unanswered

    log = tmp_path / "u.sqlite"
    unanswered.record("alte Frage", "nlu_fallback", path=log)
    sqlite3.connect(log).execute("UPDATE unanswered SET day = '2000-01-01'").connection.commit()
    unanswered.record("neue Frage", "nlu_fallback", path=log, retention_days=30)
    assert [r[0] for r in sqlite3.connect(log).execute("SELECT text FROM unanswered")] == ["neue Frage"]
    assert len(unanswered.record.__doc__) > 0
    assert unanswered.redact("x" * 500).endswith("…") and len(unanswered.redact("x" * 500)) == unanswered.MAX_CHARS + 1
