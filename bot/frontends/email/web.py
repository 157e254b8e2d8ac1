"""The HTTP endpoint behind the one-click links of nudge emails (aiohttp, already installed
with discord.py).

GET never acts: mail security scanners and link previews fetch every link in a message, so
GET shows a small confirmation page with a button, and only its POST answers the nudge. Every
page is built from escaped text, sent with a strict Content-Security-Policy, no referrer (the
token is in the URL) and no caching.
"""

from __future__ import annotations

import asyncio
import html
import logging
import threading
from dataclasses import dataclass

from aiohttp import web

from bot.app import App
from bot.frontends.email.answers import ACTED, ALREADY, LABEL_OF, NudgeAnswer, answer_nudge
from bot.frontends.email.answers import group_name as lookup_group_name
from bot.frontends.email.links import ANSWER_PATH, LinkAnswer, LinkRefused, LinkSigner
from bot.frontends.email.pages import MAX_TOKEN, page
from bot.frontends.email.vote_web import add_vote_routes

log = logging.getLogger(__name__)


def refused(exc: LinkRefused) -> web.Response:
    title = "Link expired" if exc.expired else "Link not valid"
    body = f"<p>{html.escape(str(exc))}</p><p>Nothing was changed.</p>"
    return page(title, body, 410 if exc.expired else 400)


@dataclass
class AnswerEndpoint:
    app: App
    signer: LinkSigner

    def _verify(self, token: str) -> LinkAnswer:
        if not token or len(token) > MAX_TOKEN:
            raise LinkRefused("This link is not valid: open it again from the nudge email.")
        return self.signer.verify(token)

    async def confirm(self, request: web.Request) -> web.Response:
        """GET: what pressing the button will do, and the button. Changes nothing."""
        token = request.query.get("t", "")
        try:
            answer = self._verify(token)
        except LinkRefused as exc:
            return refused(exc)
        name = await asyncio.to_thread(lookup_group_name, self.app, answer.group_id)
        if name is None:
            return page("Group not found", "<p>That working group no longer exists.</p>", 404)
        label = LABEL_OF[answer.verb]
        body = (
            f"<p>Your answer to the weekly sponsor nudge of <strong>{html.escape(name)}</strong>"
            f" ({html.escape(answer.address)}):</p>\n"
            f'<form method="post" action="{ANSWER_PATH}">'
            f'<input type="hidden" name="t" value="{html.escape(token, quote=True)}">'
            f'<button type="submit" style="font-size: 1.2em">{html.escape(label)}</button>'
            "</form>\n<p><small>Nothing is recorded until you press the button.</small></p>"
        )
        return page(name, body)

    async def act(self, request: web.Request) -> web.Response:
        """POST: the answer, through the core's nudge handler; a repeat says it is done."""
        form = await request.post()
        token = form.get("t")
        try:
            answer = self._verify(token if isinstance(token, str) else "")
        except LinkRefused as exc:
            return refused(exc)
        nudge = NudgeAnswer(
            answer.group_id,
            answer.sponsor_id,
            answer.address,
            answer.period,
            answer.verb,
            answer.issued,
        )
        outcome, reply = await asyncio.to_thread(answer_nudge, self.app, nudge)
        log.info("email link: %s %s for group %s", answer.verb, outcome, answer.group_id)
        text = f"<p>{html.escape(reply.text)}</p>"
        if outcome == ACTED:
            return page("Thank you", text)
        if outcome == ALREADY:
            return page("Already done", text + "<p>Nothing was changed.</p>")
        return page("Not recorded", text + "<p>Nothing was changed.</p>", 409)


def make_web_app(app: App, signer: LinkSigner) -> web.Application:
    endpoint = AnswerEndpoint(app, signer)
    web_app = web.Application(client_max_size=64 * 1024)
    web_app.router.add_get(ANSWER_PATH, endpoint.confirm)
    web_app.router.add_post(ANSWER_PATH, endpoint.act)
    add_vote_routes(web_app, app, signer.votes)
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
