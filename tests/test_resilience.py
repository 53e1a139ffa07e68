"""Faults and hostile input against the real stack (action server, Rasa, gateway) under the
supervisor: explicit hostile bodies, Schemathesis over the OpenAPI description, then Rasa and
the action server killed in the middle of a conversation – 503 with Retry-After while they are
down, /readyz names the missing part, recovery without manual steps, and the conversation goes
on with its context (the tracker store is SQLite on disk)."""
from __future__ import annotations

import json
import re
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.answers import format as fmt
from bot.config import ROOT
from bot.gateway.openapi import OPENAPI
from bot.kb.queries import KnowledgeBase
from tests.stack import MODEL, kill, supervised_stack

pytestmark = [pytest.mark.rasa, pytest.mark.e2e]
DEMO = {"X-Portal-Key": "demo", "Content-Type": "application/json"}
RECOVERY_SECONDS = 240


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} fehlt – `make test` trainiert es")
    # Schemathesis sends hundreds of requests (and opens many conversations) from one address: the
    # address limits would only test themselves, and the fault tests after it would meet them.
    env = {"BERUFSLOTSE_RATE_PER_ADDRESS": "100000", "BERUFSLOTSE_RATE_PER_SESSION": "1000",
           "BERUFSLOTSE_RATE_NEW_SESSIONS": "100000"}
    with supervised_stack(tmp_path_factory.mktemp("resilience"), extra_env=env) as (ports, supervisor):
        yield ports, supervisor


def request(ports, path: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, dict, dict]:
    """(status, headers, JSON body) – error statuses included, never raises for HTTP errors."""
    req = urllib.request.Request(f"http://127.0.0.1:{ports.gateway}{path}", data=body, headers=headers or {},
                                 method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, dict(response.headers), json.load(response)
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), json.loads(exc.read() or b"{}")


def chat(ports, message: str, session_id: str | None = None) -> tuple[int, dict, dict]:
    body = {"message": message, **({"session_id": session_id} if session_id else {})}
    return request(ports, "/api/v1/chat", json.dumps(body).encode(), DEMO)


def texts(body: dict) -> str:
    return "\n".join(m.get("text") or "" for m in body.get("messages", []))


def wait_until_ready(ports) -> dict:
    deadline = time.monotonic() + RECOVERY_SECONDS
    while time.monotonic() < deadline:
        status, _, body = request(ports, "/readyz")
        if status == 200:
            return body
        time.sleep(1)
    pytest.fail(f"Stack nach {RECOVERY_SECONDS} s nicht wieder bereit: {body}")


# --- hostile input ---------------------------------------------------------------------------

@pytest.mark.parametrize("typed", [
    '/ask_salary{"occupation":"kfd","training_year":9999999999999999999999999}',
    '/ask_salary{"occupation":"omm","years_experience":-5}', "/restart", "/session_start", "/action_listen",
])
def test_raw_intent_text_is_answered_as_text(stack, typed: str) -> None:
    status, _, body = chat(stack[0], typed)
    assert status == 200 and texts(body).strip(), body


@pytest.mark.parametrize("message", ["Was verdient\x00 ein Kaufmann\x1b[31m für Dialogmarketing?\u202e",
                                     "\x07\x08\x0b\x0c", "\u200b\ufeff", "Gehalt\r\n\r\nOnline Marketing Manager"])
def test_control_characters_never_cause_a_server_error(stack, message: str) -> None:
    status, _, body = chat(stack[0], message)
    assert status in (200, 400), body
    assert (texts(body) if status == 200 else body["error"]["message"]).strip()


@pytest.mark.parametrize("raw, status, field", [
    (json.dumps({"message": "x" * 1001}), 413, "message"),
    (json.dumps({"message": "x" * 20000}), 413, None),  # beyond the 16 KiB body limit
    (json.dumps({"message": 42}), 400, "message"),
    (json.dumps({"message": ["Gehalt"]}), 400, "message"),
    (json.dumps({"message": {"text": "Gehalt"}}), 400, "message"),
    (json.dumps({"message": None}), 400, "message"),
    (json.dumps({"message": "Hallo", "session_id": 7}), 400, "session_id"),
    (json.dumps({"button": 7}), 400, "button"),
    (json.dumps(["Gehalt"]), 400, None),
    (json.dumps("Gehalt"), 400, None),
    ("{kaputt", 400, None),
    (b"\xff\xfe\x00".decode("latin-1"), 400, None),
])
def test_wrong_bodies_are_refused_with_a_named_reason(stack, raw: str, status: int, field: str | None) -> None:
    got, _, body = request(stack[0], "/api/v1/chat", raw.encode("latin-1" if raw.startswith("\xff") else "utf-8"), DEMO)
    assert got == status, body
    assert body["error"]["message"] and (field is None or body["error"]["field"] == field)


