"""Serving the web: waitress (bot/http_server.py, shared with the Slack HTTP mode), on
WGBOT_WEB_LISTEN, behind a reverse proxy that answers on WGBOT_WEB_URL (docs/web.md).
`wgbot web` runs it alone; `wgbot run` starts it beside the front ends when WGBOT_WEB_LISTEN
is set."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from bot.http_server import create_http_server, stop_http_server

if TYPE_CHECKING:
    from bot.web.settings import WebSettings

log = logging.getLogger(__name__)

DEFAULT_LISTEN = "127.0.0.1:8091"
THREADS = 8


def parse_listen(value: str) -> tuple[str, int]:
    """`host:port` (`[::1]:8091` for IPv6)."""
    host, sep, port = value.strip().rpartition(":")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"{value[:60]!r}: write host:port, e.g. {DEFAULT_LISTEN}")
    return host.strip("[]") or "0.0.0.0", int(port)


class WebServer:
    """The web app on waitress in a thread of its own: `start()` returns the bound port."""

    def __init__(self, wsgi: Any, host: str, port: int) -> None:
        self.wsgi = wsgi
        # trusted_proxy: the reverse proxy's X-Forwarded-* are believed only from loopback.
        self.server: Any = create_http_server(
            wsgi,
            host,
            port,
            threads=THREADS,
            ident="wgbot-web",
            clear_untrusted_proxy_headers=True,
        )
        self.thread = threading.Thread(target=self.server.run, name="wgbot-web", daemon=True)

    @property
    def port(self) -> int:
        return int(self.server.effective_port)

    def start(self) -> int:
        self.thread.start()
        return self.port

    def stop(self) -> None:
        stop_http_server(self.server)
        self.thread.join(5)


def make_server(app: Any, web: WebSettings, listen: str | None = None) -> WebServer:
    from bot.web.app import WebApp

    host, port = parse_listen(listen or web.listen or DEFAULT_LISTEN)
    wsgi = WebApp(app.database, app.settings, web, app.dispatcher.clock)
    return WebServer(wsgi, host, port)


def start_background(app: Any) -> WebServer | None:
    """`wgbot run`: the web beside the front ends when WGBOT_WEB_LISTEN is set."""
    from bot.web.settings import reload

    web = reload()
    if not web.listen:
        return None
    server = make_server(app, web)
    port = server.start()
    server.wsgi.warm()
    log.info("web served on port %d (public URL %s)", port, web.base_url)
    return server
