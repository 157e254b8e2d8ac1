"""The pages behind the email front end's one-click links (nudge answers in web.py, votes in
vote_web.py): one LinkPage per kind of link, whose GET shows what pressing its button will do
and whose POST does it. GET never acts: mail security scanners and link previews fetch every
link in a message. Every page is built from escaped text only, with a strict
Content-Security-Policy, no referrer (the token is in the URL) and no caching."""

from __future__ import annotations

import html
from typing import Generic, TypeVar

from aiohttp import web

from bot.frontends.email.signing import LinkRefused, SignedLinks

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


class LinkPage(Generic[T]):
    """One kind of link's page: a subclass says what it shows (`show`, with `button`) and what
    pressing the button does (`press`); reading the token and refusing a bad one is here."""

    def __init__(self, links: SignedLinks[T]) -> None:
        self.links = links

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
        return await self.show(link, token)

    async def act(self, request: web.Request) -> web.Response:
        """POST: the button pressed."""
        form = await request.post()
        token = form.get("t")
        try:
            link = self.links.verify(token if isinstance(token, str) else "")
        except LinkRefused as exc:
            return refused(exc)
        return await self.press(link)

    def button(self, token: str, label: str) -> str:
        """The form that POSTs the token back to this page."""
        return (
            f'<form method="post" action="{self.links.path}">'
            f'<input type="hidden" name="t" value="{html.escape(token, quote=True)}">'
            f'<button type="submit" style="font-size: 1.2em">{html.escape(label)}</button>'
            "</form>"
        )

    async def show(self, link: T, token: str) -> web.Response:
        raise NotImplementedError

    async def press(self, link: T) -> web.Response:
        raise NotImplementedError
