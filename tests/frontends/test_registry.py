"""The front-end contract (bot/frontends/base.py) and its one registry: every platform is
found there, implements the contract, and a process builds one delivery port per platform."""

from __future__ import annotations

import io

import pytest

from bot.core.messages import Platform, Reply
from bot.core.ports import Recipient, RecipientKind, ReconcilingPort, TimezonePort
from bot.frontends.base import FrontEnd
from bot.frontends.console import ConsoleDelivery
from bot.frontends.registry import (
    CHAT_PLATFORMS,
    FRONT_ENDS,
    FrontEndMissing,
    delivery_ports,
    front_end,
    pick_chat,
)
from tests.harness import make_settings


def test_every_platform_has_one_front_end_that_implements_the_contract() -> None:
    assert set(FRONT_ENDS) == set(Platform)
    for platform in Platform:
        end = front_end(platform)
        assert isinstance(end, FrontEnd)
        assert end.platform is platform
        serves = type(end).serve is not FrontEnd.serve
        assert serves == (end.chat and platform is not Platform.CONSOLE), platform
    assert {p for p in Platform if front_end(p).chat} == set(CHAT_PLATFORMS)


def test_the_settings_pick_the_chat_front_ends() -> None:
    assert pick_chat(make_settings()) == [Platform.CONSOLE]
    both = make_settings(slack_bot_token="xoxb-1", discord_token="d")
    assert pick_chat(both) == [Platform.SLACK, Platform.DISCORD]
    assert pick_chat(both, "console") == [Platform.CONSOLE]
    # Email is configured by its SMTP host, and serves beside a chat front end, never alone.
    assert pick_chat(make_settings(wgbot_smtp_host="127.0.0.1")) == [Platform.CONSOLE]


def test_a_process_gets_one_port_per_platform_with_the_abilities_it_offers() -> None:
    settings = make_settings(
        slack_bot_token="xoxb-test",
        discord_token="d-test",
        wgbot_smtp_host="127.0.0.1",
        wgbot_email_from="wgbot@igf.example",
    )
    ports = delivery_ports(settings)
    assert set(ports) == set(Platform)
    assert all(port.platform is platform for platform, port in ports.items())
    # find_sent where the platform can be asked; a mail resent is the same message (its
    # Message-ID), and the console has nothing to ask.
    reconciling = {p for p, port in ports.items() if isinstance(port, ReconcilingPort)}
    assert reconciling == {Platform.SLACK, Platform.DISCORD}
    assert isinstance(ports[Platform.SLACK], TimezonePort)  # users.info `tz`


def test_the_console_port_prints_where_it_is_told() -> None:
    out = io.StringIO()
    ports = delivery_ports(make_settings(), console_out=out)
    assert isinstance(ports[Platform.CONSOLE], ConsoleDelivery)
    to = Recipient(Platform.CONSOLE, RecipientKind.CHANNEL, "general")
    assert ports[Platform.CONSOLE].send(to, Reply("Hello")) == "console-1"
    assert "channel general" in out.getvalue() and "Hello" in out.getvalue()


def test_a_front_end_whose_library_is_missing_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    end = front_end(Platform.DISCORD)
    monkeypatch.setattr(type(end), "requires", ("no_such_library_for_wgbot",))
    with pytest.raises(FrontEndMissing, match="no_such_library_for_wgbot"):
        front_end(Platform.DISCORD)
    # Its port is left out (its messages wait for a process that can send them).
    assert Platform.DISCORD not in delivery_ports(make_settings(discord_token="d"))
