#!/usr/bin/env bash
# Runs Schemathesis from its own virtualenv under var/schemathesis, created on first use from
# tests/schemathesis/requirements.lock (exact pins). Schemathesis 4 needs newer jsonschema and
# friends than Rasa 3.6's runtime allows, so it never enters .venv. Used by `make schemathesis`
# and by tests/test_resilience.py; all arguments go to `schemathesis`.
# Runs in the caller's folder (Schemathesis keeps a cache in ./.schemathesis).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="$ROOT/var/schemathesis"
LOCK="$ROOT/tests/schemathesis/requirements.lock"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
if [ ! -f "$VENV/.installed" ] || [ "$LOCK" -nt "$VENV/.installed" ]; then
  echo "Richte $VENV ein (Schemathesis, eigene Umgebung) …" >&2
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "pip==24.0"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$LOCK"
  "$VENV/bin/pip" check >&2
  touch "$VENV/.installed"
fi
exec "$VENV/bin/schemathesis" "$@"
