"""The web as a WSGI application: the MAG board behind a signed link, the public pages and
their index. Read-only; every page is server-rendered (Jinja2, autoescaped) under a strict
Content-Security-Policy (no script, no inline style, nothing from elsewhere)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from http import HTTPStatus
from importlib import resources
from typing import Any
from urllib.parse import parse_qs

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from bot.clock import Clock, system_clock
from bot.core.command_ref import unmarked
from bot.core.settings import CoreSettings
from bot.domain.dates import local_today
from bot.domain.uptake import NO_UPTAKE_AFTER_MONTHS
from bot.web.board import Board, BoardCache, build_board
from bot.web.heatmap import heatmap_svg
from bot.web.links import BoardSigner, Refused
from bot.web.public import public_group, published
from bot.web.settings import WebSettings
from storage.database import Database
from storage.store import Store

log = logging.getLogger(__name__)

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),  # the board's token never leaves in a Referer
    ("X-Frame-Options", "DENY"),
)
StartResponse = Callable[..., Any]


def safe_href(url: str) -> str:
    """Only http(s) addresses become links (commands check this; older rows are checked
    again here): anything else is shown as text by the template."""
    return url if url.lower().startswith(("https://", "http://")) else ""


def code_spans(text: str) -> Markup:
    """Our own messages name commands in backticks: escaped first, then shown as code."""
    escaped = str(escape(text))
    return Markup(re.sub(r"`([^`<>]{1,80})`", r"<code>\1</code>", escaped))


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("bot.web", "templates"),
        autoescape=select_autoescape(["html"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Command names the core marked for chat platforms read `/wg goal` here.
        finalize=lambda value: unmarked(value) if isinstance(value, str) else value,
    )
    env.filters["href"] = safe_href
    env.filters["code"] = code_spans
    return env


class WebApp:
    def __init__(
        self,
        database: Database,
        settings: CoreSettings,
        web: WebSettings,
        clock: Clock = system_clock,
    ) -> None:
        self.database = database
        self.settings = settings
        self.web = web
        self.clock = clock
        self.env = _environment()
        self.signer = BoardSigner(web.secrets, web.base_url) if web.secrets else None
        self.cache = BoardCache()
        self.stylesheet = resources.files("bot.web").joinpath("static/style.css").read_bytes()

    # -- WSGI -------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "/") or "/"
        if method not in ("GET", "HEAD"):
            status, headers, body = self._page(
                HTTPStatus.METHOD_NOT_ALLOWED,
                "error.html",
                title="Not allowed",
                message="These pages can only be read.",
            )
            headers.append(("Allow", "GET, HEAD"))
        else:
            try:
                status, headers, body = self._route(path, environ.get("QUERY_STRING", ""))
            except Exception:
                log.exception("web: %s failed", path)
                status, headers, body = self._page(
                    HTTPStatus.INTERNAL_SERVER_ERROR,
                    "error.html",
                    title="Something went wrong",
                    message="This page could not be made just now. Try again in a minute.",
                )
        start_response(f"{status.value} {status.phrase}", headers)
        return [] if method == "HEAD" else [body]

    # -- pages ------------------------------------------------------------------------------

    def _route(self, path: str, query: str) -> tuple[HTTPStatus, list[tuple[str, str]], bytes]:
        if path == "/":
            return self.index()
        if path == "/board":
            return self.board(parse_qs(query).get("t", [""])[0])
        if path.startswith("/groups/") and path[8:].isdigit() and len(path) < 20:
            return self.group(int(path[8:]))
        if path == "/static/style.css":
            headers = [
                ("Content-Type", "text/css; charset=utf-8"),
                ("Cache-Control", "public, max-age=3600"),
                *SECURITY_HEADERS,
            ]
            return HTTPStatus.OK, headers, self.stylesheet
        if path == "/healthz":
            return HTTPStatus.OK, [("Content-Type", "text/plain"), *SECURITY_HEADERS], b"ok\n"
        return self._page(
            HTTPStatus.NOT_FOUND,
            "error.html",
            title="Page not found",
            message="There is no page here. The list of groups is on the home page.",
        )

    def _page(
        self, status: HTTPStatus, template: str, *, private: bool = False, **values: Any
    ) -> tuple[HTTPStatus, list[tuple[str, str]], bytes]:
        html = self.env.get_template(template).render(**values)
        return status, self._headers(private), html.encode()

    def _headers(self, private: bool) -> list[tuple[str, str]]:
        cache = "no-store" if private else "public, max-age=60"
        headers = [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", cache)]
        if private:
            headers.append(("X-Robots-Tag", "noindex, nofollow"))
        return headers + list(SECURITY_HEADERS)

    def now(self) -> datetime:
        return self.clock()

    def index(self) -> tuple[HTTPStatus, list[tuple[str, str]], bytes]:
        with self.database.session(readonly=True) as session:
            items = published(Store(session))
        return self._page(HTTPStatus.OK, "index.html", items=items)

    def group(self, group_id: int) -> tuple[HTTPStatus, list[tuple[str, str]], bytes]:
        with self.database.session(readonly=True) as session:
            page = public_group(Store(session), self.settings, group_id, self.now())
        if page is None:
            return self._page(
                HTTPStatus.NOT_FOUND,
                "error.html",
                title="Page not found",
                message="This group has no public page (or no longer has one).",
            )
        return self._page(HTTPStatus.OK, "group.html", g=page)

    def refused(self, reason: str, message: str) -> tuple[HTTPStatus, list[tuple[str, str]], bytes]:
        titles = {
            "expired": "This link has expired",
            "invalid": "This link is not valid",
            "revoked": "This link was revoked",
            "off": "The MAG board is not set up",
        }
        return self._page(
            HTTPStatus.FORBIDDEN,
            "refused.html",
            private=True,
            title=titles.get(reason, "Not allowed"),
            reason=reason,
            message=message,
        )

    def board(self, token: str) -> tuple[HTTPStatus, list[tuple[str, str]], bytes]:
        if self.signer is None:
            return self.refused(
                "off", "The operator has not set WGBOT_WEB_SECRET: no link can open the board here."
            )
        now = self.now()
        try:
            verified = self.signer.verify(token, now)
        except Refused as refused:
            return self.refused(refused.reason, str(refused))
        with self.database.session(readonly=True) as session:
            link = Store(session).board_links.get(verified.link_id)
        if link is None:
            return self.refused(
                "invalid", "This link is not valid: ask for a new one with `/wg overview web`."
            )
        if link.revoked_at is not None:
            return self.refused(
                "revoked",
                f"A MAG admin revoked this link on {link.revoked_at:%Y-%m-%d at %H:%M} UTC. "
                "Ask for a new one with `/wg overview web`.",
            )
        today = local_today(now, self.settings.wgbot_timezone)
        kept = self.cache.get(self.database, today, self._board_html)
        return HTTPStatus.OK, self._headers(private=True), kept.page

    def warm(self) -> None:
        """Build the board in the background (at start), so the first view is fast."""
        today = local_today(self.now(), self.settings.wgbot_timezone)
        self.cache.warm(self.database, today, self._board_html)

    def _board_html(self) -> bytes:
        now = self.now()
        with self.database.session(readonly=True) as session:
            board = build_board(Store(session), self.settings, now)
        page = self.env.get_template("board.html").render(
            b=board,
            heatmap=_heatmap(board),
            months=NO_UPTAKE_AFTER_MONTHS,
            built=now.strftime("%Y-%m-%d %H:%M UTC"),
        )
        return page.encode()


def _heatmap(board: Board) -> object:
    columns = [*board.stakeholders, *board.regions]
    rows = [
        (
            g.row.name,
            [n for _, n in g.row.stakeholder_counts] + [n for _, n in g.row.region_counts],
        )
        for g in board.groups
    ]
    return heatmap_svg(
        rows,
        columns,
        split=len(board.stakeholders),
        label="Coverage heat map: members of each group per stakeholder group and per UN "
        "region; the number is in every cell, 0 in bold.",
    )
