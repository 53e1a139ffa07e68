"""`python -m bot.rasa.runtime run …`: Rasa's own CLI, started with one speed fix for Rasa 3.6.21.

Rasa validates every action-server response with `jsonschema.validate()`, which first checks
Rasa's constant response schema against the JSON-Schema metaschema – on every call. Profiling
showed that metaschema check as 16 % of Rasa's CPU per message. The fix validates against the
same schema and raises the same error, with a validator built (and the schema checked) once.
It is applied only to the Rasa version it was written for; any other version runs unchanged.
"""
from __future__ import annotations

import functools
import logging
from typing import Any

import rasa
from jsonschema import validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction

log = logging.getLogger(__name__)
PATCHED_VERSION = "3.6.21"
_ORIGINAL = RemoteAction._validate_action_result


@functools.lru_cache(maxsize=1)
def _response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    error = best_match(_response_validator().iter_errors(result))
    if error is None:
        return True
    return _ORIGINAL(self, result)  # the rare invalid response: Rasa's own path and message


def apply() -> bool:
    """Installs the fix when running the Rasa version it was written and tested for."""
    if rasa.__version__ != PATCHED_VERSION:
        log.warning("Rasa %s statt %s: Aktions-Validierung bleibt unverändert.", rasa.__version__, PATCHED_VERSION)
        return False
    RemoteAction._validate_action_result = _validate_action_result
    return True


def main() -> None:
    apply()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
