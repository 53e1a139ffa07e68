#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter (Rasa 3.6 refuses 3.11+), or explains how to get one.
# Looks at $PYTHON, python3.10 on PATH, pyenv's versions, then ~/.pyenv directly.
set -u

is_310() { [ -x "$1" ] && [ "$("$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = "3.10" ]; }

candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
command -v python3.10 >/dev/null 2>&1 && candidates+=("$(command -v python3.10)")
if command -v pyenv >/dev/null 2>&1; then
  for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.|$)' | sort -rV); do
    candidates+=("$(pyenv root)/versions/$v/bin/python3.10")
  done
fi
for p in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10; do
  candidates+=("$p")
done

for c in "${candidates[@]}"; do
  # a pyenv shim may point at another version: ask it to run 3.10 explicitly
  if [[ "$c" == */shims/* ]]; then
    for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10' | sort -rV); do
      if PYENV_VERSION="$v" is_310 "$c"; then echo "$(PYENV_VERSION="$v" "$c" -c 'import sys; print(sys.executable)')"; exit 0; fi
    done
    continue
  fi
  if is_310 "$c"; then echo "$c"; exit 0; fi
done

cat >&2 <<'MSG'
Fehler: Kein Python 3.10 gefunden. Rasa 3.6 läuft nur mit Python 3.10 (nicht 3.11 oder neuer).
Installiere es z. B. mit pyenv:  pyenv install 3.10.13
oder setze PYTHON=/pfad/zu/python3.10 und rufe make erneut auf.
MSG
exit 1
