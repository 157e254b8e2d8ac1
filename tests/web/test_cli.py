"""`wgbot web` as an operator runs it: a process of its own, on the address it is given,
answering the index and refusing a board link it did not sign."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx


def test_wgbot_web_serves_until_stopped(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("WGBOT_", "DATABASE_URL"))},
        "WGBOT_DATA_DIR": str(tmp_path),
        "WGBOT_WEB_SECRET": "cli-test-secret",
        "WGBOT_WEB_URL": "https://wg.example.org",
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "bot", "web", "--listen", "127.0.0.1:0"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert "wgbot web: serving on port" in line, line + (
            child.stderr.read() if child.stderr else ""
        )
        port = int(line.split("port ")[1].split(";")[0])
        base = f"http://127.0.0.1:{port}"
        index = httpx.get(f"{base}/", timeout=10)
        assert index.status_code == 200 and "No group has published a page yet" in index.text
        assert httpx.get(f"{base}/board?t=forged", timeout=10).status_code == 403
        assert httpx.get(f"{base}/healthz", timeout=10).text == "ok\n"
    finally:
        child.terminate()
        child.wait(10)
