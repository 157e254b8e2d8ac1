"""The HTTP endpoint behind the email front end's one-click links (aiohttp, already installed
with discord.py): the nudge answer page, the vote page (vote_web.py), and the server that runs
them on a thread of its own beside any front end.

As every link page (pages.py), GET shows a small confirmation page with a button, and only its
POST answers the nudge.
"""

from __future__ import annotations

import asyncio
import html
import logging
import threading

from aiohttp import web

from bot.app import App
from bot.frontends.email.answers import ACTED, ALREADY, LABEL_OF, NudgeAnswer, answer_nudge
from bot.frontends.email.answers import group_name as lookup_group_name
from bot.frontends.email.links import LinkAnswer, LinkSigner
from bot.frontends.email.pages import Done, LinkPage, Shown
from bot.frontends.email.vote_web import VotePage

log = logging.getLogger(__name__)


class AnswerPage(LinkPage[LinkAnswer]):
    """A nudge answer: the button answers through the core's nudge handler; a repeat says it
    is done."""

    missing = ("Group not found", "That working group no longer exists.")

    def show(self, answer: LinkAnswer) -> Shown | None:
        name = lookup_group_name(self.app, answer.group_id)
        if name is None:
            return None
        intro = (
            f"Your answer to the weekly sponsor nudge of <strong>{html.escape(name)}</strong>"
            f" ({html.escape(answer.address)}):"
        )
        note = "Nothing is recorded until you press the button."
        return Shown(name, intro, LABEL_OF[answer.verb], note)

    def press(self, answer: LinkAnswer) -> Done:
        nudge = NudgeAnswer(
            answer.group_id,
            answer.sponsor_id,
            answer.address,
            answer.period,
            answer.verb,
            answer.issued,
        )
        outcome, reply = answer_nudge(self.app, nudge)
        log.info("email link: %s %s for group %s", answer.verb, outcome, answer.group_id)
        if outcome == ACTED:
            return Done("Thank you", reply.text, changed=True)
        if outcome == ALREADY:
            return Done("Already done", reply.text, changed=False)
        return Done("Not recorded", reply.text, changed=False, status=409)


def make_web_app(app: App, signer: LinkSigner) -> web.Application:
    web_app = web.Application(client_max_size=64 * 1024)
    AnswerPage(app, signer).add_to(web_app)
    VotePage(app, signer.votes).add_to(web_app)
    return web_app


class LinkServer:
    """The endpoint on its own event loop in a daemon thread (beside any front end)."""

    def __init__(self, app: App, signer: LinkSigner, host: str, port: int) -> None:
        self.web_app = make_web_app(app, signer)
        self.host, self.port = host, port
        self.loop = asyncio.new_event_loop()
        self.runner = web.AppRunner(self.web_app, access_log=None)
        self.thread = threading.Thread(target=self.loop.run_forever, name="wgbot-email-links")
        self.thread.daemon = True

    def start(self) -> int:
        """Listening when it returns; the port actually bound (0 picks a free one)."""
        self.thread.start()
        return asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(timeout=30)

    async def _start(self) -> int:
        await self.runner.setup()
        await web.TCPSite(self.runner, self.host, self.port).start()
        addresses = self.runner.addresses
        return int(addresses[0][1]) if addresses else self.port

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(timeout=30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
