"""A site with real data behind the real web app on waitress: two groups (one published,
with outputs, uptake, a liaison and closed statements), hostile text in every field people
type, and a real signed link to the board received by direct message."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest

from bot.core.messages import Platform
from bot.scheduler.send_now import SendNowQueue
from bot.scheduler.sweep import Sweeper
from bot.web.app import WebApp
from bot.web.serve import WebServer
from bot.web.settings import reload
from tests.harness import BotHarness
from tests.hostile import HTML
from tests.scheduler.helpers import RecordingPort, Sleeps

SECRET = "web-test-secret"
MEMBERS = {"ana": "Ana Silva", "kofi": "Kofi Mensah", "mei": "Mei Chen", "lars": "Lars Berg"}


@dataclass
class Site:
    bot: BotHarness
    base: str
    board_url: str
    port: RecordingPort
    published_id: int
    hidden_id: int


def _seed(bot: BotHarness) -> None:
    channel = bot.channel
    bot.say("/wg create BPF Cybersecurity", user="ana", name=MEMBERS["ana"])
    bot.say("/wg join civil society grulac", user="ana", name=MEMBERS["ana"])
    bot.say(f"/wg goal Five cyber-hygiene practices {HTML[0]} {HTML[1]} {HTML[5]}", user="ana")
    bot.say("/wg deadline in 10 weeks", user="ana")
    bot.say("/wg liaison add IETF jari@ietf.org", user="ana")
    for user, joined in (
        ("kofi", "tech africa"),
        ("mei", "private sector apac"),
        ("lars", "gov weog"),
    ):
        bot.say(f"/wg join {joined}", user=user, name=MEMBERS[user])
    bot.say(
        f"/wg output add Cyber hygiene {HTML[2]} https://intgovforum.org/r.pdf "
        "published:2026-03-01",
        user="ana",
    )
    bot.say("/wg output add Policy brief https://intgovforum.org/b.pdf", user="ana")
    bot.say("/wg uptake 1 I.E.T.F. https://datatracker.ietf.org/doc/x cited", user="kofi")
    bot.say(f'/wg uptake 1 "ITU {HTML[3]}" https://itu.int/rec adopted {HTML[4]}', user="mei")
    bot.say(f"/wg propose ISPs adopt BCP 38 {HTML[6]}", user="ana")
    bot.say("/wg vote 1 agree", user="ana")
    bot.say("/wg vote 1 agree", user="kofi")
    bot.say(f"/wg vote 1 disagree too costly {HTML[0]}", user="lars")
    bot.say("/wg vote 1 agree", user="mei")
    bot.say("/wg propose close 1", user="ana")
    bot.say("/wg publish on", user="ana")
    bot.say("/wg create PN Meaningful Access", user="ana", channel="pn-access")
    bot.say("/wg goal Community networks in rural areas", user="ana", channel="pn-access")
    assert channel == bot.channel


@pytest.fixture
def site(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    monkeypatch.setenv("WGBOT_WEB_SECRET", SECRET)
    monkeypatch.setenv("WGBOT_WEB_URL", "http://127.0.0.1:0")  # replaced once bound
    web = reload()
    bot = BotHarness(database_url)
    _seed(bot)
    app = WebApp(bot.app.database, bot.app.settings, web, bot.clock)
    server = WebServer(app, "127.0.0.1", 0)
    port_number = server.start()
    base = f"http://127.0.0.1:{port_number}"
    monkeypatch.setenv("WGBOT_WEB_URL", base)
    reload()
    # A real link: the admin asks, the outbox sends the DM, the test reads it off the wire.
    port = RecordingPort()
    send_now = SendNowQueue(
        Sweeper(
            bot.app.database, bot.app.settings, {Platform.CONSOLE: port}, bot.clock, sleep=Sleeps()
        )
    )
    bot.app.dispatcher.send_now = send_now
    bot.say("/wg overview web", user="admin")
    assert send_now.drain()
    (dm,) = port.kinds("board_link")
    board_url = dm.reply.text.split()[0]
    with bot.read() as store:
        ids = {g.name: g.id for g in store.groups.all()}
    try:
        yield Site(
            bot,
            base,
            board_url,
            port,
            ids["BPF Cybersecurity"] or 0,
            ids["PN Meaningful Access"] or 0,
        )
    finally:
        server.stop()
        bot.app.database.dispose()
        monkeypatch.delenv("WGBOT_WEB_URL")
        monkeypatch.delenv("WGBOT_WEB_SECRET")
        reload()


def later(site: Site, hours: float) -> None:
    site.bot.clock.advance(timedelta(hours=hours))
