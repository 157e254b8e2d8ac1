"""The discussion record on SQLite and PostgreSQL: a message is kept once, an opted-out
channel keeps no words, `/wg forget me` takes one person's words out of their group's record
(their count stays) and history never brings them back, the scheduler's sweep purges words
older than WGBOT_RECORD_DAYS."""

from __future__ import annotations

from datetime import date, timedelta

from bot.core.messages import Actor, Platform, Where
from bot.record.retention import purge
from storage.record.repo import Said
from storage.store import Store
from tests.harness import START, BotHarness
from tests.scheduler.helpers import RecordingPort, sweeper

WHERE = Where(Platform.CONSOLE, "wg-cyber")
LONG_AGO = date(2000, 1, 1)


def said(n: int, user: str, days_ago: int = 0) -> Said:
    return Said(
        platform="console",
        channel_id="wg-cyber",
        message_id=f"m{n}",
        user_id=user,
        user_name=user.capitalize(),
        text=f"words {n} of {user}",
        at=START - timedelta(days=days_ago, minutes=n),
    )


def from_history(bot: BotHarness, *messages: Said) -> None:
    with bot.app.database.session() as session:
        Store(session).record.add_from_history(1, list(messages), START - timedelta(days=3650))


def texts(bot: BotHarness) -> dict[str, str | None]:
    """Every row of the channel, words or not (the period read leaves out rows without)."""
    from sqlmodel import select

    from storage.record.models import RecordMessage

    with bot.read() as store:
        rows = store.session.exec(select(RecordMessage).order_by(RecordMessage.message_id))
        return {r.message_id: r.text for r in rows}


def test_a_message_is_kept_once_and_an_opt_out_keeps_no_words(bot: BotHarness) -> None:
    bot.setup_group()
    ana = Actor(Platform.CONSOLE, "ana", "Ana")
    assert bot.app.dispatcher.record_message(ana, WHERE, message_id="x1", text="hello\x00 there")
    assert not bot.app.dispatcher.record_message(ana, WHERE, message_id="x1", text="again")
    assert texts(bot) == {"x1": "hello there"}  # NUL dropped at the boundary, kept once
    assert bot.say("/wg summaries off").tone.value == "success"
    assert texts(bot) == {"x1": None}  # words kept before the opt-out go too
    bot.app.dispatcher.record_message(ana, WHERE, message_id="x2", text="private")
    assert texts(bot) == {"x1": None, "x2": None}
    with bot.read() as store:
        assert store.record.voices_since(1, LONG_AGO) == {("console", "ana"): 2}


def test_forget_me_takes_the_words_and_history_never_brings_them_back(bot: BotHarness) -> None:
    bot.setup_group()
    from_history(bot, said(1, "ana"), said(2, "kofi"), said(3, "ana"))
    reply = bot.say("/wg forget me")
    assert reply.tone.value == "success" and reply.ephemeral and "2 messages" in reply.text
    assert texts(bot) == {"m1": None, "m2": "words 2 of kofi", "m3": None}
    with bot.read() as store:
        counts = store.record.voices_since(1, LONG_AGO)
        assert counts == {("console", "ana"): 2, ("console", "kofi"): 1}  # counts stay
        entry = store.audit.history(1)[0]
        assert entry.action == "record.forget" and "2 messages" in (entry.new or "")
    from_history(bot, said(4, "ana", days_ago=1))  # an older message read from history later
    assert texts(bot)["m4"] is None
    assert "Usage: `/wg forget me`" in bot.say("/wg forget kofi").text
    assert texts(bot)["m2"] == "words 2 of kofi"  # nobody takes out someone else's words


def test_the_sweep_purges_words_past_the_retention_period(bot: BotHarness) -> None:
    bot.setup_group()
    from_history(bot, said(1, "ana", days_ago=400), said(2, "kofi", days_ago=10))
    sweeper(bot, RecordingPort()).sweep()  # WGBOT_RECORD_DAYS: 365 by default
    assert texts(bot) == {"m1": None, "m2": "words 2 of kofi"}
    with bot.read() as store:
        assert store.record.voices_since(1, LONG_AGO) == {
            ("console", "ana"): 1,
            ("console", "kofi"): 1,
        }


def test_purge_works_in_batches(bot: BotHarness) -> None:
    bot.setup_group()
    from_history(bot, *(said(n, "ana", days_ago=30) for n in range(5)))
    assert purge(bot.app.database, days=7, now=START, batch=2) == 5
    assert set(texts(bot).values()) == {None}
    assert purge(bot.app.database, days=7, now=START) == 0
