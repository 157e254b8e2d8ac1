from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.summarizer.engine import LLMConfig
from bot.summarizer.llm import RetryPolicy
from testkit.summarizer.standin import Behaviour, StandIn

FAST_RETRIES = RetryPolicy(attempts=4, initial_wait=0.01, max_wait=2.0, timeout=5.0)


@pytest.fixture
def standin() -> Iterator[StandIn]:
    with StandIn(Behaviour(context_limit=6000)) as server:
        yield server


def config_for(
    server: StandIn, *, concurrency: int = 3, policy: RetryPolicy = FAST_RETRIES
) -> LLMConfig:
    return LLMConfig(
        api_key="test-key",
        base_url=server.base_url,
        model="standin-1",
        context_tokens=server.behaviour.context_limit,
        concurrency=concurrency,
        policy=policy,
    )
