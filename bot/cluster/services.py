"""A private PostgreSQL and redis-server for cluster mode on one machine.

`make cluster-services` and the opt-in cluster tests use this module; production points the same
environment variables at the operators' own servers (docs/deploy.md). Both services come from
Debian's packages (`postgresql`, `redis-server`), installed with apt-get when missing, and run
from the project's folder: data under `var/cluster/` (ignored by git), TCP on 127.0.0.1 only, on a
free port chosen at the first start and kept in `var/cluster/services.json` with a generated
password (file mode 0600).

PostgreSQL's `initdb` refuses to run as root, so as root both `initdb` and the server run as the
`postgres` user (Debian's package creates it); the data folder is handed to that user. Unix
sockets are switched off: only `127.0.0.1:PORT` with a password (scram-sha-256).
redis-server keeps nothing on disk (`--save ""`, no append-only file): it holds gateway sessions,
button tokens, rate-limit counters and Rasa's conversation locks, all of which are short-lived.

    python -m bot.cluster.services start|stop|status|env [--root DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

from bot import config

DEFAULT_ROOT = config.ROOT / "var" / "cluster"
DATABASE = "berufslotse"
READY_SECONDS = 60.0
APT_PACKAGES = ("postgresql", "redis-server")


class ServiceError(RuntimeError):
    """A service could not be installed, started or reached; the message says what to do."""


@dataclass
class ClusterServices:
    """Where the private services listen and how to reach them."""

    root: Path
    postgres_port: int
    redis_port: int
    password: str

    @property
    def postgres_url(self) -> str:
        """SQLAlchemy/psycopg2 URL of the project's database."""
        return f"postgresql://postgres:{quote(self.password, safe='')}@127.0.0.1:{self.postgres_port}/{DATABASE}"

    @property
    def redis_url(self) -> str:
        return f"redis://:{quote(self.password, safe='')}@127.0.0.1:{self.redis_port}/0"

    def env(self) -> dict[str, str]:
        """The settings that switch the project into cluster mode (docs/deploy.md)."""
        return {
            "BERUFSLOTSE_DATABASE_URL": self.postgres_url,      # Rasa's tracker store (endpoints.cluster.yml)
            "BERUFSLOTSE_KB_DATABASE_URL": self.postgres_url,   # knowledge-base versions (bot/kb/distribution.py)
            "BERUFSLOTSE_REDIS_URL": self.redis_url,            # gateway sessions and limits
            "BERUFSLOTSE_REDIS_HOST": "127.0.0.1",              # Rasa's RedisLockStore takes host/port/password
            "BERUFSLOTSE_REDIS_PORT": str(self.redis_port),
            "BERUFSLOTSE_REDIS_PASSWORD": self.password,
        }


# --- installing -------------------------------------------------------------------------------

def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL's binary folder (Debian keeps them version by version)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def missing_packages() -> list[str]:
    missing = []
    if postgres_bin() is None:
        missing.append("postgresql")
    if shutil.which("redis-server") is None:
        missing.append("redis-server")
    return missing


def ensure_installed() -> None:
    """Installs Debian's postgresql and redis-server when they are missing (as root or via sudo)."""
    missing = missing_packages()
    if not missing:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    print(f"Installiere {' '.join(missing)} (Debian-Pakete) für den Cluster-Betrieb …", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing]):
        result = subprocess.run(sudo + command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if result.returncode != 0:
            raise ServiceError(f"{' '.join(command)} ist fehlgeschlagen: {result.stderr.strip()[-500:]}")
    if missing_packages():
        raise ServiceError(f"Nach apt-get install fehlen noch: {', '.join(missing_packages())}.")


# --- starting and stopping --------------------------------------------------------------------

def _as_postgres(command: list[str]) -> list[str]:
    """initdb and postgres refuse root: run them as Debian's `postgres` user when we are root."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _free_port() -> int:
    from bot.serve import free_port
    return free_port()


def _state_file(root: Path) -> Path:
    return root / "services.json"


def load(root: Path = DEFAULT_ROOT) -> ClusterServices | None:
    """The services' settings as the last `start` wrote them, or None."""
    try:
        data = json.loads(_state_file(root).read_text(encoding="utf-8"))
        return ClusterServices(root, int(data["postgres_port"]), int(data["redis_port"]), str(data["password"]))
    except (OSError, ValueError, KeyError):
        return None


def _save(services: ClusterServices) -> None:
    path = _state_file(services.root)
    data = {k: v for k, v in asdict(services).items() if k != "root"}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle)


def start(root: Path = DEFAULT_ROOT) -> ClusterServices:
    """Installs (if needed) and starts both services, waits until they accept connections.
    Running services are reused, so a second `start` is cheap."""
    ensure_installed()
    root = Path(root).resolve()
    root.mkdir(parents=True, exist_ok=True)
    services = load(root) or ClusterServices(root, _free_port(), _free_port(), secrets.token_urlsafe(18))
    _save(services)
    _start_postgres(services)
    _start_redis(services)
    return services


def _pg_data(root: Path) -> Path:
    return root / "postgres"


