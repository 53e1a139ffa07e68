"""bot/cluster/services.py without starting anything: the settings it hands out and how it runs
PostgreSQL's tools. Starting and stopping both services is exercised by tests/test_kb_cluster.py
(opt-in, `make cluster-test-data`)."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bot.cluster import services


def test_settings_quote_the_password_and_stay_on_loopback(tmp_path: Path) -> None:
    found = services.ClusterServices(tmp_path, 5433, 6380, "p@ss/wo:rd%")
    env = found.env()
    assert set(env) == {"BERUFSLOTSE_DATABASE_URL", "BERUFSLOTSE_KB_DATABASE_URL", "BERUFSLOTSE_REDIS_URL",
                        "BERUFSLOTSE_REDIS_HOST", "BERUFSLOTSE_REDIS_PORT", "BERUFSLOTSE_REDIS_PASSWORD"}
    for key in ("BERUFSLOTSE_DATABASE_URL", "BERUFSLOTSE_REDIS_URL"):
        parts = urlsplit(env[key])
        assert parts.hostname == "127.0.0.1" and unquote(parts.password) == "p@ss/wo:rd%"
    assert urlsplit(env["BERUFSLOTSE_DATABASE_URL"]).port == 5433 and env["BERUFSLOTSE_REDIS_PORT"] == "6380"


def test_the_state_file_is_private_and_read_back(tmp_path: Path) -> None:
    saved = services.ClusterServices(tmp_path, 5433, 6380, "geheim")
    services._save(saved)
    assert (os.stat(tmp_path / "services.json").st_mode & 0o777) == 0o600
    assert services.load(tmp_path) == saved
    assert services.load(tmp_path / "nothing") is None


def test_postgres_tools_run_as_the_postgres_user_only_for_root() -> None:
    wrapped = services._as_postgres(["initdb", "-D", "x"])
    if os.geteuid() == 0:
        assert wrapped[:4] == ["runuser", "-u", "postgres", "--"] and wrapped[4:] == ["initdb", "-D", "x"]
    else:
        assert wrapped == ["initdb", "-D", "x"]


def test_missing_packages_names_what_apt_must_install(monkeypatch) -> None:
    monkeypatch.setattr(services, "postgres_bin", lambda: None)
    monkeypatch.setattr(services.shutil, "which", lambda name: None)
    assert services.missing_packages() == ["postgresql", "redis-server"]
