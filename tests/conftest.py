"""Shared fixtures: a knowledge base built from the real curated files into a temp folder."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bot import config
from bot.dialogue import Dialogue
from bot.kb.build import build
from bot.kb.queries import KnowledgeBase


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Cluster tests start PostgreSQL/Redis: opt-in only (`make cluster-test-data`), never in `make test`."""
    if os.environ.get("BERUFSLOTSE_CLUSTER_TESTS") == "1":
        return
    skip = pytest.mark.skip(reason="Cluster-Test: nur mit BERUFSLOTSE_CLUSTER_TESTS=1 (make cluster-test-data)")
    for item in items:
        if "cluster" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def no_cluster_settings_from_the_shell():
    """A shell with cluster mode exported (docs/deploy.md) must not turn the tests' private knowledge
    bases and tracker stores into writes to that PostgreSQL; cluster tests set what they need."""
    for name in ("BERUFSLOTSE_KB_DATABASE_URL", "BERUFSLOTSE_DATABASE_URL"):
        os.environ.pop(name, None)
    yield


@pytest.fixture(scope="session", autouse=True)
def private_unanswered_log(tmp_path_factory: pytest.TempPathFactory):
    """Tests (and the servers they start) never write into the project's var/ log."""
    os.environ["BERUFSLOTSE_UNANSWERED"] = str(tmp_path_factory.mktemp("unanswered") / "unanswered.sqlite")
    yield


@pytest.fixture(scope="session", autouse=True)
def private_gateway_state(tmp_path_factory: pytest.TempPathFactory):
    """Gateways started by tests keep sessions and delete conversations in temp files, never in var/."""
    state = tmp_path_factory.mktemp("gateway")
    os.environ["BERUFSLOTSE_SESSIONS"] = str(state / "sessions.sqlite")
    os.environ["BERUFSLOTSE_TRACKER_DB"] = str(state / "tracker.db")
    for cluster_setting in ("BERUFSLOTSE_REDIS_URL", "BERUFSLOTSE_RASA_URLS", "BERUFSLOTSE_METRICS_TOKEN"):
        os.environ.pop(cluster_setting, None)  # tests that want cluster mode say so (tests/redis_fixtures.py)
    yield


@pytest.fixture(scope="session")
def kb_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kb") / "kb.sqlite"
    build(config.kb_source_dir(), path)
    return path


@pytest.fixture(scope="session")
def kb(kb_path: Path) -> KnowledgeBase:
    return KnowledgeBase(kb_path)


@pytest.fixture
def dialogue(kb: KnowledgeBase) -> Dialogue:
    """The conversation logic on the test knowledge base, without Rasa (test_gloss.py keeps one per module)."""
    return Dialogue(kb)


@pytest.fixture
def kb_sources(tmp_path: Path) -> Path:
    """A private, editable copy of data/kb/ for tests that break a file on purpose."""
    target = tmp_path / "kb-sources"
    shutil.copytree(config.kb_source_dir(), target)
    return target


@pytest.fixture
def live(tmp_path: Path, kb_sources: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A private knowledge base that changes may write to: (database, curated files), both in tmp_path,
    and the environment pointing there."""
    db = tmp_path / "kb.sqlite"
    build(kb_sources, db)
    monkeypatch.setenv("BERUFSLOTSE_KB", str(db))
    monkeypatch.setenv("BERUFSLOTSE_KB_SOURCES", str(kb_sources))
    return db, kb_sources


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    path = config.seeds_dir()
    if not path.is_dir():
        pytest.skip(f"Seed-Texte nicht gefunden ({path}): liegen in CI unter ../shared/seeds, in einem Nutzer-Klon nicht")
    return path


@pytest.fixture(scope="session")
def reference_file() -> Path:
    path = config.reference_file()
    if not path.is_file():
        pytest.skip(f"Referenzdatei nicht gefunden ({path}): liegt in CI unter ../shared/reference")
    return path


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium under Playwright, one per test module (tests/browser.py)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium fehlt – `make test` installiert es (Debian-Paket chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
