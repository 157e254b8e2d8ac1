"""`wgbot summarize FILE` on the corpus of malformed exports: exit 2 and the first problem in
one line (file, message, field), never a traceback; good exports around them still load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.summarizer.sources import load_export
from tests.summarizer.malformed_exports import CORPUS, GOOD_DISCORD, GOOD_SLACK


@pytest.mark.parametrize(("name", "content", "expected"), CORPUS, ids=[c[0] for c in CORPUS])
def test_malformed_export_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / f"{name}.json"
    path.write_bytes(content)
    assert main(["summarize", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith(f"wgbot: {path}: ") and expected in line, line
    assert len(line) - len(str(path)) <= 200 and "Traceback" not in line


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 31


def test_a_directory_is_not_an_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(tmp_path)]) == 2
    assert "not a readable file" in capsys.readouterr().err


def test_valid_exports_with_odd_but_legal_fields_load(tmp_path: Path) -> None:
    path = tmp_path / "slack.json"
    messages = [
        {**GOOD_SLACK, "ts": 1736586000, "text": "a\x00b \u202eevil\u200b"},
        {**GOOD_SLACK, "ts": "1736586001.5", "user_profile": {"real_name": "Ana\u200b"}},
        {**GOOD_SLACK, "subtype": "channel_join"},
    ]
    path.write_text(json.dumps(messages), encoding="utf-8-sig")
    loaded = load_export(path).messages
    assert [m.text for m in loaded] == ["ab evil", "hello"]
    assert loaded[1].user_name == "Ana"
    discord = tmp_path / "discord.json"
    discord.write_text(
        json.dumps(
            {
                "guild": {"id": 111},
                "channel": {"id": 222},
                "messages": [{**GOOD_DISCORD, "id": 900, "timestamp": "2027-01-11T09:00:00"}],
            }
        )
    )
    (message,) = load_export(discord).messages
    assert message.permalink == "https://discord.com/channels/111/222/900"
