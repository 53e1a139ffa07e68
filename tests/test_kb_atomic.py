"""Knowledge-base writes cannot diverge: database and data/kb/salary_figures.csv change together
or not at all – a failing file write, a failing commit and a crash in between leave (or restore)
both unchanged; `kb set` decides on the row it read under the write lock."""
from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import ROOT
from bot.kb import commit
from bot.kb.build import build
from bot.kb.history import CHANGE_LOG, write_lock
from bot.kb.maintenance import current_rows, export, set_value

EDIT = (";850;1030;", ";870;1050;")


@pytest.fixture
def live(tmp_path: Path, kb_sources: Path) -> tuple[Path, Path]:
    db = tmp_path / "kb.sqlite"
    build(kb_sources, db)
    return db, kb_sources


def state(live: tuple[Path, Path]) -> tuple[dict, int, str, list[str]]:
    """Everything a write could touch: the rows, the change log, the CSV bytes, stray files."""
    db, sources = live
    with closing(sqlite3.connect(db)) as conn:
        logged = conn.execute(f"SELECT COUNT(*) FROM {CHANGE_LOG}").fetchone()[0]
    csv_digest = hashlib.sha256((sources / commit.CSV_FILE).read_bytes()).hexdigest()
    return current_rows(db), logged, csv_digest, sorted(p.name for p in sources.iterdir())


def edited_export(live, tmp_path: Path) -> Path:
    path = tmp_path / "import.csv"
    text = export(live[0], "salary_figures", "csv")
    assert EDIT[0] in text
    path.write_text(text.replace(*EDIT, 1), encoding="utf-8")
    return path


def kb(live, *args: str) -> int:
    return main(["kb", "--db", str(live[0]), "--sources", str(live[1]), *args])


def test_a_failing_csv_write_changes_nothing(live, tmp_path: Path, monkeypatch, capsys) -> None:
    path = edited_export(live, tmp_path)
    before = state(live)
    real_replace = commit.os.replace

    def refuse_csv(src, dst):
        if Path(dst).name == commit.CSV_FILE:
            raise PermissionError(13, "Keine Schreibrechte", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(commit.os, "replace", refuse_csv)
    assert kb(live, "import", str(path)) == 1
    err = capsys.readouterr().err
    assert "Nichts wurde geändert" in err and "salary_figures.csv" in err
    assert state(live) == before


def test_a_failing_commit_puts_the_old_csv_back_byte_for_byte(live, tmp_path: Path, monkeypatch) -> None:
    path = edited_export(live, tmp_path)
    csv_path = live[1] / commit.CSV_FILE  # as a spreadsheet program on Windows saves it: BOM and CRLF
    csv_path.write_bytes(b"\xef\xbb\xbf" + csv_path.read_bytes().replace(b"\n", b"\r\n"))
    before = state(live)

    def broken_commit(conn):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(commit, "_commit", broken_commit)
    with pytest.raises(sqlite3.OperationalError):
        from bot.kb.maintenance import import_file

        import_file(live[0], live[1], path, False, "test")
    assert state(live) == before


CRASH = """
import os, sys
from pathlib import Path
from bot.kb import commit
from bot.kb.maintenance import import_file
commit._commit = lambda conn: os._exit(9)   # the process dies after the CSV swap, before the commit
import_file(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), False, "crash-test")
"""


def test_a_crash_between_file_swap_and_commit_is_undone_by_recovery(live, tmp_path: Path) -> None:
    path = edited_export(live, tmp_path)
    rows_before, logged_before, csv_before, _ = state(live)
    done = subprocess.run([sys.executable, "-c", CRASH, str(live[0]), str(live[1]), str(path)], cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, capture_output=True, timeout=60)
    assert done.returncode == 9, done.stderr.decode()
    journal = live[1] / f".{commit.CSV_FILE}.journal"
    assert journal.exists() and ";870;1050;" in (live[1] / commit.CSV_FILE).read_text(encoding="utf-8")
    assert current_rows(live[0]) == rows_before  # the database never committed

    message = commit.recover(live[0], live[1])
    assert message and "zurückgenommen" in message
    assert state(live)[:3] == (rows_before, logged_before, csv_before) and not journal.exists()
    assert kb(live, "import", str(path)) == 0  # and the next write goes through normally
    assert current_rows(live[0])["kfd_azubi_j3"]["amount_min"] == 870


def test_recovery_keeps_a_change_that_did_commit(live, tmp_path: Path) -> None:
    assert kb(live, "import", str(edited_export(live, tmp_path))) == 0
    with closing(sqlite3.connect(live[0])) as conn:
        (batch,) = conn.execute(f"SELECT batch FROM {CHANGE_LOG} ORDER BY id DESC LIMIT 1").fetchone()
    after = state(live)
    journal = live[1] / f".{commit.CSV_FILE}.journal"
    old = base64.b64encode(b"alt").decode()
    journal.write_text(json.dumps({"batch": batch, "old": old}), encoding="utf-8")  # crash after commit, before cleanup
    assert "vollständig gespeichert" in commit.recover(live[0], live[1])
    assert state(live) == after


def test_build_recovers_before_reading_the_files(live, tmp_path: Path) -> None:
    csv_path = live[1] / commit.CSV_FILE
    old = csv_path.read_text(encoding="utf-8")
    csv_path.write_text(old.replace(*EDIT, 1), encoding="utf-8")  # a swapped file whose commit never happened
    (live[1] / f".{commit.CSV_FILE}.journal").write_text(
        json.dumps({"batch": "never-committed", "old": base64.b64encode(old.encode()).decode()}), encoding="utf-8")
    build(live[1], live[0])
    assert csv_path.read_text(encoding="utf-8") == old
    assert current_rows(live[0])["kfd_azubi_j3"]["amount_min"] == 850


def test_kb_set_starts_from_the_row_it_read_under_the_lock(live) -> None:
    """Another writer holds the lock and changes amount_min; `kb set amount_max=…` waits and must
    keep that change instead of writing back the row it would have read before waiting."""
    db, sources = live
    holding = threading.Event()

    def other_writer() -> None:
        with write_lock(db):
            holding.set()
            time.sleep(0.5)
            with closing(sqlite3.connect(db)) as conn:
                conn.execute("UPDATE salary_figures SET amount_min = 860 WHERE id = 'kfd_azubi_j3'")
                conn.commit()

    thread = threading.Thread(target=other_writer)
    thread.start()
    assert holding.wait(5)
    result = set_value(db, sources, "kfd_azubi_j3", {"amount_max": "1040"}, "test")
    thread.join()
    row = current_rows(db)["kfd_azubi_j3"]
    assert result.applied and (row["amount_min"], row["amount_max"]) == (860, 1040)
