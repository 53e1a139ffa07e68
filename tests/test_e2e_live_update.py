"""Maintainer workflow against the running stack: export, change one figure, import – the
bot's next answer shows it (no retraining, no restart; the delay is measured by `make bench`);
history shows the change; rollback brings the old answer back."""
from __future__ import annotations

import json
import os
import shutil
import urllib.request

import pytest

from bot import config
from bot.answers import format as fmt
from bot.cli import main
from bot.kb.build import build
from bot.kb.queries import KnowledgeBase
from tests.stack import MODEL, running_stack

pytestmark = [pytest.mark.rasa, pytest.mark.e2e]


@pytest.fixture(scope="module")
def private_kb(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("live")
    sources = tmp / "kb-sources"
    shutil.copytree(config.kb_source_dir(), sources)
    db = tmp / "kb.sqlite"
    build(sources, db)
    saved = {k: os.environ.get(k) for k in ("BERUFSLOTSE_KB", "BERUFSLOTSE_KB_SOURCES")}
    os.environ.update(BERUFSLOTSE_KB=str(db), BERUFSLOTSE_KB_SOURCES=str(sources))
    yield db, sources, tmp
    for key, value in saved.items():
        os.environ.pop(key) if value is None else os.environ.__setitem__(key, value)


@pytest.fixture(scope="module")
def gateway(private_kb):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} fehlt – `make test` trainiert es")
    with running_stack(private_kb[2], with_gateway=True) as (ports, _):
        yield ports.gateway


def ask(port: int, text: str, session: str | None = None) -> tuple[str, str]:
    body = {"message": text, **({"session_id": session} if session else {})}
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/chat", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", "X-Portal-Key": "demo"})
    with urllib.request.urlopen(request, timeout=30) as response:
        payload = json.load(response)
    return "\n".join(m["text"] for m in payload["messages"]), payload["session_id"]


def kb(private_kb, *args: str) -> int:
    db, sources, _ = private_kb
    return main(["kb", "--db", str(db), "--sources", str(sources), *args])


def test_import_is_live_within_a_second_and_rollback_restores(gateway, private_kb, capsys) -> None:
    db, sources, tmp = private_kb
    question = "Wie viel verdient man im dritten Lehrjahr als Kaufmann für Dialogmarketing?"
    (old,) = KnowledgeBase(db).salary_figures("kfd", ["apprenticeship"], training_year=3)
    before, _ = ask(gateway, question)
    assert fmt.figure(old) in before

    exported = tmp / "export.csv"
    assert kb(private_kb, "export", "--out", str(exported)) == 0
    text = exported.read_text(encoding="utf-8")
    old_cells = f";{fmt.number(old.amount_min).replace('.', '')};{fmt.number(old.amount_max).replace('.', '')};"
    assert old_cells in text
    exported.write_text(text.replace(old_cells, ";999;1111;", 1), encoding="utf-8")
    assert kb(private_kb, "import", str(exported), "--comment", "e2e") == 0

    after, _ = ask(gateway, question)  # the very next answer, no restart, no retraining
    assert "999–1.111 €" in after
    capsys.readouterr()
    assert kb(private_kb, "history", "--limit", "1") == 0
    line = capsys.readouterr().out
    assert "kfd_azubi_j3" in line and "850 → 999" in line

    change_id = line.split()[0].lstrip("#")
    assert kb(private_kb, "rollback", "--to", change_id) == 0
    restored, _ = ask(gateway, question)
    assert fmt.figure(old) in restored and "999" not in restored
