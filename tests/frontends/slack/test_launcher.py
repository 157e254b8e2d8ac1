"""`wgbot run --platform slack` end to end: HTTP mode on --host/--port, Web API at SLACK_API_URL."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from bot.cli import build_parser
from testkit.slack.signed import SECRET, SlackSender
from testkit.slack.stand_in import SlackStandIn


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_run_parser_has_http_flags() -> None:
    args = build_parser().parse_args(["run", "--platform", "slack"])
    assert (args.host, args.port) == ("0.0.0.0", 3000)
    args = build_parser().parse_args(["run", "--host", "127.0.0.1", "--port", "8080"])
    assert (args.host, args.port) == ("127.0.0.1", 8080)


def test_wgbot_run_serves_slack_over_http(stand_in: SlackStandIn, tmp_path: Path) -> None:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "WGBOT_"))},
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": stand_in.api_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.sqlite3'}",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bot",
            "run",
            "--platform",
            "slack",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        sender = SlackSender(f"http://127.0.0.1:{port}/slack/events", stand_in.url)
        deadline = time.monotonic() + 30
        while True:
            try:
                response = sender.command("help")
                break
            except OSError:
                assert process.poll() is None, process.stdout.read() if process.stdout else ""
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert response.status == 200
        assert response.json()["response_type"] == "ephemeral"
        assert "What you can type here" in response.json()["text"]
        assert stand_in.calls_to("auth.test")  # bolt checked the token at SLACK_API_URL
    finally:
        process.terminate()
        process.wait(timeout=10)
