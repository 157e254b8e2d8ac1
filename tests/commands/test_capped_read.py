"""A history read cut short at the reader's cap: the draft says what was not read, and the
record never vouches for the period (the next /summarize reads it again)."""

from __future__ import annotations

from datetime import timedelta

from bot.core.messages import Actor, Platform, Where
from bot.core.ports import CappedRead, ChatMessage, HistoryQuery, Services
from bot.core.render_text import render_text
from commands import summarize as summarize_command
from testkit.summarizer.fixtures import discussion
from tests.harness import BotHarness, ListHistory


class CappedHistory(ListHistory):
    """A reader that stops at `cap` messages (the newest), as SlackHistory does at 5,000."""

    def __init__(self, cap: int) -> None:
        super().__init__()
        self.cap = cap

    def read(self, query: HistoryQuery) -> list[ChatMessage]:
        found = super().read(query)
        if len(found) <= self.cap:
            return found
        return CappedRead(found[-self.cap :], len(found) - self.cap)


def test_a_capped_read_is_said_in_the_draft_and_never_recorded_whole(bot: BotHarness) -> None:
    bot.setup_group()
    history = CappedHistory(cap=8)
    where = Where(Platform.CONSOLE, bot.channel)
    for n, message in enumerate(discussion(12)):
        at = bot.clock.now - timedelta(minutes=12 - n)
        history.add(
            Actor(Platform.CONSOLE, message.user_id, message.user_name), where, message.text, at
        )
    reply = bot.say("/summarize 1d", services=Services(history=history))
    assert reply.tone.value != "error", reply.text
    shown = render_text(reply)
    assert summarize_command.NOT_READ_HEADING in shown
    assert "Read 8 messages" in shown and "4 more messages" in shown
    with bot.read() as store:
        assert store.record_gaps.spans("console", bot.channel, None) == []
    bot.clock.advance(summarize_command.RATE_WINDOW + timedelta(minutes=1))
    reads = history.reads
    bot.say("/summarize 1d", services=Services(history=history))
    assert history.reads > reads  # the period was not vouched for: read again


def test_a_whole_read_is_recorded_and_says_nothing_of_a_cap(bot: BotHarness) -> None:
    bot.setup_group()
    history = CappedHistory(cap=100)
    where = Where(Platform.CONSOLE, bot.channel)
    for n, message in enumerate(discussion(12)):
        at = bot.clock.now - timedelta(minutes=12 - n)
        history.add(
            Actor(Platform.CONSOLE, message.user_id, message.user_name), where, message.text, at
        )
    reply = bot.say("/summarize 1d", services=Services(history=history))
    assert summarize_command.NOT_READ_HEADING not in render_text(reply)
    with bot.read() as store:
        assert store.record_gaps.spans("console", bot.channel, None) != []