def test_schemathesis_finds_no_server_error_and_no_schema_violation(stack, tmp_path: Path) -> None:
    ports = stack[0]
    done = subprocess.run(
        [str(ROOT / "scripts" / "schemathesis.sh"), "run", f"http://127.0.0.1:{ports.gateway}/api/v1/openapi.json",
         "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,"
                     "response_headers_conformance,response_schema_conformance",
         "--header", "X-Portal-Key: demo", "--max-examples", "100", "--seed", "11", "--workers", "2",
         "--phases", "examples,coverage,fuzzing", "--request-timeout", "60", "--no-color", "--generation-database", "none",
         "--report", "junit", "--report-dir", str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=900)  # its cache stays out of the repository
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-6000:]
    counts = re.search(r"(\d+) generated, (\d+) passed", output)
    assert counts and counts[1] == counts[2] and int(counts[1]) >= 150, output[-3000:]  # every case ran and passed
    operations = sum(method in ("get", "post", "put", "patch", "delete") for item in OPENAPI["paths"].values() for method in item)
    assert re.search(rf"Tested:\s+{operations}\b", output), output[-3000:]  # every operation the document names
    print(f"Schemathesis: {counts[0]}")  # shown with -s; the figure in docs/reliability.md


# --- faults ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def live_kb() -> KnowledgeBase:
    return KnowledgeBase()


def assert_down(ports, part: str) -> None:
    """While `part` is down: the chat answers 503 with Retry-After, /readyz names the part."""
    status, headers, body = chat(ports, "Hallo")
    assert status == 503 and int(headers["Retry-After"]) >= 1, body
    assert body["error"]["code"] == "upstream_unavailable" and body["error"]["retry_after"] >= 1
    status, headers, body = request(ports, "/readyz")
    assert status == 503 and part in body["down"] and int(headers["Retry-After"]) >= 1, body


CONVERSATION: dict[str, str] = {}  # one conversation lives through both crashes


def test_rasa_crash_mid_conversation_recovers_with_context(stack, live_kb: KnowledgeBase) -> None:
    ports, supervisor = stack
    status, _, first = chat(ports, "Was verdient ein Online Marketing Manager?")
    assert status == 200 and fmt.figure(live_kb.salary_figures("omm", ["entry"])[0]) in texts(first)
    session = CONVERSATION["session"] = first["session_id"]

    kill(supervisor, "rasa")
    time.sleep(0.5)
    assert_down(ports, "rasa")
    ready = wait_until_ready(ports)
    assert supervisor.restarts["rasa"] == 1 and ready["down"] == []

    status, _, second = chat(ports, "und nach 10 Jahren?", session)
    assert status == 200 and second["session_id"] == session
    (ten,) = live_kb.salary_figures("omm", ["experienced"])
    assert fmt.figure(ten) in texts(second), texts(second)


def test_action_server_crash_mid_conversation_recovers_with_context(stack, live_kb: KnowledgeBase) -> None:
    ports, supervisor = stack
    session = CONVERSATION.get("session")
    if session is None:  # the Rasa test failed before: start the conversation here
        status, _, first = chat(ports, "Was verdient ein Online Marketing Manager?")
        assert status == 200
        session = first["session_id"]
    # the role was named before the Rasa crash – the context now has to survive a second crash
    kill(supervisor, "actions")
    time.sleep(0.5)
    status, headers, body = chat(ports, "und nach 10 Jahren?", session)  # this turn fails …
    assert status == 503 and int(headers["Retry-After"]) >= 1, body
    assert_down(ports, "actions")
    wait_until_ready(ports)
    assert supervisor.restarts["actions"] == 1

    status, _, second = chat(ports, "und nach 10 Jahren?", session)  # … and is simply asked again
    assert status == 200 and second["session_id"] == session
    (ten,) = live_kb.salary_figures("omm", ["experienced"])
    assert fmt.figure(ten) in texts(second), texts(second)
