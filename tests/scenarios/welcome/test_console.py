"""A newly named sponsor is welcomed at once, through the delivery table (exactly once with the
sweeps, retried by them when the first try fails), on the console harness."""

from __future__ import annotations

import io
from datetime import timedelta

from bot.core.messages import Platform
from bot.core.ports import DeliveryError, DeliveryPort
from bot.core.render_text import render_text
from bot.frontends.console import ConsoleDelivery
from bot.scheduler.send_now import SendNowQueue
from bot.scheduler.sweep import SENT, Sweeper
from tests.harness import BotHarness
from tests.hostile import BROADCASTS, DISGUISED
from tests.scheduler.helpers import RecordingPort, Sleeps, sweeper


def _sending_now(bot: BotHarness, port: DeliveryPort) -> SendNowQueue:
    send_now = SendNowQueue(
        Sweeper(
            bot.app.database, bot.app.settings, {Platform.CONSOLE: port}, bot.clock, sleep=Sleeps()
        )
    )
    bot.app.dispatcher.send_now = send_now
    return send_now


def test_a_new_sponsor_is_welcomed_at_once_on_the_console(bot: BotHarness) -> None:
    out = io.StringIO()
    send_now = _sending_now(bot, ConsoleDelivery(out))
    bot.setup_group()
    bot.say("/wg goal Five cyber-hygiene practices adopted by ISPs in three regions")
    bot.say("/wg deadline in 10 weeks")
    bot.say("/wg timezone America/Lima", user="marta")
    assert out.getvalue() == ""
    reply = bot.say("/wg sponsor <@marta>")
    assert "welcome message now" in reply.text
    assert send_now.drain(10)
    printed = out.getvalue()
    assert printed.startswith("→ user marta on the console:")
    assert "BPF Cybersecurity: you are its MAG sponsor" in printed
    assert "Five cyber-hygiene practices adopted by ISPs in three regions" in printed
    assert "70 days left (deadline 2027-03-22)" in printed
    # Named on Monday 11 January at 04:00 in Lima: this Monday's 09:00 is still ahead.
    assert "Every Monday at 09:00 your time (America/Lima), first on 2027-01-11" in printed
    assert "your `/wg timezone` setting" in printed
    for label in ("I commit to support this week", "Snooze a week", "Step down as sponsor"):
        assert label in printed
    assert "coverage gaps" in printed and "open asks" in printed
    # The weekly sweep finds it claimed: no second welcome, ever.
    port = RecordingPort()
    for _ in range(8):
        sweeper(bot, port).sweep()
        bot.clock.advance(timedelta(days=1))
    assert port.kinds("welcome") == []
    assert [s.to.id for s in port.kinds("nudge")] == ["marta"]  # Lima's Monday, 14:00 UTC
    with bot.read() as store:
        welcomes = [d for d in store.deliveries.all() if d.kind == "welcome"]
        assert [(d.recipient, d.status) for d in welcomes] == [("console:user:marta", SENT)]


def test_naming_again_after_stepping_down_welcomes_again_but_a_repeat_does_not(
    bot: BotHarness,
) -> None:
    port = RecordingPort()
    send_now = _sending_now(bot, port)
    bot.setup_group()
    bot.say("/wg sponsor <@marta>")
    bot.say("/wg sponsor <@marta>")  # already the sponsor: nothing new to say
    assert send_now.drain(10)
    assert [s.to.id for s in port.kinds("welcome")] == ["marta"]
    bot.say("/wg sponsor <@kofi>")  # replaces marta
    assert send_now.drain(10)
    bot.clock.advance(timedelta(minutes=5))
    bot.say("/wg sponsor <@marta>")  # named again: a new naming, a new welcome
    assert send_now.drain(10)
    assert [s.to.id for s in port.kinds("welcome")] == ["marta", "kofi", "marta"]
    assert render_text(port.kinds("welcome")[1].reply).count("Step down as sponsor") >= 2


def test_a_failed_welcome_is_retried_by_the_sweep_and_sent_once(bot: BotHarness) -> None:
    down = RecordingPort(fail=lambda to, reply: DeliveryError("platform down"))
    send_now = _sending_now(bot, down)
    bot.setup_group()
    bot.say("/wg sponsor <@marta>")
    assert send_now.drain(10)
    assert down.sent == []
    up = RecordingPort()
    bot.clock.advance(timedelta(minutes=10))  # past the first backoff
    sweeper(bot, up).sweep()
    sweeper(bot, up).sweep()
    assert [s.to.id for s in up.kinds("welcome")] == ["marta"]


def test_a_welcome_lost_with_its_process_is_sent_by_the_next_sweep(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say("/wg sponsor <@marta>")  # no send-now port wired: the process died before sending now
    port = RecordingPort()
    sweeper(bot, port).sweep()
    assert [s.to.id for s in port.kinds("welcome")] == ["marta"]


def test_hostile_group_names_stay_inert_in_the_welcome(bot: BotHarness) -> None:
    port = RecordingPort()
    send_now = _sending_now(bot, port)
    bot.say(f"/wg create {BROADCASTS} {DISGUISED}")
    bot.say(f"/wg goal {BROADCASTS} read {DISGUISED}")
    bot.say("/wg sponsor <@marta>")
    assert send_now.drain(10)
    (welcome,) = port.kinds("welcome")
    assert welcome.reply.mentions == ()  # nobody is pinged by it
    assert welcome.reply.title is not None and BROADCASTS in welcome.reply.title
