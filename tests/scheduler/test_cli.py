"""`wgbot nudge --now [--dry-run] [--json]` as an operator runs it (real clock, real CLI)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import build_parser, main
from tests.harness import BotHarness
from tests.scheduler.helpers import make_group


def _setup(database_url: str) -> BotHarness:
    bot = BotHarness(database_url)
    bot.clock.now = datetime.now(UTC) - timedelta(days=10)
    make_group(bot, 1, sponsor="mag1", deadline_days=15)
    return bot


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[list[dict[str, str]], str]:
    assert main(argv) == 0
    out, err = capsys.readouterr()
    return [json.loads(line) for line in out.splitlines()], err


def test_nudge_now_dry_run_json_then_for_real(
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bot = _setup(database_url)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)

    planned, _ = _run(["nudge", "--now", "--dry-run", "--json"], capsys)
    assert sorted((d["kind"], d["group"], d["recipient"], d["outcome"]) for d in planned) == [
        ("coverage", "Group 1", "console:channel:wg-1", "would-send"),
        ("deadline", "Group 1", "console:channel:wg-1", "would-send"),
        ("nudge", "Group 1", "console:user:mag1", "would-send"),
    ]
    with bot.read() as store:
        assert store.deliveries.all() == []

    sent, printed = _run(["nudge", "--now", "--json"], capsys)
    assert sorted(d["kind"] for d in sent) == ["coverage", "deadline", "nudge"]
    assert {d["outcome"] for d in sent} == {"sent"}
    assert "your weekly sponsor nudge" in printed  # the console port prints to stderr here

    again, _ = _run(["nudge", "--now", "--json"], capsys)
    assert again == []
    bot.app.database.dispose()


def test_nudge_without_now_says_what_is_expected(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nudge"]) == 2
    assert "--now" in capsys.readouterr().err


def test_run_has_a_no_scheduler_switch() -> None:
    args = build_parser().parse_args(["run", "--no-scheduler"])
    assert args.no_scheduler is True
    assert build_parser().parse_args(["run"]).no_scheduler is False
