"""One Slack delivery port per process: the served runtime sends through the port `wgbot run`
built from the front ends' registry, the same object the scheduler and email use."""

from __future__ import annotations

from bot.core.messages import Platform, Reply
from bot.core.ports import Recipient, RecipientKind
from bot.frontends.registry import delivery_ports
from bot.frontends.slack.app import build_slack_app
from testkit.slack.stand_in import SlackStandIn
from tests.frontends.slack.conftest import make_core


def test_the_runtime_sends_through_the_process_port(
    database_url: str, stand_in: SlackStandIn
) -> None:
    core = make_core(database_url, stand_in.api_url)
    ports = delivery_ports(core.settings)
    core.dispatcher.deliveries = ports
    _bolt, runtime = build_slack_app(core)
    try:
        assert runtime.delivery is ports[Platform.SLACK]
        runtime.delivery.send(Recipient(Platform.SLACK, RecipientKind.CHANNEL, "C1"), Reply("hi"))
        assert stand_in.calls_to("chat.postMessage")[0].params["channel"] == "C1"
    finally:
        runtime.close()
        core.database.dispose()


def test_a_runtime_built_alone_makes_its_own(database_url: str, stand_in: SlackStandIn) -> None:
    core = make_core(database_url, stand_in.api_url)
    _bolt, runtime = build_slack_app(core)
    try:
        assert runtime.delivery.platform is Platform.SLACK
        assert Platform.SLACK not in core.dispatcher.deliveries
    finally:
        runtime.close()
        core.database.dispose()
