"""Accounts, password hashes, sign-in sessions, CSRF tokens and the sign-in throttle of the console.

Accounts live in a YAML file (``BERUFSLOTSE_MAINTAINERS``, default ``config/maintainers.yml``)
holding one scrypt hash with its own salt per named person; nothing secret is kept in the
repository. Sessions are server-side (a random id in an HttpOnly cookie), so signing out or a
restart of the gateway ends them for good.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot import config

ROLES = ("maintainer", "adviser")
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD_LENGTH = 12


class AccountsError(ValueError):
    """The accounts file cannot be used; the message says why (German)."""


def accounts_file() -> Path:
    """Where the console's accounts live (a missing file keeps the console switched off)."""
    value = os.environ.get("BERUFSLOTSE_MAINTAINERS")
    return Path(value).resolve() if value else config.ROOT / "config" / "maintainers.yml"


def hash_password(password: str, salt: bytes | None = None) -> str:
    """An scrypt hash with a fresh random salt, in the form ``scrypt$n$r$p$salt$hash`` (base64)."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    b64 = lambda raw: base64.b64encode(raw).decode()  # noqa: E731
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt)}${b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Constant-time comparison against a stored hash; a malformed hash never matches."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        given = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                               dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(given, expected)


_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class Account:
    """One named person who may sign in to the console."""

    name: str
    password_hash: str
    role: str = "maintainer"
    portals: tuple[str, ...] = ()  # advisers: the portals they may see (empty = all)

    @property
    def can_edit(self) -> bool:
        return self.role == "maintainer"


def load_accounts(path: Path) -> dict[str, Account]:
    """Reads the accounts file; raises AccountsError naming the problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise AccountsError(f"{path}: nicht lesbar ({exc})") from None
    entries = data.get("maintainers") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise AccountsError(f"{path}: erwartet 'maintainers:' mit einem Eintrag je Name")
    accounts = {}
    for name, entry in entries.items():
        entry = entry if isinstance(entry, dict) else {}
        role = entry.get("role", "maintainer")
        if not str(entry.get("password", "")).startswith("scrypt$"):
            raise AccountsError(f"{path}: '{name}' hat keinen Passwort-Hash (python -m bot console add-user {name})")
        if role not in ROLES:
            raise AccountsError(f"{path}: '{name}' hat die unbekannte Rolle '{role}' (erlaubt: {', '.join(ROLES)})")
        accounts[str(name)] = Account(str(name), entry["password"], role, tuple(entry.get("portals") or ()))
    return accounts


def add_account(path: Path, name: str, password: str, role: str = "maintainer", portals: list[str] | None = None) -> None:
    """Adds or replaces one account in the file (created if missing), keeping the others."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountsError(f"Das Passwort ist zu kurz (mindestens {MIN_PASSWORD_LENGTH} Zeichen).")
    if role not in ROLES:
        raise AccountsError(f"Unbekannte Rolle '{role}' (erlaubt: {', '.join(ROLES)})")
    if not name or not name.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise AccountsError("Der Name darf nur Buchstaben, Ziffern, '.', '-' und '_' enthalten.")
    data: dict[str, Any] = {"maintainers": {}}
    if path.exists():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        data.setdefault("maintainers", {})
    entry: dict[str, Any] = {"password": hash_password(password), "role": role}
    if portals:
        entry["portals"] = list(portals)
    data["maintainers"][name] = entry
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text("# Konten der Pflege-Konsole (/admin). Nur Hashes, nie Klartext-Passwörter.\n"
                   + yaml.safe_dump(data, allow_unicode=True, sort_keys=True), encoding="utf-8")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def check_credentials(accounts: dict[str, Account], name: str, password: str) -> Account | None:
    """The account if name and password match; an unknown name costs the same time as a wrong password."""
    account = accounts.get(name)
    ok = verify_password(password, account.password_hash if account else _DUMMY_HASH)
    return account if ok and account else None


@dataclass
class Session:
    """A signed-in person: who, the CSRF token of every form, and pending previews."""

    account: Account
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    created: float = field(default_factory=time.monotonic)
    last_seen: float = field(default_factory=time.monotonic)
    pending: dict[str, Any] = field(default_factory=dict)


class SessionTable:
    """Server-side sessions with an idle and an absolute timeout."""

    def __init__(self, idle_seconds: float = 30 * 60, max_seconds: float = 8 * 3600):
        self.idle, self.max = idle_seconds, max_seconds
        self._sessions: dict[str, Session] = {}

    def create(self, account: Account) -> tuple[str, Session]:
        self._expire()
        sid = secrets.token_urlsafe(32)
        self._sessions[sid] = Session(account)
        return sid, self._sessions[sid]

    def get(self, sid: str | None) -> Session | None:
        self._expire()
        session = self._sessions.get(sid or "")
        if session:
            session.last_seen = time.monotonic()
        return session

    def drop(self, sid: str | None) -> None:
        self._sessions.pop(sid or "", None)

    def _expire(self) -> None:
        now = time.monotonic()
        for sid in [s for s, v in self._sessions.items() if now - v.last_seen > self.idle or now - v.created > self.max]:
            del self._sessions[sid]


def same_token(given: str | None, expected: str | None) -> bool:
    """Constant-time token comparison; empty never matches."""
    return bool(given and expected) and hmac.compare_digest(given.encode(), expected.encode())


class SignInThrottle:
    """After `limit` failed sign-ins within `window` seconds (per address and per name), wait."""

    def __init__(self, limit: int = 5, window: float = 15 * 60):
        self.limit, self.window = limit, window
        self._failures: dict[str, deque[float]] = {}

    def wait_seconds(self, *keys: str) -> int:
        now = time.monotonic()
        waits = []
        for key in keys:
            hits = self._failures.get(key)
            while hits and now - hits[0] > self.window:
                hits.popleft()
            if hits and len(hits) >= self.limit:
                waits.append(int(self.window - (now - hits[0])) + 1)
        return max(waits, default=0)

    def failed(self, *keys: str) -> None:
        for key in keys:
            self._failures.setdefault(key, deque()).append(time.monotonic())

    def succeeded(self, *keys: str) -> None:
        for key in keys:
            self._failures.pop(key, None)
