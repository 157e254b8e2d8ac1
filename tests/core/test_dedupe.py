"""The core's dedupe seam on SQLite and PostgreSQL: a front end's delivery claim (here the
Slack one, over Slack's own `slack_event_seen` table) makes a redelivery a no-op, and a
request that failed leaves its claim unmade, so the retry runs."""

from __future__ import annotations

from datetime import date

from sqlmodel import func, select

from bot.core.dispatcher import is_duplicate
from bot.core.messages import Actor, Invocation, Platform, Where
from bot.frontends.slack.once import MAX_KEY, SlackClaim, event_delivery
from storage.slack.models import SlackEventSeen
from tests.harness import BotHarness
from tests.hostile import ALL, HOSTILE

ANA = Actor(Platform.CONSOLE, "ana", "Ana")
WHERE = Where(Platform.CONSOLE, "wg-cyber")


def seen(bot: BotHarness) -> int:
    with bot.read() as store:
        return int(store.session.exec(select(func.count()).select_from(SlackEventSeen)).one())


def test_a_redelivered_event_is_recorded_once(bot: BotHarness) -> None:
    bot.setup_group()
    record = bot.app.dispatcher.record_message
    assert record(ANA, WHERE, message_id="m1", text="hi", dedupe=event_delivery("Ev1"))
    # Slack redelivers the same event: the claim refuses it before anything is read.
    assert not record(ANA, WHERE, message_id="m2", text="hi", dedupe=event_delivery("Ev1"))
    assert record(ANA, WHERE, message_id="m3", text="hi", dedupe=event_delivery(None))
    with bot.read() as store:
        assert store.record.voices_since(1, date(2000, 1, 1)) == {("console", "ana"): 2}
    assert seen(bot) == 1


def test_a_failed_command_leaves_its_claim_for_the_retry(bot: BotHarness) -> None:
    bot.setup_group()
    dispatcher = bot.app.dispatcher

    def ask(text: str) -> Invocation:
        return Invocation(actor=ANA, where=WHERE, path=("wg", "ask"), args=text)

    claim = SlackClaim("trigger:T1:123.456")
    assert dispatcher.handle(ask(""), dedupe=claim).tone.value == "error"
    assert seen(bot) == 0  # rolled back with the refused command
    done = dispatcher.handle(ask("a charter review"), dedupe=claim)
    assert done.tone.value == "success", done.text
    again = dispatcher.handle(ask("a charter review"), dedupe=claim)
    assert is_duplicate(again)
    with bot.read() as store:
        assert [a.text for a in store.asks.open(1)] == ["a charter review"]


def test_hostile_delivery_ids_are_claimed_once_each(bot: BotHarness) -> None:
    bot.setup_group()
    record = bot.app.dispatcher.record_message
    # NUL is refused by storage/guard.py before any statement runs (PostgreSQL cannot hold it).
    keys = {k[:MAX_KEY]: k for k in (*HOSTILE, *ALL) if k and "\x00" not in k}.values()
    for n, key in enumerate(keys):
        assert record(ANA, WHERE, message_id=f"h{n}", dedupe=SlackClaim(key)), repr(key)
        assert not record(ANA, WHERE, message_id=f"r{n}", dedupe=SlackClaim(key)), repr(key)
