"""Probing real HTTP endpoints in the dialects of the servers groups run themselves (the
stand-in speaks them as their documentation and source show), and stepping down at once
when a server refuses a form."""

from __future__ import annotations

import socket

import pytest

from bot.summarizer.endpoint import Capabilities, EndpointError, probe
from bot.summarizer.engine import Summarizer
from bot.summarizer.llm import LLMClient
from bot.summarizer.output_forms import OutputForm, is_refusal
from testkit.summarizer.fixtures import discussion
from testkit.summarizer.standin import LLAMA_CPP_PYTHON_REFUSAL, Behaviour, StandIn
from tests.summarizer.conftest import FAST_RETRIES, config_for

USER = (
    "Stage: MAP.\n<<<DISCUSSION-x\n"
    "[m1] 2027-01-04 08:00 Ana: We should adopt BCP 38.\nDISCUSSION-x>>>"
)


def served(dialect: str, **kw: object) -> StandIn:
    return StandIn(Behaviour(context_limit=6000, dialect=dialect, models=("m-1",), **kw))  # type: ignore[arg-type]


def test_a_validation_500_is_a_refusal_and_a_plain_500_is_not() -> None:
    assert is_refusal(500, LLAMA_CPP_PYTHON_REFUSAL)
    assert not is_refusal(500, "server error")
    assert not is_refusal(503, "Input should be 'text'")  # only a 500 body is read
    assert is_refusal(400, "anything") and is_refusal(422, "")
    assert not is_refusal(429, "slow down") and not is_refusal(408, "")


def test_llama_cpp_python_json_object_with_schema_and_its_tokenizer() -> None:
    with served("llama-cpp-python") as server:
        report = probe(server.base_url, "k", "m-1")
    caps = report.capabilities
    assert caps.server == "llama-cpp-python" and caps.local
    assert caps.form is OutputForm.JSON_OBJECT_SCHEMA
    assert server.probes == [("json_schema", 500), ("json_object+schema", 200)]  # no retry
    assert caps.tokenizer == "/extras/tokenize/count"
    assert caps.context_tokens is None  # it does not say
    assert caps.concurrency(4) == 1  # one request at a time on a server that does not say


def test_llama_cpp_python_wrong_model_is_named() -> None:
    with served("llama-cpp-python") as server, pytest.raises(EndpointError) as exc:
        probe(server.base_url, "k", "smollm")
    assert str(exc.value).startswith("wrong model: 'smollm' is not served here (it serves m-1)")


def test_llama_cpp_props_give_context_slots_and_tokenizer() -> None:
    with served("llama.cpp", slots=3) as server:
        caps = probe(server.base_url, "k", "m-1").capabilities
    assert (caps.server, caps.form) == ("llama.cpp", OutputForm.JSON_SCHEMA)
    assert (caps.context_tokens, caps.slots, caps.tokenizer) == (6000, 3, "/tokenize")
    assert caps.concurrency(4) == 3 and caps.concurrency(2) == 2


def test_ollama_context_from_num_ctx_or_a_warning() -> None:
    with served("ollama", num_ctx=4096) as server:
        caps = probe(server.base_url, "k", "m-1").capabilities
    assert (caps.server, caps.context_tokens, caps.tokenizer) == ("ollama", 4096, None)
    with served("ollama") as server:
        caps = probe(server.base_url, "k", "m-1").capabilities
    assert caps.context_tokens is None and "num_ctx" in caps.notes[0]


def test_ollama_and_vllm_unknown_models_give_a_verdict() -> None:
    with served("ollama") as server, pytest.raises(EndpointError, match="wrong model"):
        probe(server.base_url, "k", "llama9")
    with served("vllm") as server, pytest.raises(EndpointError, match="wrong model: 'x'"):
        probe(server.base_url, "k", "x")


def test_vllm_max_model_len_and_tokenizer() -> None:
    with served("vllm") as server:
        caps = probe(server.base_url, "k", "m-1").capabilities
    assert (caps.server, caps.form, caps.context_tokens) == ("vllm", OutputForm.JSON_SCHEMA, 6000)
    assert caps.tokenizer == "/tokenize"
    assert caps.concurrency(4) == 4  # vLLM batches


def test_unreachable_is_one_line() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    with pytest.raises(EndpointError, match=r"^unreachable: nothing answers at http://127"):
        probe(f"http://127.0.0.1:{port}/v1", "k", "m")


def test_what_was_learned_survives_as_json() -> None:
    caps = Capabilities("llama.cpp", OutputForm.JSON_OBJECT, 8192, "/tokenize", 2, True, ("a",))
    assert Capabilities.from_json(caps.to_json()) == caps


def test_a_stale_form_is_stepped_down_at_once_never_retried() -> None:
    """The bot remembered json_schema, but the server (llama-cpp-python) refuses it with a
    500 validation error: one refusal, then json_object+schema, and it is told so."""
    learned: list[Capabilities] = []
    with served("llama-cpp-python") as server:
        llm = LLMClient(
            api_key="k",
            base_url=server.base_url,
            model="m-1",
            context_tokens=6000,
            policy=FAST_RETRIES,
            capabilities=Capabilities(form=OutputForm.JSON_SCHEMA),
            on_learn=learned.append,
        )
        llm.complete("system", USER)
        llm.complete("system", USER)
    assert server.attempts == 3  # one refused, then two in the form that works
    assert [r.response_format for r in server.requests] == ["json_object", "json_object"]
    assert [c.form for c in learned] == [OutputForm.JSON_OBJECT_SCHEMA]
    assert llm.usage.failed_calls == 1


def test_the_server_tokenizer_packs_fewer_parts() -> None:
    """Same discussion, same window: counted by the server's tokenizer (3 bytes a token here)
    instead of the byte bound, it takes fewer requests, and none is over the limit."""
    parts = {}
    for dialect in ("openai", "llama-cpp-python"):
        with served(dialect) as server:
            config = config_for(server)
            summarizer = Summarizer(
                type(config)(**{**config.__dict__, "model": "m-1"})  # the served name
            )
            summarizer.run(discussion(120), group_name="G")
            assert server.rejected == []
            parts[dialect] = summarizer.stats.map_calls
    assert parts["llama-cpp-python"] < parts["openai"]
