"""Cached replies of read-only commands (`/wg status`, `/wg coverage`) are never stale: a
write by this process or by another one sharing the database, a message counted, or the
clock moving on is seen by the next request, on SQLite and PostgreSQL."""

from __future__ import annotations

import time
from datetime import timedelta

from bot.core.render_text import render_text
from storage.database import GENERATION_REUSE
from tests.harness import BotHarness


def test_a_repeated_status_is_served_without_recomputing(database_url: str) -> None:
    bot = BotHarness(database_url)
    bot.setup_group()
    first = bot.say("/wg status")
    assert bot.say("/wg status") is first  # the same reply object: no queries ran again
    assert bot.say("/wg status", user="someone-else") is first  # not who asks
    assert bot.say("/wg status", channel="elsewhere") is not first  # but where


def test_a_write_in_another_process_is_seen(database_url: str) -> None:
    """At once on SQLite; on PostgreSQL within GENERATION_REUSE (20 ms), the time one read
    of the counter serves a burst of requests."""
    here, there = BotHarness(database_url), BotHarness(database_url)  # two engines: processes
    here.setup_group()
    assert "Protect critical infrastructure" not in render_text(here.say("/wg status"))
    there.say("/wg goal Protect critical infrastructure")
    time.sleep(GENERATION_REUSE)
    assert "Protect critical infrastructure" in render_text(here.say("/wg status"))
    there.say("/wg join technical community weog", user="ben")
    time.sleep(GENERATION_REUSE)
    assert "Technical community" in render_text(here.say("/wg coverage"))


def test_this_process_sees_its_own_write_at_once(database_url: str) -> None:
    bot = BotHarness(database_url)
    bot.setup_group()
    for n in range(5):
        assert f"goal number {n}" not in render_text(bot.say("/wg status"))
        bot.say(f"/wg goal goal number {n}")
        assert f"goal number {n}" in render_text(bot.say("/wg status"))


def test_counted_messages_and_time_are_seen(database_url: str) -> None:
    bot = BotHarness(database_url)
    bot.setup_group()
    bot.say("/wg deadline in 10 days")
    before = render_text(bot.say("/wg coverage"))
    bot.chat("ana", times=3)
    assert render_text(bot.say("/wg coverage")) != before  # voices heard changed
    assert "10 days left" in render_text(bot.say("/wg status"))
    bot.clock.advance(timedelta(days=1))
    assert "9 days left" in render_text(bot.say("/wg status"))


def test_a_failed_write_changes_nothing_and_keeps_the_cache(database_url: str) -> None:
    bot = BotHarness(database_url)
    bot.setup_group()
    first = bot.say("/wg status")
    assert bot.say("/wg join martians").tone.value == "error"  # rolled back: no new generation
    assert bot.say("/wg status") is first


def test_chat_elsewhere_and_the_heartbeat_leave_the_cached_reply_valid(database_url: str) -> None:
    """While the channel talks: a message in an unbound channel (nothing kept), a message in
    another group's channel, and the record's heartbeat change nothing a reply here shows."""
    from bot.core.messages import Platform
    from bot.record.listening import Listening

    bot = BotHarness(database_url)
    bot.setup_group()
    other = BotHarness(database_url)
    other.channel = "C-other"
    assert other.say("/wg create IXP Resilience", channel="C-other").tone.value == "success"
    listening = Listening(bot.app.database, Platform.CONSOLE, bot.clock)
    first = bot.say("/wg status")
    bot.chat("ben", channel="C-unbound", times=3)
    bot.chat("cat", channel="C-other", times=3)
    listening.beat()
    time.sleep(GENERATION_REUSE)
    assert bot.say("/wg status") is first
    bot.chat("ana", times=1)  # a message in this group's own channel: its reply is read again
    assert bot.say("/wg status") is not first
