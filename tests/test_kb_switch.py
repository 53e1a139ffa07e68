"""Cluster mode's file side without PostgreSQL: a distributed knowledge-base version is verified
(sha256, readable by SQLite) and switched in with one atomic rename; a reader sees the old or the
new version, and a failed check switches nothing. The SQL side is in tests/test_kb_cluster.py."""
from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.kb import switch
from bot.kb.build import build
from bot.kb.distribution import database_url, writing
from bot.kb.history import KnowledgeBaseBusy, write_lock
from bot.kb.maintenance import set_value
from bot.kb.queries import KnowledgeBase

FIGURE = "kfd_azubi_j1"


@pytest.fixture
def versions(tmp_path: Path, kb_sources: Path) -> tuple[bytes, bytes]:
    """Two knowledge-base files as they are distributed: before and after one changed figure."""
    db, sources = tmp_path / "build" / "kb.sqlite", tmp_path / "build" / "sources"
    shutil.copytree(kb_sources, sources)  # the change writes its CSV there, not into kb_sources
    build(sources, db)
    first = switch.standalone_bytes(db)
    set_value(db, sources, FIGURE, {"amount_max": "999"}, "test", "neue Zahl")
    return first, switch.standalone_bytes(db)


def amount_max(kb: KnowledgeBase) -> float:
    return kb.salary_figure(FIGURE).amount_max


def test_a_switch_is_seen_by_an_open_reader_at_its_next_query(tmp_path: Path, versions) -> None:
    live = tmp_path / "node" / "kb.sqlite"
    switch.install(live, 1, versions[0], switch.sha256(versions[0]))
    reader = KnowledgeBase(live)
    before = amount_max(reader)
    switch.install(live, 2, versions[1], switch.sha256(versions[1]))
    assert (before, amount_max(reader)) == (900, 999)
    assert switch.installed(live).version == 2 and live.is_symlink()
    switch.install(live, 1, versions[0], switch.sha256(versions[0]))  # rollback: the pointer moved back
    assert amount_max(reader) == 900 and switch.installed(live).version == 1


def test_a_reader_on_the_configured_link_follows_a_switch(tmp_path: Path, versions, monkeypatch) -> None:
    """BERUFSLOTSE_KB names the link (as in deploy/berufslotse.env.example): the action server's
    default reader must keep the link, not the version file it pointed to at start."""
    from bot import config

    live = tmp_path / "node" / "kb.sqlite"
    switch.install(live, 1, versions[0], switch.sha256(versions[0]))
    monkeypatch.setenv("BERUFSLOTSE_KB", str(live))
    assert config.kb_path() == live
    reader = KnowledgeBase()
    before = amount_max(reader)
    switch.install(live, 2, versions[1], switch.sha256(versions[1]))
    assert (before, amount_max(reader)) == (900, 999)


def test_the_distributed_file_needs_no_side_files(tmp_path: Path, versions) -> None:
    """Rollback-journal mode: nothing but the file itself is needed to read the version."""
    path = tmp_path / "v.sqlite"
    path.write_bytes(versions[1])
    assert versions[1][18:20] == b"\x01\x01"  # SQLite header: legacy (not WAL) read/write version
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_checksum_mismatch_switches_nothing(tmp_path: Path, versions) -> None:
    live = tmp_path / "node" / "kb.sqlite"
    switch.install(live, 1, versions[0], switch.sha256(versions[0]))
    tampered = versions[1][:-1] + bytes([versions[1][-1] ^ 1])
    with pytest.raises(switch.ChecksumMismatch, match="Prüfsumme"):
        switch.install(live, 2, tampered, switch.sha256(versions[1]))
    assert switch.installed(live).version == 1 and amount_max(KnowledgeBase(live)) == 900
    assert sorted(p.name for p in switch.versions_dir(live).iterdir()) == [switch.installed(live).path.name]


def test_bytes_that_are_no_database_are_never_switched_to(tmp_path: Path, versions) -> None:
    live = tmp_path / "node" / "kb.sqlite"
    switch.install(live, 1, versions[0], switch.sha256(versions[0]))
    garbage = b"SQLite format 3\x00" + os.urandom(8192)
    with pytest.raises(sqlite3.DatabaseError):
        switch.install(live, 2, garbage, switch.sha256(garbage))  # right checksum, but not a database
    assert switch.installed(live).version == 1 and amount_max(KnowledgeBase(live)) == 900
    assert not list(switch.versions_dir(live).glob(".*tmp*"))


def test_a_plain_wal_file_with_open_readers_is_replaced_safely(tmp_path: Path, kb_sources: Path, versions) -> None:
    """A node built by `make kb` has a WAL-mode file whose -wal holds recent writes while readers keep
    it open. Renaming new bytes over that name would let SQLite read the old -wal as part of the new
    file (it served the stale 800 in a try); a file of its own per version cannot mix them up."""
    live = tmp_path / "node" / "kb.sqlite"
    build(kb_sources, live)
    old_reader = KnowledgeBase(live)
    with old_reader.snapshot():  # holds a read transaction: the next write stays in the -wal
        assert amount_max(old_reader) == 900
        set_value(live, kb_sources, FIGURE, {"amount_max": "800"}, "test", "lokal")
        assert os.path.getsize(f"{live}-wal") > 0
        switch.install(live, 7, versions[1], switch.sha256(versions[1]))
        assert amount_max(KnowledgeBase(live)) == 999
    assert amount_max(old_reader) == 999 and switch.installed(live).version == 7


def test_only_the_newest_version_files_are_kept(tmp_path: Path, versions) -> None:
    live = tmp_path / "node" / "kb.sqlite"
    for version in range(1, 9):
        data = versions[version % 2]
        switch.install(live, version, data, switch.sha256(data))
    switch.install(live, 2, versions[0], switch.sha256(versions[0]))  # rolled back to an old version
    names = sorted(p.name for p in switch.versions_dir(live).glob("*.sqlite"))
    assert len(names) == switch.KEEP_VERSION_FILES + 1 and switch.installed(live).path.name in names
    assert amount_max(KnowledgeBase(live)) == 900


def test_installed_is_none_for_a_plain_file(tmp_path: Path, kb_sources: Path) -> None:
    db = tmp_path / "kb.sqlite"
    build(kb_sources, db)
    assert switch.installed(db) is None and switch.installed(tmp_path / "missing.sqlite") is None


def test_without_the_setting_writes_stay_local(live, monkeypatch) -> None:
    """No BERUFSLOTSE_KB_DATABASE_URL: `writing` is the local writer lock on the same paths."""
    monkeypatch.delenv("BERUFSLOTSE_KB_DATABASE_URL", raising=False)
    db, sources = live
    assert database_url() is None
    with writing(db, sources) as (work_db, work_sources):
        assert (work_db, work_sources) == (db, sources)
        with pytest.raises(KnowledgeBaseBusy):
            with write_lock(db, wait_seconds=0.1):
                pass