def _start_postgres(services: ClusterServices) -> None:
    import psycopg2

    bin_dir, data = postgres_bin(), _pg_data(services.root)
    if _postgres_running(services):
        return
    if not (data / "PG_VERSION").exists():
        shutil.rmtree(data, ignore_errors=True)
        data.mkdir(mode=0o700)
        pwfile = services.root / ".pgpass-init"
        pwfile.write_text(services.password + "\n", encoding="utf-8")
        if os.geteuid() == 0:
            shutil.chown(data, "postgres", "postgres")
            shutil.chown(pwfile, "postgres", "postgres")
        try:
            _run(_as_postgres([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8", "--no-locale",
                               "--auth-host=scram-sha-256", "--auth-local=peer", f"--pwfile={pwfile}"]), "initdb")
        finally:
            pwfile.unlink(missing_ok=True)
    options = (f"-c listen_addresses=127.0.0.1 -c port={services.postgres_port} -c unix_socket_directories='' "
               "-c max_connections=200")
    _run(_as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(data / "server.log"), "-w",
                       "-t", str(int(READY_SECONDS)), "-o", options, "start"]), "PostgreSQL-Start")
    deadline = time.monotonic() + READY_SECONDS
    while True:
        try:
            conn = psycopg2.connect(host="127.0.0.1", port=services.postgres_port, user="postgres",
                                    password=services.password, dbname="postgres", connect_timeout=3)
            break
        except psycopg2.OperationalError as exc:
            if time.monotonic() > deadline:
                raise ServiceError(f"PostgreSQL antwortet nicht auf 127.0.0.1:{services.postgres_port}: {exc}") from exc
            time.sleep(0.2)
    conn.autocommit = True  # CREATE DATABASE cannot run in a transaction (so no `with conn`)
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,))
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{DATABASE}"')
    finally:
        conn.close()


def _postgres_running(services: ClusterServices) -> bool:
    data = _pg_data(services.root)
    if not (data / "postmaster.pid").exists():
        return False
    return subprocess.run(_as_postgres([str(postgres_bin() / "pg_ctl"), "-D", str(data), "status"]),
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0


def _start_redis(services: ClusterServices) -> None:
    import redis

    client = redis.Redis(host="127.0.0.1", port=services.redis_port, password=services.password, socket_timeout=2)
    if _ping(client):
        return
    folder = services.root / "redis"
    folder.mkdir(exist_ok=True)
    config_file = folder / "redis.conf"  # the password stays out of the process list
    config_file.write_text(
        f"bind 127.0.0.1\nport {services.redis_port}\nrequirepass {services.password}\nsave \"\"\n"
        f"appendonly no\ndaemonize yes\npidfile {folder / 'redis.pid'}\nlogfile {folder / 'redis.log'}\n"
        f"dir {folder}\n", encoding="utf-8")
    os.chmod(config_file, 0o600)
    _run(["redis-server", str(config_file)], "redis-server-Start")
    deadline = time.monotonic() + READY_SECONDS
    while not _ping(client):
        if time.monotonic() > deadline:
            raise ServiceError(f"redis-server antwortet nicht auf 127.0.0.1:{services.redis_port} "
                               f"(Log: {folder / 'redis.log'}).")
        time.sleep(0.1)


def _ping(client) -> bool:
    import redis

    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


def stop(root: Path = DEFAULT_ROOT, remove: bool = False) -> None:
    """Stops both services (PostgreSQL with a fast shutdown); `remove` also deletes their data."""
    root = Path(root).resolve()
    services = load(root)
    if services is not None and _postgres_running(services):
        _run(_as_postgres([str(postgres_bin() / "pg_ctl"), "-D", str(_pg_data(root)), "-m", "fast", "-w", "stop"]),
             "PostgreSQL-Stopp")
    pid_file = root / "redis" / "redis.pid"
    if pid_file.exists():
        try:
            pid = int(pid_file.read_text().strip())
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                os.kill(pid, 0)
                time.sleep(0.05)
        except (ValueError, ProcessLookupError):
            pass
    if remove:
        shutil.rmtree(root, ignore_errors=True)


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        raise ServiceError(f"{what} fehlgeschlagen (Exit-Code {result.returncode}): {result.stdout.strip()[-800:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.cluster.services",
                                     description="Private PostgreSQL und Redis für den Cluster-Betrieb auf dieser Maschine")
    parser.add_argument("command", choices=["start", "stop", "status", "env", "url"],
                        help="url: nur die PostgreSQL-URL (für BERUFSLOTSE_TEST_PG_URL)")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="Datenordner (Standard: var/cluster)")
    args = parser.parse_args(argv)
    try:
        if args.command == "start":
            services = start(args.root)
            print(f"PostgreSQL: 127.0.0.1:{services.postgres_port}, Redis: 127.0.0.1:{services.redis_port} – bereit.\n"
                  f"Umgebung: eval \"$(python -m bot.cluster.services env)\"")
        elif args.command == "stop":
            stop(args.root)
            print("PostgreSQL und Redis beendet.")
        else:
            services = load(args.root.resolve())
            if services is None:
                print("Keine Cluster-Dienste eingerichtet – zuerst `start`.", file=sys.stderr)
                return 1
            if args.command == "url":
                print(services.postgres_url)
            elif args.command == "env":
                for name, value in services.env().items():
                    print(f"export {name}={shlex.quote(value)}")
            else:
                import redis
                client = redis.Redis(host="127.0.0.1", port=services.redis_port, password=services.password, socket_timeout=2)
                print(f"PostgreSQL 127.0.0.1:{services.postgres_port}: {'läuft' if _postgres_running(services) else 'gestoppt'}")
                print(f"Redis      127.0.0.1:{services.redis_port}: {'läuft' if _ping(client) else 'gestoppt'}")
    except ServiceError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
