"""Cluster mode's knowledge base against a real PostgreSQL (opt-in: `make cluster-test-data`, or
BERUFSLOTSE_CLUSTER_TESTS=1). A write is published as a new version, the pointer moves and every
node switches within a second; a failed write changes no pointer, no version and no node's file;
rollback moves the pointer back; two writers on two nodes are serialised without losing a change.

PostgreSQL comes from BERUFSLOTSE_TEST_PG_URL or, without it, from bot/cluster/services.py
(Debian's packages, installed when missing), started once for this file under var/cluster/."""
from __future__ import annotations

import os
import secrets
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

import psycopg2
import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.cli import main
from bot.config import ROOT
from bot.kb import distribution, switch, versions
from bot.kb.maintenance import export, import_file, set_value
from bot.kb.queries import KnowledgeBase
from bot.kb.sync import SyncAgent
from bot.kb.validate import ValidationFailed
from tests.cluster_helpers import PG_URL_ENV, fresh_database

pytestmark = pytest.mark.cluster
FIGURE = "kfd_azubi_j3"  # 850 … 1030 € in the curated data
VISIBLE_WITHIN = 1.0


@pytest.fixture(scope="module")
def pg_server() -> Iterator[str]:
    if os.environ.get(PG_URL_ENV):
        yield os.environ[PG_URL_ENV]
        return
    from bot.cluster import services

    root = ROOT / "var" / "cluster" / f"pytest-{secrets.token_hex(4)}"
    started = services.start(root)
    try:
        yield started.postgres_url
    finally:
        services.stop(root, remove=True)


