"""The HTML pages of the email front end's HTTP endpoint (nudge answers, votes): built from
escaped text only, with a strict Content-Security-Policy, no referrer (the token is in the
URL) and no caching."""

from __future__ import annotations

import html

from aiohttp import web

MAX_TOKEN = 1000
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
