"""The faster action-response check must accept and reject exactly what Rasa's own check does."""
from __future__ import annotations

import copy

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot.rasa import runtime as rasa_runtime

pytestmark = pytest.mark.rasa

VALID = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "occupation", "value": "omm"}],
     "responses": [{"text": "Hallo", "buttons": [{"title": "Gehalt", "payload": "/ask_salary"}], "custom": {"chart": {}}}]},
]
INVALID = [
    {"events": [{"name": "occupation"}], "responses": []},  # an event without its type
    {"events": "nicht eine Liste", "responses": []},
    {"events": [{"event": "slot", "name": 3}], "responses": []},
]


@pytest.fixture
def patched(monkeypatch) -> RemoteAction:
    monkeypatch.setattr(RemoteAction, "_validate_action_result", rasa_runtime._ORIGINAL)
    assert rasa_runtime.apply()
    return RemoteAction("action_answer", None)


@pytest.mark.parametrize("result", VALID)
def test_valid_responses_pass(patched: RemoteAction, result: dict) -> None:
    assert rasa_runtime._ORIGINAL(patched, copy.deepcopy(result)) is True
    assert patched._validate_action_result(copy.deepcopy(result)) is True


@pytest.mark.parametrize("result", INVALID)
def test_invalid_responses_fail_with_rasas_own_message(patched: RemoteAction, result: dict) -> None:
    with pytest.raises(ValidationError) as theirs:
        rasa_runtime._ORIGINAL(patched, copy.deepcopy(result))
    with pytest.raises(ValidationError) as ours:
        patched._validate_action_result(copy.deepcopy(result))
    assert ours.value.message == theirs.value.message and "Action server response" in ours.value.message


def test_other_rasa_versions_run_unchanged(monkeypatch) -> None:
    monkeypatch.setattr(RemoteAction, "_validate_action_result", rasa_runtime._ORIGINAL)
    monkeypatch.setattr(rasa_runtime.rasa, "__version__", "3.7.0")
    assert rasa_runtime.apply() is False
    assert RemoteAction._validate_action_result is rasa_runtime._ORIGINAL
