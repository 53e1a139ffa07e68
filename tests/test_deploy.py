"""The shipped systemd unit: restart policy, resource limits and hardening are there, every
variable it uses is in the example env file, and systemd itself accepts the unit."""
from __future__ import annotations

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.config import ROOT

UNIT = ROOT / "deploy" / "berufslotse.service"
ENV = ROOT / "deploy" / "berufslotse.env.example"


def unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive in systemd
    parser.read_string(UNIT.read_text(encoding="utf-8"))
    return parser


def test_unit_restarts_limits_and_hardens() -> None:
    service = unit()["Service"]
    assert "-m bot serve" in service["ExecStart"]
    assert service["Restart"] == "on-failure" and int(service["RestartSec"]) > 0
    assert service["MemoryMax"] and int(service["TasksMax"]) > 0
    for key, value in {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "PrivateTmp": "yes",
                       "ProtectHome": "yes", "KillMode": "mixed"}.items():
        assert service[key] == value, key
    writable = service["ReadWritePaths"].split()
    assert "/opt/berufslotse/var" in writable and "/opt/berufslotse/data/kb" in writable  # tracker, KB, CSV write-back
    assert int(unit()["Unit"]["StartLimitBurst"]) > 0


def test_every_variable_of_the_unit_is_in_the_env_example() -> None:
    used = set(re.findall(r"\$\{(\w+)\}", UNIT.read_text(encoding="utf-8")))
    defined = {line.split("=", 1)[0] for line in ENV.read_text(encoding="utf-8").splitlines()
               if "=" in line and not line.lstrip().startswith("#")}
    assert used and used <= defined, used - defined


def verify_unit(unit: Path, tmp_path: Path) -> None:
    """`systemd-analyze verify` on a copy of the unit that points at this checkout."""
    text = unit.read_text(encoding="utf-8").replace("/opt/berufslotse", str(ROOT))
    text = re.sub(r"^(User|Group)=.*$", r"\1=root", text, flags=re.M)  # the service user exists only on servers
    text = text.replace("/etc/berufslotse/berufslotse.env", str(tmp_path / "berufslotse.env"))
    (tmp_path / "berufslotse.env").write_text(ENV.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / unit.name).write_text(text, encoding="utf-8")
    done = subprocess.run(["systemd-analyze", "verify", str(tmp_path / unit.name)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr


def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze nicht installiert")
    verify_unit(UNIT, tmp_path)


def test_the_cluster_sync_unit_keeps_the_knowledge_base_current(tmp_path: Path) -> None:
    """deploy/berufslotse-kb-sync.service: the node's sync agent (cluster mode, docs/deploy.md)."""
    path = ROOT / "deploy" / "berufslotse-kb-sync.service"
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str
    parser.read_string(path.read_text(encoding="utf-8"))
    service = parser["Service"]
    assert service["ExecStart"].endswith("-m bot kb sync") and "--once" in service["ExecStartPre"]
    assert service["Restart"] == "always" and service["EnvironmentFile"] == "/etc/berufslotse/berufslotse.env"
    assert service["ReadWritePaths"] == "/opt/berufslotse/var" and service["ProtectSystem"] == "strict"
    if shutil.which("systemd-analyze"):
        verify_unit(path, tmp_path)
