"""`/summarize` typed in the console (its transcript is the history), `wgbot demo`, and
`wgbot summarize FILE` on Slack and DiscordChatExporter exports."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.demo import run_demo
from bot.frontends.console import ConsoleFrontEnd, ConsoleState
from bot.summarizer.sources import ExportError, load_export
from testkit.summarizer.fixtures import discussion
from testkit.summarizer.standin import Behaviour, StandIn
from tests.harness import BotHarness


def test_console_transcript_feeds_summarize(bot: BotHarness, tmp_path: Path) -> None:
    out = io.StringIO()
    console = ConsoleFrontEnd(bot.app.dispatcher, ConsoleState("ana", "Ana", "wg-cyber"), out=out)
    console.run(
        [
            "/wg create BPF Cybersecurity",
            "We should recommend BCP 38 for every ISP in the region.",
            "/as kofi Kofi",
            "I disagree: small operators cannot afford it yet.",
            "/in elsewhere",
            "This line is in another channel.",
            "/in wg-cyber",
            "/as ana Ana",
            "/summarize",
        ],
        interactive=False,
    )
    text = out.getvalue()
    assert "⏳ reading 2 messages…" in text
    assert "Read 2 messages" in text and "[Post to channel]  [Discard]" in text
    assert "another channel" not in text.split("== Draft")[1]


def test_demo_summarizes(capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    run_demo(out)
    assert "== Draft recommendations (v1): BPF Cybersecurity ==" in out.getvalue()


def _slack_file(tmp_path: Path, wrap: bool) -> Path:
    messages = [
        {
            "type": "message",
            "user": m.user_id,
            "text": m.text,
            "ts": m.id,
            "user_profile": {"real_name": m.user_name},
        }
        for m in discussion(25)
    ]
    messages.append({"type": "message", "bot_id": "B1", "text": "I am a bot", "ts": "1.0"})
    path = tmp_path / "slack.json"
    path.write_text(json.dumps({"ok": True, "messages": messages} if wrap else messages))
    return path


def _discord_file(tmp_path: Path) -> Path:
    data = {
        "guild": {"id": "111", "name": "IGF"},
        "channel": {"id": "222", "name": "bpf-cyber"},
        "messages": [
            {
                "id": str(900 + n),
                "timestamp": m.at.isoformat(),
                "content": m.text,
                "author": {"id": m.user_id, "name": m.user_name, "isBot": False},
            }
            for n, m in enumerate(discussion(12))
        ]
        + [
            {
                "id": "1",
                "timestamp": "2027-01-01T00:00:00+00:00",
                "content": "beep",
                "author": {"id": "b", "name": "bot", "isBot": True},
            }
        ],
    }
    path = tmp_path / "discord.json"
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize("wrap", [False, True])
def test_slack_exports_load(tmp_path: Path, wrap: bool) -> None:
    export = load_export(_slack_file(tmp_path, wrap))
    messages, label = export.messages, export.label
    assert len(messages) == 25 and "Slack" in label
    assert messages[0].user_name == discussion(1)[0].user_name
    assert all(a.at <= b.at for a, b in itertools.pairwise(messages))


def test_discord_export_loads_with_permalinks(tmp_path: Path) -> None:
    export = load_export(_discord_file(tmp_path))
    messages, label = export.messages, export.label
    assert len(messages) == 12 and "bpf-cyber" in label
    assert messages[0].permalink == "https://discord.com/channels/111/222/900"


def test_unknown_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('"hello"')
    with pytest.raises(ExportError, match="expected a Slack export"):
        load_export(path)


def test_cli_prints_the_offline_markdown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summarize", str(_discord_file(tmp_path)), "--lang", "fr"]) == 0
    printed = capsys.readouterr().out
    # lang:fr honoured offline: the headings are French, the sentences quoted as written.
    assert printed.startswith("# Projet de recommandations: discord")
    assert "## Énoncé du problème" in printed and "## Questions ouvertes" in printed
    assert "offline draft — no LLM configured" in printed
    assert "](https://discord.com/channels/111/222/9" in printed
    sources = printed.split("## Sources\n", 1)[1].split("\n\n", 1)[0].splitlines()
    ids = [line.split("]")[0].removeprefix("- [") for line in sources]
    assert ids and ids == sorted(ids, key=lambda c: (len(c), c))  # discussion order
    assert all("https://discord.com/channels/111/222/" in line for line in sources)


def test_cli_uses_the_llm_when_configured(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with StandIn(Behaviour(context_limit=6000, tokenizer="o200k_base")) as server:
        monkeypatch.setenv("OPENAI_API_KEY", "k")
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("WGBOT_LLM_CONTEXT_TOKENS", "6000")
        monkeypatch.chdir(tmp_path)
        assert main(["summarize", str(_slack_file(tmp_path, True)), "--lang", "fr"]) == 0
        assert "Write the draft's text in French (fr)." in server.requests[0].system
    printed = capsys.readouterr().out
    assert "model gpt-4o-mini" in printed


def test_cli_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(tmp_path / "missing.json")]) == 2
    assert "not a readable file" in capsys.readouterr().err
