"""PostgreSQL for tests: an existing server named by BERUFSLOTSE_TEST_PG_URL (the default run has
none, so those cases are skipped), and a fresh database per test on it, dropped afterwards."""
from __future__ import annotations

import os
import secrets
from contextlib import contextmanager
from typing import Iterator

import pytest
from sqlalchemy.engine import make_url

PG_URL_ENV = "BERUFSLOTSE_TEST_PG_URL"


def pg_url_or_skip() -> str:
    url = os.environ.get(PG_URL_ENV)
    if not url:
        pytest.skip(f"{PG_URL_ENV} nicht gesetzt (PostgreSQL-Fälle laufen in make cluster-test-data)")
    return url


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server of `server_url`; yields its URL and drops it afterwards."""
    import psycopg2

    url = make_url(server_url)
    name = "test_" + secrets.token_hex(6)
    admin = psycopg2.connect(host=url.host, port=url.port, user=url.username, password=url.password,
                             dbname=url.database or "postgres")
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        try:
            yield str(url.set(database=name).render_as_string(hide_password=False))
        finally:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()
