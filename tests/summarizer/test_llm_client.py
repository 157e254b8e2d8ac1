"""Fallbacks and retries of the LLM client against the stand-in, over real HTTP."""

from __future__ import annotations

import json
import time

import pytest

from bot.summarizer.answers import read
from bot.summarizer.engine import Summarizer
from bot.summarizer.llm import STRICTER, LLMClient, LLMError, RetryPolicy
from testkit.summarizer.fixtures import discussion
from testkit.summarizer.standin import EVIL_LINK, StandIn
from tests.summarizer.conftest import FAST_RETRIES, config_for

USER = (
    "Stage: MAP.\n<<<DISCUSSION-x\n"
    "[m1] 2027-01-04 08:00 Ana: We should adopt BCP 38.\nDISCUSSION-x>>>"
)


def client(server: StandIn, policy: RetryPolicy = FAST_RETRIES) -> LLMClient:
    return LLMClient(
        api_key="k",
        base_url=server.base_url,
        model="standin-1",
        context_tokens=server.behaviour.context_limit,
        policy=policy,
    )


def test_structured_output_is_asked_first(standin: StandIn) -> None:
    body = client(standin).complete("system", USER).body
    assert standin.probes == [("json_schema", 200)]
    assert [r.response_format for r in standin.requests] == ["json_schema"]
    assert body.recommendations[0].citations[0] == "m1"


def test_probes_once_then_uses_json_mode(standin: StandIn) -> None:
    standin.behaviour.refuse_schema = True
    llm = client(standin)
    llm.complete("system", USER)
    llm.complete("system", USER)
    assert standin.probes == [
        ("json_schema", 400),
        ("json_object+schema", 400),
        ("json_object", 200),
    ]
    assert [r.response_format for r in standin.requests] == ["json_object", "json_object"]
    assert standin.attempts == 2  # the real requests never meet a refusal


def test_falls_back_to_plain_text_and_reads_the_json_in_it(standin: StandIn) -> None:
    standin.behaviour.refuse_schema = standin.behaviour.refuse_json = True
    body = client(standin).complete("system", USER).body
    assert [r.response_format for r in standin.requests] == ["text"]
    assert body.recommendations[0].citations[0] == "m1"


def test_prose_that_is_no_json_still_gives_a_draft(standin: StandIn) -> None:
    standin.behaviour.prose_only = True
    draft = Summarizer(config_for(standin)).run(discussion(4), group_name="G")
    assert "keep talking" in draft.body.problem_statement
    assert EVIL_LINK not in draft.body.problem_statement
    # Asked once more, stricter; then the offline drafter's structure for the part, labelled.
    assert len(standin.requests) == 2 and STRICTER in standin.requests[1].followup
    assert draft.notes == [
        "the discussion: the model answered no JSON; the offline extract stands in for it"
    ]
    known = {f"m{n}" for n in range(1, 5)}
    assert all(set(r.citations) <= known for r in draft.body.recommendations)


def test_retries_500_then_succeeds(standin: StandIn) -> None:
    standin.behaviour.failures.extend(["500", "500"])
    client(standin).complete("system", USER)
    assert standin.attempts == 3
    assert len(standin.requests) == 1


def test_429_waits_as_long_as_retry_after_says(standin: StandIn) -> None:
    standin.behaviour.failures.append("429:1")
    started = time.monotonic()
    client(standin).complete("system", USER)
    assert time.monotonic() - started >= 1.0
    assert standin.attempts == 2


def test_a_timeout_is_retried(standin: StandIn) -> None:
    standin.behaviour.models = ("standin-1",)  # an OpenAI-like listing: serves many at once
    standin.behaviour.failures.append("timeout:1.5")
    policy = RetryPolicy(attempts=3, initial_wait=0.01, max_wait=0.1, timeout=0.5)
    client(standin, policy).complete("system", USER)
    assert standin.attempts == 2
    assert len(standin.requests) == 1


def test_a_timeout_on_a_one_at_a_time_local_server_is_not_retried(standin: StandIn) -> None:
    """It is still working on the abandoned request: asking again would queue behind it."""
    standin.behaviour.dialect = "llama-cpp-python"
    standin.behaviour.failures.append("timeout:1.5")
    policy = RetryPolicy(attempts=3, initial_wait=0.01, max_wait=0.1, timeout=0.5)
    with pytest.raises(LLMError, match=r"timed out .*WGBOT_LLM_TIMEOUT\) after 1 attempt;"):
        client(standin, policy).complete("system", USER)
    assert standin.attempts == 1


def test_retries_run_out_with_a_clear_error(standin: StandIn) -> None:
    standin.behaviour.failures.extend(["500"] * 10)
    llm = client(standin)
    with pytest.raises(LLMError, match=r"HTTP 500\) after 4 attempts"):
        llm.complete("system", USER)
    assert standin.attempts == 4
    assert llm.usage.failed_calls == 4


def test_a_request_over_the_window_is_never_sent(standin: StandIn) -> None:
    with pytest.raises(LLMError, match="would not fit"):
        client(standin).complete("system", "x" * 10_000)
    assert standin.attempts == 0


def test_the_server_limit_is_reported_clearly(standin: StandIn) -> None:
    """A model configured with a bigger window than the server has: 400, no retry loop."""
    llm = LLMClient(
        api_key="k",
        base_url=standin.base_url,
        model="m",
        context_tokens=20_000,
        policy=FAST_RETRIES,
    )
    with pytest.raises(LLMError, match="maximum context length"):
        llm.complete("system", "y" * 9000)
    assert standin.attempts == 1  # a context refusal is final: no retry, no step-down


def test_an_answer_of_the_wrong_shape_is_asked_again_stricter(standin: StandIn) -> None:
    standin.behaviour.scripted.append(json.dumps({"problem_statement": "x", "agreements": [{}]}))
    answer = client(standin).complete("system", USER)
    assert [r.response_format for r in standin.requests] == ["json_schema", "json_schema"]
    assert answer.repairs == ["asked again after an unusable answer"]
    assert answer.body.recommendations[0].citations[0] == "m1"


def test_points_written_as_bare_strings_are_read(standin: StandIn) -> None:
    standin.behaviour.malformed = 1  # {"problem_statement": "x", "agreements": "not a list"}
    answer = client(standin).complete("system", USER)
    assert len(standin.requests) == 1
    assert answer.body.agreements[0].text == "not a list"


def test_chatty_answers_are_cut_not_rejected() -> None:
    answer = json.dumps(
        {
            "problem_statement": "p" * 9000,
            "agreements": [
                {"text": f"a{'b' * n}", "citations": [3, "m4"], "confidence": 0.9}
                for n in range(30)
            ],
            "title": "an unknown key",
        }
    )
    body = read("Sure! " + answer).body
    assert len(body.problem_statement) == 4000
    assert len(body.agreements) == 12 and body.agreements[0].citations == ["m3", "m4"]
