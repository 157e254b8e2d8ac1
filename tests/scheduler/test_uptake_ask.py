""" "Who used TITLE?": asked of chairs and liaisons every 3 months after publication until 12
months (and at the uptake-review milestone), once per moment, through the outbox."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.messages import Platform
from bot.domain.uptake import ask_moments, ask_period
from bot.scheduler.send_now import SendNowQueue
from bot.scheduler.sweep import Sweeper
from bot.web.links import BoardSigner
from bot.web.settings import reload
from tests.harness import START, BotHarness
from tests.scheduler.helpers import RecordingPort, Sleeps, sweeper

DAY = timedelta(days=1)


def _published(bot: BotHarness) -> None:
    bot.say("/wg create BPF Cybersecurity", user="chair")
    bot.say("/wg join civil society grulac", user="chair")
    bot.say("/wg liaison add ITU @lina", user="chair")
    bot.say("/wg liaison add IETF", user="chair")  # no contact: nobody to ask there
    bot.say(
        "/wg output add Cyber hygiene https://intgovforum.org/r.pdf published:2027-01-10",
        user="chair",
    )


def test_asks_at_3_6_9_12_months_once_each(bot: BotHarness) -> None:
    _published(bot)
    port = RecordingPort()
    run = sweeper(bot, port)
    run.sweep()
    assert port.kinds("uptake_ask") == []  # published yesterday: nothing to ask yet
    seen: list[tuple[str, str]] = []
    for _ in range(70):  # week by week for 490 days (each ask's window is 60 days)
        bot.clock.advance(7 * DAY)
        run.sweep()
        run.sweep()  # a second sweep the same moment sends nothing again
    for sent in port.kinds("uptake_ask"):
        seen.append((sent.to.id, sent.key.split("|")[3]))
    periods = sorted({p for _, p in seen})
    output_id = periods[0].split(":")[0]
    assert periods == [f"{output_id}:m{m}" for m in (12, 3, 6, 9)]
    assert sorted(seen) == sorted((who, p) for p in periods for who in ("chair", "lina"))
    ask = port.kinds("uptake_ask")[0].reply
    assert ask.title == "BPF Cybersecurity: who used “Cyber hygiene”?"
    assert "`/wg uptake 1 BODY URL" in ask.text and ask.buttons[0].action_id == "uptake:none"


def test_the_button_records_that_none_is_known(bot: BotHarness) -> None:
    _published(bot)
    port = RecordingPort()
    bot.clock.advance(92 * DAY)
    sweeper(bot, port).sweep()
    button = port.kinds("uptake_ask")[0].reply.buttons[0]
    before = bot.audit_count()
    from bot.core.messages import Action, Actor, Where

    reply = bot.app.dispatcher.handle_action(
        Action(
            Actor(Platform.CONSOLE, "chair"),
            Where(Platform.CONSOLE, "dm"),
            button.action_id,
            button.value,
        )
    )
    assert "know of no uptake" in reply.text and bot.audit_count() == before + 1


def test_a_removed_output_is_not_asked_about(bot: BotHarness) -> None:
    _published(bot)
    bot.say("/wg output remove 1", user="chair")
    port = RecordingPort()
    bot.clock.advance(92 * DAY)
    sweeper(bot, port).sweep()
    assert port.kinds("uptake_ask") == []


def test_ask_period_is_the_latest_moment_within_its_window() -> None:
    from datetime import date

    published = date(2027, 1, 10)
    moments = ask_moments(published, date(2027, 7, 1))
    assert [label for _, label in moments] == ["m3", "review", "m6", "m9", "m12"]
    at = START.replace(year=2027, month=7, day=2)
    assert ask_period(5, published, date(2027, 7, 1), at, "UTC", 9) == "o5:review"
    # A bot down for a year sends nothing stale.
    assert ask_period(5, published, None, START.replace(year=2029), "UTC", 9) is None


@pytest.fixture
def web_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WGBOT_WEB_URL", "https://board.example")
    monkeypatch.setenv("WGBOT_WEB_SECRET", "s3cret-for-tests")
    reload()


def test_the_board_link_goes_by_dm_once(bot: BotHarness, web_env: None) -> None:
    _published(bot)
    port = RecordingPort()
    send_now = SendNowQueue(
        Sweeper(
            bot.app.database, bot.app.settings, {Platform.CONSOLE: port}, bot.clock, sleep=Sleeps()
        )
    )
    bot.app.dispatcher.send_now = send_now
    denied = bot.say("/wg overview web", user="chair")
    assert "Only MAG admins" in denied.text
    reply = bot.say("/wg overview web", user="admin")
    assert "direct message" in reply.text and reply.ephemeral
    assert send_now.drain()
    (sent,) = port.kinds("board_link")
    assert sent.to.id == "admin" and sent.to.kind.value == "user"
    url = sent.reply.text.split()[0]
    assert url.startswith("https://board.example/board?t=")
    sweeper(bot, port).sweep()
    assert len(port.kinds("board_link")) == 1  # not again
    signer = BoardSigner(["s3cret-for-tests"], "https://board.example")
    token = url.split("t=", 1)[1]
    assert signer.verify(token, bot.clock()).link_id >= 1
    assert "1 open link" in bot.say("/wg overview web revoke", user="admin").text
    reload()


def test_asked_at_the_cycles_uptake_review_milestone(bot: BotHarness) -> None:
    """The cycle (issue 26) puts the uptake review 26 weeks after the meeting."""
    bot.say("/wg cycle 2026 meeting 2026-07-12", user="admin")
    bot.say("/wg create BPF Cybersecurity", user="chair")
    bot.say("/wg join civil society grulac", user="chair")
    bot.say(
        "/wg output add Cyber hygiene https://intgovforum.org/r.pdf published:2026-12-01",
        user="chair",
    )
    with bot.read() as store:
        group = store.groups.all()[0]
        from bot.uptake.cycle_view import cycle_facts

        review = cycle_facts(store, bot.app.settings, group, START.date()).review
    assert review is not None and review.isoformat() == "2027-01-10"
    port = RecordingPort()
    bot.clock.advance(DAY)
    sweeper(bot, port).sweep()
    asks = port.kinds("uptake_ask")
    assert {s.key.split("|")[3].split(":")[1] for s in asks} == {"review"}
    assert "uptake review is here" in asks[0].reply.text
