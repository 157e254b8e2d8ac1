"""Running the Slack front end: Socket Mode when SLACK_APP_TOKEN is set (no public URL), else
HTTP on waitress (bot/http_server.py, which the web shares) in front of bolt's WSGI adapter;
bolt's own development server resets connections under load."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from slack_bolt import App as BoltApp
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.app import App
from bot.frontends.slack.app import build_slack_app
from bot.http_server import create_http_server

log = logging.getLogger(__name__)

DEFAULT_PORT = 3000
EVENTS_PATH = "/slack/events"
HTTP_THREADS = 16


def make_http_server(bolt: BoltApp, host: str, port: int, threads: int = HTTP_THREADS) -> Any:
    """A waitress server for bolt's POST /slack/events; `.run()` blocks, `stop_http_server`
    (bot/http_server.py) stops it."""
    handler = SlackRequestHandler(bolt, path=EVENTS_PATH)
    return create_http_server(handler, host, port, threads=threads, ident="wgbot")


def serve(app: App, args: argparse.Namespace) -> None:
    settings = app.settings
    if settings.slack_oauth and settings.slack_app_token is not None:
        sys.exit(
            "wgbot: Socket Mode serves one workspace: unset SLACK_APP_TOKEN to install into "
            "many through OAuth (HTTP mode), or SLACK_CLIENT_ID/SECRET for one workspace."
        )
    if settings.slack_bot_token is None and not settings.slack_oauth:
        sys.exit(
            "wgbot: SLACK_BOT_TOKEN is not set (one workspace), nor SLACK_CLIENT_ID and "
            "SLACK_CLIENT_SECRET (many, through OAuth): see docs/slack.md."
        )
    if settings.slack_app_token is None and settings.slack_signing_secret is None:
        sys.exit("wgbot: HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN).")
    bolt, runtime = build_slack_app(app)
    runtime.listening.start()  # the record's heartbeat: a restart's gap is then known
    if settings.slack_app_token is not None:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        log.info("Slack: Socket Mode")
        SocketModeHandler(
            bolt, settings.slack_app_token.get_secret_value(), web_client=bolt.client
        ).start()  # type: ignore[no-untyped-call]
        return
    host = getattr(args, "host", None) or "0.0.0.0"
    port = getattr(args, "port", None) or DEFAULT_PORT
    server = make_http_server(bolt, host, port)
    log.info("Slack: HTTP mode on http://%s:%s%s", host, port, EVENTS_PATH)
    if settings.slack_oauth:
        log.info(
            "Slack: many workspaces; install page http://%s:%s%s",
            host,
            port,
            settings.slack_install_path,
        )
    server.run()
