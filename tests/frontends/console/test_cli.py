"""The console front end and the `wgbot` command line, run as a user would."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

from bot.cli import build_parser, pick_platforms
from bot.demo import run_demo
from bot.frontends.console import ConsoleFrontEnd, ConsoleState
from tests.harness import BotHarness, make_settings

ROOT = Path(__file__).resolve().parents[3]


def run_console(bot: BotHarness, script: str) -> str:
    out = io.StringIO()
    console = ConsoleFrontEnd(bot.app.dispatcher, ConsoleState("ana", "Ana", "c1"), out=out)
    console.run(script.splitlines(), interactive=False)
    return out.getvalue()


def test_console_switches_people_and_channels(bot: BotHarness) -> None:
    out = run_console(
        bot,
        "/wg create BPF Gender\n/as kofi Kofi M\n/wg join tech\n/in c2\n/wg status\n"
        "/in c1\nhello all\n/wg coverage\n/quit\n/wg status\n",
    )
    assert "Working group created: BPF Gender" in out
    assert "(you are now Kofi M)" in out
    assert "Welcome to BPF Gender: you joined as Technical community." in out
    assert "not bound to a working group" in out  # c2 has no group
    # The chair (Ana) never joined with a stakeholder group: not counted, asked to join.
    assert re.search(r"Technical community +██████████ +1", out)  # 1 of 1 member
    assert "Stakeholder groups among 1 member\n" in out
    assert "Not counted: 1 chair without a stakeholder group (`/wg join GROUP [REGION]`)" in out
    assert out.count("== BPF Gender") == 1  # nothing after /quit


def test_an_open_quote_in_a_name_is_refused_and_creates_nothing(bot: BotHarness) -> None:
    out = run_console(bot, '/wg create "BPF Cybersecurity\n/wg status\n')
    first, private = out.split("\n")[:2]
    assert first == (
        '✖ NAME has a quote that is not closed: `"BPF Cybersecurity`. Close it with a second '
        '`"`, or leave the quotes out.'
    )
    assert private == "(only you can see this)"
    assert "not bound to a working group" in out
    assert 'Working group created: "BPF' not in out


def test_console_rejects_bad_console_lines(bot: BotHarness) -> None:
    out = run_console(bot, "/as\n/in two words\n/nonsense\n")
    assert "Usage: `/as ID [DISPLAY NAME]`" in out
    assert "Usage: `/in CHANNEL`" in out
    assert "`/nonsense` is not a command here" in out


def test_console_verbs_match_whole_words_only(bot: BotHarness) -> None:
    """`/ask …` is not `/as`, `/info` is not `/in`: neither switches who or where."""
    out = run_console(bot, "/ask for help please\n/info\n/asx y\n/inbox\n/help me\n/wg status\n")
    assert "you are now" not in out
    assert "`/ask` is not a command here" in out
    assert "`/info` is not a command here" in out
    assert "`/help` is not a command here" in out  # console /help takes no words
    assert "not bound to a working group" in out  # still in #c1, which has no group
    out = run_console(bot, "/AS kofi Kofi\n/In c2\n/wg status\n")
    assert "(you are now Kofi)" in out and "(you are now in #c2)" in out


def test_platform_choice_follows_the_environment() -> None:
    assert pick_platforms(make_settings(), None) == ["console"]
    assert pick_platforms(make_settings(slack_bot_token="xoxb-1"), None) == ["slack"]
    both = make_settings(slack_bot_token="xoxb-1", discord_token="abc")
    assert pick_platforms(both, None) == ["slack", "discord"]
    assert pick_platforms(both, "console") == ["console"]


def test_every_subcommand_has_help() -> None:
    parser = build_parser()
    text = parser.format_help()
    for name in ("run", "console", "demo", "db"):
        assert name in text


def _wgbot(
    args: list[str], tmp_path: Path, stdin: str = "", **extra: str
) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("WGBOT_", "SLACK_", "DISCORD_"))
    }
    env.pop("DATABASE_URL", None)
    env["WGBOT_DATA_DIR"] = str(tmp_path / "data")
    env.update(extra)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )


def test_piped_console_on_a_fresh_sqlite_file_and_persistence(tmp_path: Path) -> None:
    first = _wgbot(
        ["console", "--user", "ana"], tmp_path, "/wg create DC Youth\n/wg goal Ten asks\n"
    )
    assert first.returncode == 0, first.stderr
    assert "Working group created: DC Youth" in first.stdout
    assert (tmp_path / "data" / "wgbot.sqlite3").exists()
    second = _wgbot(["run", "--user", "kofi"], tmp_path, "/wg status\n")
    assert second.returncode == 0, second.stderr
    assert "Goal: Ten asks" in second.stdout  # survived the restart
    # `run` on the console starts no scheduler to print deliveries into the session.
    assert "`wgbot nudge --now` sends what is due" in second.stderr
    upgrade = _wgbot(["db", "upgrade"], tmp_path)
    assert upgrade.returncode == 0 and "newest schema" in upgrade.stdout


def test_bad_configuration_is_one_clear_line(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("WGBOT_TIMEZONE=Mars/Olympus\n")
    result = _wgbot(["db", "upgrade"], tmp_path)
    assert result.returncode != 0
    assert "bad configuration" in result.stderr and "unknown timezone" in result.stderr


def test_demo_output_is_what_the_readme_shows() -> None:
    out = io.StringIO()
    run_demo(out)
    demo = out.getvalue()
    assert "✖ `martians` is not a stakeholder group" in demo
    assert "== Draft recommendations (v1): BPF Cybersecurity ==" in demo
    assert "diverging: Civil society, Technical community mostly agree" in demo
    assert "dissent, A member: “Small ISPs cannot deploy it" in demo
    assert demo.rstrip().endswith("hear them out before calling it agreed.")
    # The cycle: set by the MAG, a group's timeline, a milestone moved and one marked done,
    # and the overview's phase column.
    assert "== IGF cycle 2027: meeting 2027-06-22 ==" in demo
    assert "  · 2027-04-27 First draft (`draft`): due in 106 days" in demo
    assert "BPF Cybersecurity: First draft is on 2027-05-04 (in 113 days)." in demo
    assert "== Charter agreed: marked done ==" in demo
    assert "BPF Cybersecurity · Best Practice Forum · Scoping · 232 days left" in demo
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"<!-- demo:start -->\n```text\n(.*?)```\n<!-- demo:end -->", readme, re.S)
    assert block, "README.md has no demo block"
    assert block.group(1).rstrip() == demo.rstrip(), (
        "README demo block is stale: paste `wgbot demo`"
    )


def test_an_unusable_database_is_one_clear_line(tmp_path: Path) -> None:
    bad_url = _wgbot(["db", "upgrade"], tmp_path, DATABASE_URL="bogus://x")
    assert bad_url.returncode != 0 and "Traceback" not in bad_url.stderr
    assert bad_url.stderr.strip().startswith("wgbot: DATABASE_URL is not a database URL")
    unreachable = _wgbot(
        ["db", "upgrade"], tmp_path, DATABASE_URL="postgresql+psycopg://x@127.0.0.1:9/x"
    )
    assert unreachable.returncode != 0 and "Traceback" not in unreachable.stderr
    assert "cannot reach the database at postgresql+psycopg://x@127.0.0.1:9/x" in unreachable.stderr
    assert len(unreachable.stderr.strip().splitlines()) == 1


def test_env_example_lists_every_setting_with_a_comment() -> None:
    from bot.settings import Settings
    from bot.web.settings import WebSettings

    lines = (ROOT / ".env.example").read_text().splitlines()
    web = [f"WGBOT_WEB_{field.upper()}" for field in WebSettings.model_fields]
    for name in [*(field.upper() for field in Settings.model_fields), *web]:
        index = next((i for i, line in enumerate(lines) if line.startswith(f"{name}=")), None)
        assert index is not None, f".env.example lacks {name}"
        assert lines[index - 1].startswith("#"), f"{name} has no comment line above it"


def test_a_new_sponsor_is_welcomed_right_after_the_reply_that_named_them(bot: BotHarness) -> None:
    from bot.frontends.console import ConsoleDelivery
    from bot.scheduler.cli import console_send_now

    out = io.StringIO()
    bot.app.dispatcher.send_now = console_send_now(bot.app, ConsoleDelivery(out))
    console = ConsoleFrontEnd(bot.app.dispatcher, ConsoleState("ana", "Ana", "c1"), out=out)
    script = "/wg create BPF Gender\n/as marta Marta\n/wg timezone Asia/Kathmandu\n/as ana Ana\n"
    console.run((script + "/wg sponsor @marta\n/wg status\n").splitlines(), interactive=False)
    text = out.getvalue()
    named = text.index("== MAG sponsor assigned ==")
    welcome = text.index("→ user marta on the console:")
    assert named < welcome < text.index("== BPF Gender")  # after its reply, before the next
    assert "Every Monday at 09:00 your time (Asia/Kathmandu), first on 2027-01-18" in text
    assert text.count("you are its MAG sponsor") == 1
