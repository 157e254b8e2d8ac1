"""`/wg overview web` and `/wg publish` know the web only through the port they are handed
(`ctx.services.web`, bot/core/ports.py WebLinks): without one they answer as a process with
no web configured does; with one they make links of its lifetime and name its pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.core.messages import Tone
from bot.core.ports import Services
from tests.harness import BotHarness


@dataclass
class StaticWeb:
    board_ready: bool = True
    board_lifetime: timedelta = timedelta(hours=2)
    url: str | None = "https://wg.example.org"

    def page_url(self, group_id: int) -> str | None:
        return f"{self.url}/groups/{group_id}" if self.url else None


def test_without_a_web_the_commands_say_it_is_not_set_up(bot: BotHarness) -> None:
    bot.app.dispatcher.web = None  # a process that serves no web
    bot.setup_group()
    link = bot.say("/wg overview web", user="admin")
    assert link.tone is Tone.ERROR and "The web is not set up here" in link.text
    published = bot.say("/wg publish on")
    assert published.tone is Tone.SUCCESS
    assert "now has a public page: its goal" in published.text  # no address to name


def test_a_web_that_cannot_sign_makes_no_link(bot: BotHarness) -> None:
    bot.app.dispatcher.web = StaticWeb(board_ready=False, url=None)
    bot.setup_group()
    assert "The web is not set up here" in bot.say("/wg overview web", user="admin").text
    assert " at " not in bot.say("/wg publish on").text.split(":")[0]


def test_the_processs_web_gives_the_links_lifetime_and_the_pages_address(
    bot: BotHarness,
) -> None:
    bot.app.dispatcher.web = StaticWeb()
    bot.setup_group()
    link = bot.say("/wg overview web", user="admin")
    assert link.tone is Tone.SUCCESS and "works until 2027-01-11 11:00 UTC" in link.text
    with bot.read() as store:
        (group,) = store.groups.all()
    published = bot.say("/wg publish on").text
    assert f"now has a public page at https://wg.example.org/groups/{group.id}:" in published


def test_a_front_ends_own_web_comes_before_the_processs(bot: BotHarness) -> None:
    bot.app.dispatcher.web = None
    bot.setup_group()
    services = Services(web=StaticWeb(url="https://own.example"))
    assert "at https://own.example/groups/" in bot.say("/wg publish on", services=services).text
    bot.app.dispatcher.web = StaticWeb(board_ready=False, url=None)
    services = Services(web=StaticWeb(board_lifetime=timedelta(hours=5)))
    link = bot.say("/wg overview web", user="admin", services=services)
    assert "works until 2027-01-11 14:00 UTC" in link.text
