"""Where things live. Paths can be overridden by environment variables so tests and
deployments never have to touch the project tree."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _path(env: str, default: Path) -> Path:
    """An absolute path from the environment, symbolic links NOT resolved: in cluster mode
    `kb.sqlite` is a link that the sync agent moves to each new version file (bot/kb/switch.py);
    a resolved path would pin the version file found at start."""
    value = os.environ.get(env)
    return Path(os.path.abspath(os.path.expanduser(value))) if value else default


def kb_source_dir() -> Path:
    """Curated, reviewed source files (YAML/CSV): the single source of truth."""
    return _path("BERUFSLOTSE_KB_SOURCES", ROOT / "data" / "kb")


def kb_path() -> Path:
    """The generated SQLite knowledge base."""
    return _path("BERUFSLOTSE_KB", ROOT / "var" / "kb.sqlite")


def seeds_dir() -> Path:
    """The five seed articles, kept beside the repository (not copied into it)."""
    return _path("BERUFSLOTSE_SEEDS", ROOT.parent / "shared" / "seeds")


def reference_file() -> Path:
    return _path("BERUFSLOTSE_REFERENCE", ROOT.parent / "shared" / "reference" / "official_figures.yml")


def spacy_model_dir() -> Path:
    """The German spaCy pipeline built offline from the knowledge base."""
    return _path("BERUFSLOTSE_SPACY_MODEL", ROOT / "var" / "spacy" / "de_berufslotse")


def portals_file() -> Path:
    """Which portals may embed the widget (keys, origins, theme)."""
    return _path("BERUFSLOTSE_PORTALS", ROOT / "config" / "portals.yml")


def unanswered_path() -> Path:
    """Anonymous log of questions the bot could not answer (feeds `kb gaps`)."""
    return _path("BERUFSLOTSE_UNANSWERED", ROOT / "var" / "unanswered.sqlite")


def unanswered_retention_days() -> int:
    """Days the unanswered-question log keeps a row (defaults to the general retention period)."""
    return int(os.environ.get("BERUFSLOTSE_UNANSWERED_DAYS") or retention_days())


def retention_days() -> int:
    """Days conversations (tracker store, gateway sessions) are kept after their last message."""
    return int(os.environ.get("BERUFSLOTSE_RETENTION_DAYS", "30"))


def tracker_db_path() -> Path:
    """Rasa's SQL tracker store (every conversation's events); `python -m bot serve` passes it to Rasa."""
    return _path("BERUFSLOTSE_TRACKER_DB", ROOT / "var" / "rasa" / "tracker.db")


def sessions_path() -> Path:
    """The gateway's sessions and quick-reply tokens, so conversations continue after a restart."""
    return _path("BERUFSLOTSE_SESSIONS", ROOT / "var" / "sessions.sqlite")


# --- cluster mode (docs/cluster-gateway.md); unset = one machine, embedded SQLite ------------

def redis_url() -> str | None:
    """Redis for the gateways' sessions, quick-reply tokens and rate limits (`BERUFSLOTSE_REDIS_URL`,
    e.g. redis://10.0.0.7:6379/0); None keeps them in the embedded SQLite file and in memory."""
    return os.environ.get("BERUFSLOTSE_REDIS_URL") or None


def redis_prefix() -> str:
    """Put before every Redis key of the gateway, so several deployments can share one Redis."""
    return os.environ.get("BERUFSLOTSE_REDIS_PREFIX", "berufslotse:")


def rasa_urls() -> tuple[str, ...]:
    """The Rasa replicas the gateway routes sessions to (`BERUFSLOTSE_RASA_URLS`, comma separated);
    empty: the single `--rasa-url`."""
    return tuple(url.strip().rstrip("/") for url in os.environ.get("BERUFSLOTSE_RASA_URLS", "").split(",") if url.strip())


def number(env: str, default: float) -> float:
    """A number from the environment, or a German message naming the variable."""
    value = os.environ.get(env)
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"{env} muss eine Zahl sein, nicht '{value}'.") from None
