"""The pages behind the email front end's one-click links (nudge answers in web.py, votes in
vote_web.py): one LinkPage per kind of link, whose GET shows what pressing its button will do
and whose POST does it. GET never acts: mail security scanners and link previews fetch every
link in a message. Every page is built from escaped text only, with a strict
Content-Security-Policy, no referrer (the token is in the URL) and no caching."""

from __future__ import annotations

import asyncio
import html
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from aiohttp import web

from bot.frontends.email.signing import LinkRefused, SignedLinks

if TYPE_CHECKING:
    from bot.app import App

T = TypeVar("T")
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex",
}
UNCHANGED = "<p>Nothing was changed.</p>"


def page(title: str, body: str, status: int = 200) -> web.Response:
    """`body` is HTML made here from escaped parts; `title` is text."""
    text = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title></head>"
        '<body style="font-family: sans-serif; max-width: 32em; margin: 2em auto">'
        f"<h1>{html.escape(title)}</h1>\n{body}\n</body></html>\n"
    )
    return web.Response(
        text=text, status=status, content_type="text/html", charset="utf-8", headers=HEADERS
    )


def refused(exc: LinkRefused) -> web.Response:
    title = "Link expired" if exc.expired else "Link not valid"
    return page(title, f"<p>{html.escape(str(exc))}</p>{UNCHANGED}", 410 if exc.expired else 400)


@dataclass(frozen=True)
class Shown:
    """What a link's GET page shows: a title, a line saying what the button does (HTML made
    from escaped parts), the button's label and a note under it (HTML)."""

    title: str
    intro: str
    label: str
    note: str


@dataclass(frozen=True)
class Done:
    """What pressing the button did: the page's title and text, and whether it changed
    anything (else the page says nothing was)."""

    title: str
    text: str
    changed: bool
    status: int = 200


class LinkPage(ABC, Generic[T]):
    """One kind of link's page: a subclass says what the link shows (`show`, or None when what
    it names is gone: `missing`) and what its button does (`press`); both run on a worker
    thread, so they may use the database. Reading the token, refusing a bad one, and the
    pages themselves are here."""

    missing: ClassVar[tuple[str, str]]  # the 404's title and text

    def __init__(self, app: App, links: SignedLinks[T]) -> None:
        self.app, self.links = app, links

    def add_to(self, web_app: web.Application) -> None:
        web_app.router.add_get(self.links.path, self.confirm)
        web_app.router.add_post(self.links.path, self.act)

    async def confirm(self, request: web.Request) -> web.Response:
        """GET: what pressing the button will do, and the button. Changes nothing."""
        token = request.query.get("t", "")
        try:
            link = self.links.verify(token)
        except LinkRefused as exc:
            return refused(exc)
        shown = await asyncio.to_thread(self.show, link)
        if shown is None:
            title, text = self.missing
            return page(title, f"<p>{html.escape(text)}</p>", 404)
        body = (
            f"<p>{shown.intro}</p>\n"
            f'<form method="post" action="{self.links.path}">'
            f'<input type="hidden" name="t" value="{html.escape(token, quote=True)}">'
            f'<button type="submit" style="font-size: 1.2em">{html.escape(shown.label)}</button>'
            f"</form>\n<p><small>{shown.note}</small></p>"
        )
        return page(shown.title, body)

    async def act(self, request: web.Request) -> web.Response:
        """POST: the button pressed."""
        form = await request.post()
        token = form.get("t")
        try:
            link = self.links.verify(token if isinstance(token, str) else "")
        except LinkRefused as exc:
            return refused(exc)
        done = await asyncio.to_thread(self.press, link)
        text = f"<p>{html.escape(done.text)}</p>" + ("" if done.changed else UNCHANGED)
        return page(done.title, text, done.status)

    @abstractmethod
    def show(self, link: T) -> Shown | None:
        """The confirm page's words for a genuine link (None: what it names is gone)."""

    @abstractmethod
    def press(self, link: T) -> Done:
        """Do what the link says, once; what the result page says."""
