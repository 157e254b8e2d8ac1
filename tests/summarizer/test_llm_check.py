"""`wgbot llm check`: what was found, the context, one timed request, one verdict line."""

from __future__ import annotations

import socket

import pytest

from bot.cli import main
from bot.summarizer.check import check
from bot.summarizer.engine import LLMConfig
from testkit.summarizer.standin import Behaviour, StandIn
from tests.summarizer.conftest import FAST_RETRIES


def config(base_url: str, model: str = "smollm2") -> LLMConfig:
    return LLMConfig(None, base_url, model, 8192, 4, FAST_RETRIES)


def run(cfg: LLMConfig) -> tuple[int, list[str]]:
    lines: list[str] = []
    return check(cfg, lines.append), lines


def server() -> StandIn:
    return StandIn(Behaviour(context_limit=8192, dialect="llama-cpp-python", models=("smollm2",)))


def test_a_working_local_server() -> None:
    with server() as standin:
        code, lines = run(config(standin.base_url))
    text = "\n".join(lines)
    assert code == 0, text
    assert "server:    llama-cpp-python (local)" in text
    assert "output:    json_object+schema — json_schema refused (HTTP 500: 1 validation" in text
    assert "context:   8192 configured; server: not said by the server" in text
    assert "tokenizer: /extras/tokenize/count" in text and "parallel:  1 request(s)" in text
    assert lines[-1].startswith("verdict: ok — llama-cpp-python answers smollm2 with ")
    assert len(standin.requests) == 1  # one timed request, no key needed


def test_an_unreachable_endpoint() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    code, lines = run(config(f"http://127.0.0.1:{port}/v1"))
    assert code == 1
    assert lines[-1].startswith(f"verdict: unreachable: nothing answers at http://127.0.0.1:{port}")


def test_a_wrong_model_name() -> None:
    with server() as standin:
        code, lines = run(config(standin.base_url, "smollm"))
    assert code == 1 and standin.requests == []
    assert lines[-1] == (
        "verdict: wrong model: 'smollm' is not served here (it serves smollm2); "
        "llama-cpp-python would answer with its default model instead"
    )


def test_from_the_command_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with server() as standin:
        monkeypatch.setenv("OPENAI_BASE_URL", standin.base_url)
        monkeypatch.setenv("WGBOT_LLM_MODEL", "smollm2")
        monkeypatch.delenv("OPENAI_API_KEY", raising=False)
        assert main(["llm", "check"]) == 0
    assert "verdict: ok" in capsys.readouterr().out
