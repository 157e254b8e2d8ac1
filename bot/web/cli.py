"""`wgbot web`: the parser stays light (bot.cli's imports are measured); serving imports
the rest when it runs."""

from __future__ import annotations

import argparse
from typing import Any

DEFAULT_LISTEN = "127.0.0.1:8091"


def cmd_web(args: argparse.Namespace) -> int:
    from bot.app import build_app, configure_logging
    from bot.cli_settings import load_settings
    from bot.web.serve import make_server
    from bot.web.settings import reload

    settings = load_settings()
    configure_logging(settings.wgbot_log_level)
    web = reload()
    app = build_app(settings)
    server = make_server(app, web, args.listen)
    port = server.start()
    server.wsgi.warm()  # the board built once in the background: the first view is fast
    print(f"wgbot web: serving on port {port}; public URL {web.base_url}", flush=True)
    try:
        server.thread.join()
    except KeyboardInterrupt:
        server.stop()
    return 0


def add_parser(sub: Any) -> None:
    web = sub.add_parser(
        "web",
        help="serve the MAG board and the public pages (WGBOT_WEB_LISTEN, WGBOT_WEB_URL)",
        description="The web pages alone, on waitress; put a reverse proxy in front (docs/web.md).",
    )
    web.add_argument(
        "--listen", default=None, help=f"host:port (default WGBOT_WEB_LISTEN or {DEFAULT_LISTEN})"
    )
    web.set_defaults(func=cmd_web)
