"""A long discussion through the real openai client and a strict local stand-in."""

from __future__ import annotations

from collections import Counter

from bot.summarizer.citations import cited_ids
from bot.summarizer.engine import Summarizer
from bot.summarizer.render import to_markdown
from testkit.summarizer.fixtures import discussion
from testkit.summarizer.standin import BOGUS_ID, EVIL_LINK, StandIn
from tests.summarizer.conftest import config_for


def test_long_discussion_is_split_within_the_limit_each_message_once(standin: StandIn) -> None:
    messages = discussion(400)
    summarizer = Summarizer(config_for(standin, concurrency=3))

    draft = summarizer.run(messages, group_name="BPF Cybersecurity")

    limit = standin.behaviour.context_limit
    assert standin.rejected == []
    assert all(r.prompt_tokens + r.max_tokens <= limit for r in standin.requests)
    maps = [r for r in standin.requests if r.stage == "map"]
    assert len(maps) > 5, "the fixture must need several map requests"
    sent = Counter(cid for r in maps for cid in r.message_ids)
    assert set(sent) == {f"m{n}" for n in range(1, 401)}
    assert set(sent.values()) == {1}
    assert summarizer.stats.reduce_levels >= 2
    assert [r for r in standin.requests if r.stage == "reduce"]
    assert standin.max_in_flight <= 3
    # Every citation resolves to a real message and its permalink; the invented ones are gone.
    known = {p.cid: p.message.permalink for p in draft.messages}
    cited = cited_ids(draft.body)
    assert cited and all(cid in known for cid in cited)
    assert BOGUS_ID not in cited
    markdown = to_markdown(draft)
    assert EVIL_LINK not in markdown
    links = {line.split("](")[1].split(")")[0] for line in markdown.split() if "](" in line}
    assert links <= {m.permalink for m in messages}
    assert draft.calls == len(standin.requests)
    assert draft.tokens_in == sum(r.prompt_tokens for r in standin.requests)


def test_short_discussion_needs_one_call(standin: StandIn) -> None:
    summarizer = Summarizer(config_for(standin))
    draft = summarizer.run(discussion(5), group_name="G")
    assert len(standin.requests) == 1
    assert summarizer.stats.reduce_levels == 0
    assert draft.body.recommendations[0].citations == ["m1"]


def test_a_message_too_long_for_any_request_is_cut_not_dropped(standin: StandIn) -> None:
    messages = discussion(3)
    huge = messages[1].__class__(**{**messages[1].__dict__, "text": "word " * 5000})
    Summarizer(config_for(standin)).run([messages[0], huge, messages[2]], group_name="G")
    assert standin.rejected == []
    sent = Counter(cid for r in standin.requests if r.stage == "map" for cid in r.message_ids)
    assert sent == Counter({"m1": 1, "m2": 1, "m3": 1})


def test_requests_run_concurrently_up_to_the_bound(standin: StandIn) -> None:
    standin.behaviour.latency = 0.3  # long enough to overlap on a busy machine
    standin.behaviour.models = ("standin-1",)  # an OpenAI-like listing: a hosted model's proxy
    notes: list[str] = []
    Summarizer(config_for(standin, concurrency=3)).run(
        discussion(300), group_name="G", progress=notes.append
    )
    assert standin.max_in_flight == 3
    assert notes[0].startswith("reading 300 messages in ")
    parts = int(notes[0].split(" in ")[1].split()[0])
    assert parts >= 3 and {f"part {n} of {parts}" for n in range(1, parts + 1)} == {
        n.split(":")[0] for n in notes if n.startswith("part ")
    }
    assert any(n.startswith("merging ") for n in notes)


def test_a_local_server_gets_no_more_requests_than_its_slots(standin: StandIn) -> None:
    standin.behaviour.latency = 0.3  # long enough to overlap on a busy machine
    standin.behaviour.dialect = "llama.cpp"
    standin.behaviour.slots = 2
    Summarizer(config_for(standin, concurrency=4)).run(discussion(300), group_name="G")
    assert standin.max_in_flight == 2


def test_an_unknown_local_server_gets_one_request_at_a_time(standin: StandIn) -> None:
    standin.behaviour.latency = 0.02
    Summarizer(config_for(standin, concurrency=4)).run(discussion(300), group_name="G")
    assert len(standin.requests) > 3 and standin.max_in_flight == 1