@pytest.fixture
def kb_url(pg_server: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with fresh_database(pg_server) as url:
        monkeypatch.setenv(distribution.URL_ENV, url)
        monkeypatch.setenv("BERUFSLOTSE_LOCK_WAIT", "20")
        yield url


class Node:
    """One machine: its own knowledge-base file, a reader like the action server's, a sync agent."""

    def __init__(self, url: str, folder: Path, interval: float = 5.0) -> None:
        self.live = folder / "kb.sqlite"
        folder.mkdir(parents=True, exist_ok=True)
        self.switched: list[int] = []
        self.agent = SyncAgent(url, self.live, interval, on_switch=self.switched.append).start()
        self._reader: KnowledgeBase | None = None

    def amount_min(self) -> float | None:
        if self._reader is None:
            if not self.live.exists():
                return None
            self._reader = KnowledgeBase(self.live)
        return self._reader.salary_figure(FIGURE).amount_min

    def version(self) -> int | None:
        have = switch.installed(self.live)
        return have.version if have else None


def wait_for(check: Callable[[], bool], seconds: float) -> float | None:
    """Seconds until `check()` held, or None if it did not within `seconds`."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if check():
            return time.monotonic() - start
        time.sleep(0.005)
    return None


@pytest.fixture
def cluster(kb_url: str, tmp_path: Path, kb_sources: Path) -> Iterator[tuple[str, Node, Node, Path]]:
    """Version 1 published from the curated files; two nodes (a: also the maintainers' node) on it."""
    (tmp_path / "a").mkdir()
    assert versions.publish(kb_url, tmp_path / "a" / "kb.sqlite", kb_sources, "test", "Start") == 1
    a, b = Node(kb_url, tmp_path / "a"), Node(kb_url, tmp_path / "b")
    assert wait_for(lambda: a.agent.listening.is_set() and b.agent.listening.is_set() and b.switched == [1], 10)
    b.switched.clear()  # b fetched version 1 at its start; the tests count what comes after
    yield kb_url, a, b, kb_sources
    for node in (a, b):
        node.agent.stop()


def rows(url: str, sql: str) -> list[tuple]:
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def edited(sources: Path, db: Path, tmp_path: Path, new: str) -> Path:
    path = tmp_path / "import.csv"
    text = export(db, "salary_figures", "csv")
    assert ";850;1030;" in text
    path.write_text(text.replace(";850;1030;", new, 1), encoding="utf-8")
    return path


def test_an_import_is_visible_on_every_node_within_one_second(cluster, tmp_path: Path) -> None:
    url, a, b, sources = cluster
    assert a.amount_min() == b.amount_min() == 850
    path = edited(sources, a.live, tmp_path, ";880;1060;")
    started = time.monotonic()
    result = import_file(a.live, sources, path, dry_run=False, actor="maria", comment="Tarif 2026")
    took = time.monotonic() - started  # validate, apply on the work copy, store, commit, switch node a
    times = [wait_for(lambda node=node: node.amount_min() == 880, 3) for node in (a, b)]
    print(f"import {took:.3f} s, then visible on a after {times[0]}, on b after {times[1]} s")
    assert result.applied and all(t is not None and t < VISIBLE_WITHIN for t in times), (times, took)
    assert rows(url, "SELECT version FROM kb_current") == [(2,)]
    assert rows(url, "SELECT id, parent, actor, comment FROM kb_versions ORDER BY id") == [
        (1, None, "test", "Start"), (2, 1, "maria", "Tarif 2026")]
    assert a.version() == b.version() == 2 and b.switched == [2]
    stored = rows(url, "SELECT sources->>'salary_figures.csv' FROM kb_versions WHERE id = 2")[0][0]
    assert ";880;1060;" in stored  # the curated CSV of the version matches its database
    assert ";880;1060;" not in (sources / "salary_figures.csv").read_text(encoding="utf-8")


def test_a_dry_run_publishes_nothing(cluster, tmp_path: Path) -> None:
    url, a, b, sources = cluster
    result = import_file(a.live, sources, edited(sources, a.live, tmp_path, ";880;1060;"), True, "maria")
    assert not result.applied and len(result.changes) == 1
    assert rows(url, "SELECT count(*) FROM kb_versions") == [(1,)] and a.amount_min() == b.amount_min() == 850


def test_an_invalid_import_changes_no_pointer_no_version_and_no_node(cluster, tmp_path: Path) -> None:
    url, a, b, sources = cluster
    with pytest.raises(ValidationFailed, match="größer als Maximum"):
        import_file(a.live, sources, edited(sources, a.live, tmp_path, ";1850;1030;"), False, "maria")
    time.sleep(0.3)  # a notification, if one had been sent, would have arrived by now
    assert rows(url, "SELECT count(*), max(id) FROM kb_versions") == [(1, 1)]
    assert rows(url, "SELECT version FROM kb_current") == [(1,)]
    assert a.version() == b.version() == 1 and a.amount_min() == b.amount_min() == 850 and b.switched == []


def test_a_failure_after_the_pointer_moved_rolls_the_whole_transaction_back(cluster, tmp_path: Path,
                                                                            monkeypatch) -> None:
    url, a, b, sources = cluster
    real_point = distribution.move_pointer

    def point_then_fail(cursor, version, actor):
        real_point(cursor, version, actor)  # version stored, pointer moved, NOTIFY queued …
        raise OSError("Festplatte voll")    # … and then the process fails before COMMIT

    monkeypatch.setattr(distribution, "move_pointer", point_then_fail)
    with pytest.raises(OSError, match="Festplatte voll"):
        set_value(a.live, sources, FIGURE, {"amount_min": "870"}, "maria")
    time.sleep(0.3)
    assert rows(url, "SELECT count(*) FROM kb_versions") == [(1,)] and rows(url, "SELECT version FROM kb_current") == [(1,)]
    assert b.switched == [] and a.amount_min() == b.amount_min() == 850
    assert [p.name for p in a.live.parent.iterdir() if p.name.startswith("kb-work")] == []  # work copy gone


def test_rollback_moves_the_pointer_back_on_every_node(cluster) -> None:
    url, a, b, sources = cluster
    set_value(a.live, sources, FIGURE, {"amount_min": "870"}, "maria", "neu")
    assert wait_for(lambda: b.amount_min() == 870, VISIBLE_WITHIN) is not None
    assert main(["kb", "--db", str(a.live), "activate", "v1", "--actor", "lena"]) == 0
    times = [wait_for(lambda node=node: node.amount_min() == 850, 3) for node in (a, b)]
    assert all(t is not None and t < VISIBLE_WITHIN for t in times), times
    assert rows(url, "SELECT version, moved_by FROM kb_pointer_log ORDER BY id") == [(1, "test"), (2, "maria"), (1, "lena")]
    assert main(["kb", "--db", str(a.live), "activate", "99"]) == 1  # no such version: an error, nothing moved
    assert rows(url, "SELECT version FROM kb_current") == [(1,)]


def test_writers_on_two_nodes_are_serialised_and_lose_nothing(cluster) -> None:
    url, a, b, sources = cluster
    errors: list[BaseException] = []

    def write(live: Path, figure: str, value: str) -> None:
        try:
            set_value(live, sources, figure, {"amount_min": value}, f"on-{live.parent.name}")
        except BaseException as exc:  # noqa: BLE001 – reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(a.live, FIGURE, "870")),
               threading.Thread(target=write, args=(b.live, "kfd_azubi_j1", "710"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert rows(url, "SELECT id, parent FROM kb_versions ORDER BY id") == [(1, None), (2, 1), (3, 2)]
    assert wait_for(lambda: a.version() == b.version() == 3, 3) is not None
    for node in (a, b):
        reader = KnowledgeBase(node.live)
        assert (reader.salary_figure(FIGURE).amount_min, reader.salary_figure("kfd_azubi_j1").amount_min) == (870, 710)


def test_a_missed_notification_is_caught_by_the_periodic_check(kb_url: str, tmp_path: Path, kb_sources: Path) -> None:
    writer = tmp_path / "w" / "kb.sqlite"
    writer.parent.mkdir()
    versions.publish(kb_url, writer, kb_sources, "test")
    set_value(writer, kb_sources, FIGURE, {"amount_min": "870"}, "maria")
    with psycopg2.connect(kb_url) as conn, conn.cursor() as cursor:  # pointer moved without NOTIFY
        cursor.execute("UPDATE kb_current SET version = 1")
    node = Node(kb_url, tmp_path / "n", interval=0.3)
    try:
        assert wait_for(lambda: node.version() == 1, 5) is not None  # caught up at start
        with psycopg2.connect(kb_url) as conn, conn.cursor() as cursor:
            cursor.execute("UPDATE kb_current SET version = 2")
        assert wait_for(lambda: node.version() == 2, 2) is not None and node.amount_min() == 870
    finally:
        node.agent.stop()


def test_a_damaged_version_is_not_installed(cluster) -> None:
    url, a, b, sources = cluster
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute("INSERT INTO kb_versions (actor, parent, sha256, size, data, sources) "
                       "SELECT actor, id, sha256, size, data || '\\x00'::bytea, sources FROM kb_versions WHERE id = 1")
        cursor.execute("UPDATE kb_current SET version = 2")
        cursor.execute("SELECT pg_notify(%s, '2')", (distribution.CHANNEL,))
    time.sleep(0.5)
    assert b.version() == 1 and b.amount_min() == 850 and b.switched == []


def test_a_write_before_the_first_publish_is_refused_clearly(kb_url: str, live, capsys) -> None:
    db, sources = live
    assert main(["kb", "--db", str(db), "--sources", str(sources), "set", FIGURE, "amount_min=870"]) == 1
    assert "kb publish" in capsys.readouterr().err
    assert main(["kb", "--db", str(db), "--sources", str(sources), "publish"]) == 0
    assert main(["kb", "--db", str(db), "--sources", str(sources), "publish"]) == 0  # unchanged: no second version
    assert rows(kb_url, "SELECT count(*) FROM kb_versions") == [(1,)]


async def test_the_admin_api_publishes_and_reports_an_unreachable_database(cluster, live, monkeypatch) -> None:
    from bot.gateway.app import Settings, create_app

    url, a, b, sources = cluster
    monkeypatch.setenv("BERUFSLOTSE_KB", str(a.live))
    monkeypatch.setenv("BERUFSLOTSE_KB_SOURCES", str(sources))
    token = "s3cret-admin-token-for-tests"
    auth = {"Authorization": f"Bearer {token}"}
    client = TestClient(TestServer(create_app(Settings(admin_token=token, rasa_url="http://127.0.0.1:9"))))
    await client.start_server()
    try:
        csv_text = await (await client.get("/api/v1/admin/export", headers=auth)).text()
        changed = csv_text.replace(";850;1030;", ";880;1060;", 1)
        done = await client.post("/api/v1/admin/import", data=changed, headers=auth)
        assert done.status == 200 and (await done.json())["applied"] is True
        assert wait_for(lambda: b.amount_min() == 880, VISIBLE_WITHIN) is not None
        monkeypatch.setenv(distribution.URL_ENV, "postgresql://nobody:x@127.0.0.1:9/none")
        refused = await client.post("/api/v1/admin/import", data=csv_text, headers=auth)
        assert refused.status == 409 and "nicht erreichbar" in (await refused.json())["error"]["message"]
        assert rows(url, "SELECT count(*) FROM kb_versions") == [(2,)] and a.amount_min() == 880
    finally:
        await client.close()


def test_a_local_switch_failing_after_the_commit_is_caught_up_by_the_agent(cluster, monkeypatch, caplog) -> None:
    """Once committed the version is live in the cluster: the write reports success even if the
    writer's own node cannot switch right then, and that node's agent catches up."""
    url, a, b, sources = cluster
    a.agent.stop()  # only the writer touches a's file now
    real_install = switch.install

    def fail_on_a(live, *args, **kwargs):
        if live == a.live:
            raise OSError("Festplatte kurz voll")
        return real_install(live, *args, **kwargs)

    monkeypatch.setattr(switch, "install", fail_on_a)
    result = set_value(a.live, sources, FIGURE, {"amount_min": "870"}, "maria")
    assert result.applied and "Festplatte kurz voll" in caplog.text and "holt das nach" in caplog.text
    assert wait_for(lambda: b.amount_min() == 870, VISIBLE_WITHIN) is not None and a.version() == 1
    monkeypatch.setattr(switch, "install", real_install)
    a.agent = SyncAgent(url, a.live, 5.0, on_switch=a.switched.append).start()
    assert wait_for(lambda: a.amount_min() == 870, 5) is not None and a.version() == 2
