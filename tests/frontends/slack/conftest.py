"""The real bolt App served over real HTTP (waitress, as in production) on 127.0.0.1, its
Web API pointed at a local stand-in of Slack."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from bot.app import App
from bot.core.dispatcher import Dispatcher
from bot.core.registry import Registry
from bot.frontends.slack.app import build_slack_app
from bot.frontends.slack.runtime import SlackRuntime
from bot.frontends.slack.server import make_http_server
from bot.http_server import stop_http_server
from bot.record.pacing import Pacer
from commands import build_registry
from storage.database import Database
from testkit.slack.signed import SECRET, SlackSender
from testkit.slack.stand_in import SlackStandIn
from tests.harness import make_settings


@dataclass
class SlackRig:
    api: SlackStandIn
    send: SlackSender
    core: App
    runtime: SlackRuntime
    url: str


def make_core(
    database_url: str, api_url: str, registry: Registry | None = None, **overrides: Any
) -> App:
    overrides.setdefault("wgbot_backfill_days", 0)  # tests that want a backfill say so
    settings = make_settings(
        slack_bot_token="xoxb-test",
        slack_signing_secret=SECRET,
        slack_api_url=api_url,
        **overrides,
    )
    database = Database(database_url)
    dispatcher = Dispatcher(registry or build_registry(), database, settings)
    return App(settings=settings, database=database, dispatcher=dispatcher)


@pytest.fixture
def stand_in() -> Iterator[SlackStandIn]:
    with SlackStandIn() as api:
        yield api


RigFactory = Callable[..., SlackRig]


@pytest.fixture
def slack_rig(database_url: str, stand_in: SlackStandIn) -> Iterator[RigFactory]:
    """Builds (once per test) the served Slack front end over an optional custom registry."""
    started: list[tuple[Any, threading.Thread, App, SlackRuntime]] = []

    def start(
        registry: Registry | None = None,
        threads: int = 4,
        pacer: Pacer | None = None,
        history_clock: Callable[[], float] = time.time,
        ack_timeout: int | None = None,
        **settings: Any,
    ) -> SlackRig:
        """Each call is a new bot process on the same database (a restart, or a second one).
        `history_clock`: the seconds the shared history budget counts in (tests pass Ticks).
        `ack_timeout`: how long bolt waits for a listener's ack; Slack's 3 s unless a test
        that is not about that budget (the fuzz tier) asks for more on a loaded machine."""
        core = make_core(database_url, stand_in.api_url, registry, **settings)
        bolt, runtime = build_slack_app(core, pacer=pacer, history_clock=history_clock)
        if ack_timeout is not None:
            for listener in bolt._listeners:
                listener.ack_timeout = ack_timeout
        server = make_http_server(bolt, "127.0.0.1", 0, threads=threads)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        started.append((server, thread, core, runtime))
        url = f"http://127.0.0.1:{server.effective_port}/slack/events"
        return SlackRig(stand_in, SlackSender(url, stand_in.url), core, runtime, url)

    yield start
    for server, thread, core, runtime in started:
        stop_http_server(server)
        thread.join(timeout=5)
        runtime.close()
        core.database.dispose()


@pytest.fixture
def rig(slack_rig: RigFactory) -> SlackRig:
    return slack_rig()
