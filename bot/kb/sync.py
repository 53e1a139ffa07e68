"""The node's knowledge-base sync agent (cluster mode): `python -m bot kb sync`.

It LISTENs on `berufslotse_kb` and, on every notification and at the latest every
`interval` seconds (the fallback for a notification lost while the connection was down), asks
PostgreSQL which version is current. If this node's file is another one it fetches the bytes,
verifies the sha256 and switches the file atomically (bot/kb/switch.py); the action server and
the gateway see the new version at their next query. A lost connection is retried with back-off;
the node keeps serving the version it has meanwhile.
"""
from __future__ import annotations

import logging
import select
import threading
import time
from pathlib import Path
from typing import Callable

from bot.kb import distribution, switch

logger = logging.getLogger(__name__)
DEFAULT_INTERVAL = 5.0


def sync_once(conn, live: Path) -> int | None:
    """Makes `live` the current version if it is not already; returns the version switched to, else None."""
    head = distribution.current(conn)
    conn.rollback()
    if head is None:
        return None
    version, sha = head
    have = switch.installed(live)
    if have is not None and have.version == version and have.sha256_prefix == sha[:12]:
        return None
    distribution.install(conn, live, version)
    return version


class SyncAgent:
    """LISTEN + periodic check in one thread; `stop()` ends it within about `interval` seconds.

    Args:
        url: the PostgreSQL URL (BERUFSLOTSE_KB_DATABASE_URL).
        live: this node's knowledge-base path (a link to the current version file).
        interval: seconds between checks when no notification comes.
        on_switch: called with each version switched to (tests and logs).
    """

    def __init__(self, url: str, live: Path, interval: float = DEFAULT_INTERVAL,
                 on_switch: Callable[[int], None] | None = None) -> None:
        self.url, self.live, self.interval = url, Path(live), float(interval)
        self.on_switch = on_switch
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._next_check = 0.0
        self.listening = threading.Event()  # set while a connection is LISTENing

    def start(self) -> "SyncAgent":
        self._thread = threading.Thread(target=self.run, name="kb-sync", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def run(self) -> None:
        """Runs until stop(): reconnects with back-off (0.5 s doubling to 10 s) after any database error."""
        import psycopg2

        backoff = 0.5
        while not self._stop.is_set():
            try:
                self._listen_loop()
                backoff = 0.5
            except (psycopg2.Error, OSError, distribution.ClusterWriteFailed) as exc:
                self.listening.clear()
                logger.warning("Wissensdatenbank-Abgleich: Verbindung zu PostgreSQL verloren (%s), "
                               "neuer Versuch in %.1f s", exc, backoff)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 10.0)
            except (switch.ChecksumMismatch, ValueError) as exc:
                logger.error("Wissensdatenbank-Abgleich: %s", exc)
                self._stop.wait(self.interval)

    def _listen_loop(self) -> None:
        conn = distribution.connect(self.url)
        conn.autocommit = True
        try:
            with conn.cursor() as cursor:
                cursor.execute(f"LISTEN {distribution.CHANNEL}")
            self.listening.set()
            self._sync(conn)  # whatever was published while this node was away
            while not self._stop.is_set():
                readable, _, _ = select.select([conn], [], [], min(self.interval, 1.0))
                if readable:
                    conn.poll()
                    conn.notifies.clear()
                    self._sync(conn)
                elif time.monotonic() >= self._next_check:
                    self._sync(conn)
        finally:
            self.listening.clear()
            conn.close()

    def _sync(self, conn) -> None:
        self._next_check = time.monotonic() + self.interval
        version = sync_once(conn, self.live)
        if version is not None:
            logger.info("Wissensdatenbank auf Version v%s umgestellt.", version)
            if self.on_switch:
                self.on_switch(version)


def main(live: Path, interval: float, once: bool) -> int:
    """`python -m bot kb sync`: one check (`--once`) or the agent until SIGTERM/Ctrl-C."""
    import signal
    import sys

    url = distribution.database_url()
    if url is None:
        print(f"Fehler: {distribution.URL_ENV} ist nicht gesetzt – der Abgleich gehört zum Cluster-Betrieb "
              "(docs/deploy.md).", file=sys.stderr)
        return 1
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    if once:
        conn = distribution.connect(url)
        try:
            version = sync_once(conn, live)
        finally:
            conn.close()
        have = switch.installed(live)
        print(f"Wissensdatenbank {live}: Version v{have.version if have else '?'}"
              + (" (neu geholt)" if version is not None else " (aktuell)"))
        return 0
    agent = SyncAgent(url, live, interval)
    stopping = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())
    agent.start()
    print(f"Wissensdatenbank-Abgleich läuft für {live} (Prüfung alle {interval:g} s und bei jeder Benachrichtigung).",
          flush=True)
    stopping.wait()
    agent.stop()
    return 0
