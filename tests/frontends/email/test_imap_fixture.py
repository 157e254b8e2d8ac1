"""The dovecot fixture skips only when dovecot is missing, says how to get it, and fails
instead when it is required (as .ci/run requires it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.frontends.email.imap_server import INSTALL_HINT

ROOT = Path(__file__).resolve().parents[3]
ONE_TEST = "tests/frontends/email/test_imap_poller.py::test_each_security_reaches_the_folder[none]"


def run_without_dovecot(mode: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WGBOT_")}
    env["WGBOT_TEST_IMAP_DOVECOT"] = "/nonexistent/dovecot"  # as if not installed
    if mode:
        env["WGBOT_TEST_IMAP"] = mode
    command = [sys.executable, "-m", "pytest", "-q", "-rsf", "-p", "no:cacheprovider", ONE_TEST]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_without_dovecot_the_imap_tests_skip_saying_how_to_install_it() -> None:
    result = run_without_dovecot("")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped" in result.stdout
    assert INSTALL_HINT in " ".join(result.stdout.split())


def test_when_required_a_missing_dovecot_fails() -> None:
    result = run_without_dovecot("require")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "WGBOT_TEST_IMAP=require" in result.stdout and "1 error" in result.stdout


def test_ci_installs_dovecot_and_requires_it() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    install = ci.index("install -y -qq dovecot-imapd")
    required = ci.index("export WGBOT_TEST_IMAP=require")
    assert install < required < ci.index("make test\n")
    assert "disable --now dovecot.service" in ci  # the system's own never holds a port
