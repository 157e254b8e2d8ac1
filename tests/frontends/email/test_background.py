"""What `wgbot run` starts of the email front end (background.py): the LMTP endpoint the
settings name, on loopback unless a host is named, and no answering of mail without the link
secret. The answer links' server is tested with the links (test_email_links.py)."""

from __future__ import annotations

import smtplib

import pytest

from tests.frontends.email.mail import LIST, list_post
from tests.frontends.email.smtp_server import free_port
from tests.harness import START, BotHarness


def test_wgbot_run_starts_the_endpoint_the_settings_name(database_url: str) -> None:
    from bot.frontends.email.background import start_inbound

    port = free_port()
    bot = BotHarness(database_url, wgbot_lmtp_listen=f"127.0.0.1:{port}")
    started = start_inbound(bot.app)
    try:
        bot.setup_group()
        bot.say(f"/wg list {LIST}")
        with smtplib.LMTP("127.0.0.1", port) as lmtp:
            raw = list_post("s1@example.org", "eve@example.org", at=START)
            assert lmtp.sendmail("list@lists.example.org", ["wgbot@igf.example"], raw) == {}
        with bot.read() as store:
            assert {(r.list_address, r.reason): r.count for r in store.email.stats()} == {
                (LIST, "non_member"): 1
            }
    finally:
        for stop in started:
            stop()
        bot.app.database.dispose()


def test_lmtp_listens_on_loopback_unless_a_host_is_named() -> None:
    """`WGBOT_LMTP_LISTEN=:2424` used to bind every interface: an unauthenticated LMTP
    endpoint open to the network. Every interface must now be named."""
    from bot.frontends.email.background import parse_listen

    assert parse_listen(":2424") == ("127.0.0.1", 2424)
    assert parse_listen("0.0.0.0:2424") == ("0.0.0.0", 2424)
    assert parse_listen("[::1]:2424") == ("::1", 2424)


def test_answering_email_without_the_link_secret_is_an_error_naming_it(database_url: str) -> None:
    from bot.config import ConfigError
    from bot.frontends.email.background import start_inbound

    bot = BotHarness(
        database_url,
        wgbot_lmtp_listen=f"127.0.0.1:{free_port()}",
        wgbot_email_from="wgbot@igf.example",
    )
    try:
        with pytest.raises(ConfigError, match="WGBOT_EMAIL_LINK_SECRET is not set"):
            start_inbound(bot.app)
    finally:
        bot.app.database.dispose()
