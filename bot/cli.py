"""The `wgbot` command line (also `python -m bot`).

Imports here stay light: `wgbot --help` must not load the database layer, a front end or the
LLM client. Each command imports what it uses (bench/startup.py measures it; a test checks
which packages `import bot.cli` loads).
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot import secrets_cli
from bot.cli_settings import load_settings
from bot.frontends.discord.cli import add_discord_parser
from bot.frontends.email.cli import add_email_parser
from bot.frontends.registry import CHAT_PLATFORMS, delivery_ports, pick_chat
from bot.scheduler import cli as scheduler_cli
from bot.summarizer import check as llm_check
from bot.summarizer import cli as summarizer_cli
from bot.web import cli as web_cli

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.core.dispatcher import Dispatcher

PLATFORMS = tuple(p.value for p in CHAT_PLATFORMS)


def pick_platforms(settings: Settings, forced: str | None) -> list[str]:
    """Slack when SLACK_BOT_TOKEN (or its OAuth client id and secret) is set, Discord when
    DISCORD_TOKEN is set, else the console (bot/frontends/registry.py)."""
    return [platform.value for platform in pick_chat(settings, forced)]


class _Opener:
    """Opens the bot (database checked at the newest schema, registry built) for the console:
    in the background from the start when a person is at the terminal, so the prompt shows at
    once and the bot is ready by the time a line is typed; else on the first line that needs
    it (a script pays once; an empty one nothing)."""

    def __init__(self, settings: Settings, *, background: bool) -> None:
        self.settings = settings
        self._dispatcher: Dispatcher | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if background:
            self._thread = threading.Thread(target=self._open, name="wgbot-open", daemon=True)
            self._thread.start()

    def _open(self) -> None:
        from bot.app import build_app, configure_logging
        from bot.core.messages import Platform
        from bot.web.port import SiteLinks

        try:
            configure_logging(self.settings.wgbot_log_level)
            app = build_app(self.settings)
            ports = delivery_ports(self.settings)  # `/wg email` mails its code by SMTP
            app.dispatcher.deliveries = ports
            app.dispatcher.web = SiteLinks()  # `/wg overview web`, `/wg publish`
            # A new sponsor's welcome prints after the reply that named them (docs/scheduler.md).
            app.dispatcher.send_now = scheduler_cli.console_send_now(app, ports[Platform.CONSOLE])
            self._dispatcher = app.dispatcher
        except BaseException as exc:  # handed to the thread that asks for the bot
            self._error = exc

    def __call__(self) -> Dispatcher:
        if self._thread is not None:
            self._thread.join()
        elif self._dispatcher is None and self._error is None:
            self._open()
        if self._error is not None:
            raise self._error
        assert self._dispatcher is not None
        return self._dispatcher

    def finish(self) -> None:
        """Wait for an opening still under way: a migration is never cut off at exit."""
        if self._thread is not None:
            self._thread.join()


def cmd_console(args: argparse.Namespace) -> int:
    from bot.frontends.console import ConsoleFrontEnd, ConsoleState

    settings = load_settings()
    interactive = sys.stdin.isatty()
    opener = _Opener(settings, background=interactive)
    state = ConsoleState(args.user, args.name or args.user, args.channel.lstrip("#"))
    attachments = settings.wgbot_data_dir / "attachments"
    console = ConsoleFrontEnd(opener, state, echo=not interactive, attachments_dir=attachments)
    try:
        console.run(interactive=interactive)
    finally:
        opener.finish()
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Run the picked chat front ends (bot/frontends/registry.py); each `serve(app, args)`
    blocks, so with two platforms the first runs in a thread. One delivery port per platform
    is built here and shared by the scheduler, the send-now queue and email."""
    from bot.app import build_app, configure_logging
    from bot.core.messages import Platform
    from bot.frontends.registry import FrontEndMissing, front_end
    from bot.web.port import SiteLinks

    settings = load_settings()
    platforms = pick_chat(settings, args.platform)
    if platforms == [Platform.CONSOLE]:
        # The scheduler's deliveries would print into the session, mid-prompt; on the console
        # one sweep is run by hand instead.
        if not args.no_scheduler:
            print(
                "wgbot: the scheduler does not run beside the console; "
                "`wgbot nudge --now` sends what is due.",
                file=sys.stderr,
            )
        from bot.web.settings import reload as web_settings

        if web_settings().listen:  # WGBOT_WEB_LISTEN: the web beside the console too
            from bot.app import build_app
            from bot.web.serve import start_background as start_web

            start_web(build_app(settings))
        return cmd_console(args)
    try:
        ends = [front_end(platform) for platform in platforms]
    except FrontEndMissing as exc:
        print(f"wgbot: {exc}: not in this build.", file=sys.stderr)
        return 2
    configure_logging(settings.wgbot_log_level)
    ports = delivery_ports(settings)
    if not args.no_scheduler:
        from bot.scheduler.cli import start_in_background

        start_in_background(settings, ports)  # daemon threads: they end with the front end
    app = build_app(settings)
    app.dispatcher.deliveries = ports
    app.dispatcher.web = SiteLinks()  # what the commands say of the web (bot/web/port.py)
    # Every front-end process sends what its commands make due (a welcome) at once.
    app.dispatcher.send_now = scheduler_cli.send_now_queue(app, ports)
    email = front_end(Platform.EMAIL)
    email.start_beside(app)  # email services beside the front ends, when configured
    from bot.web.serve import start_background as start_web

    start_web(app)  # the MAG board and public pages, when WGBOT_WEB_LISTEN is set
    threads = [
        threading.Thread(target=end.serve, args=(app, args), name=f"wgbot-{end.platform}")
        for end in ends[:-1]
    ]
    for thread in threads:
        thread.daemon = True
        thread.start()
    ends[-1].serve(app, args)
    return 0


def cmd_demo(_args: argparse.Namespace) -> int:
    from bot.demo import run_demo

    run_demo()
    return 0


def cmd_db_upgrade(_args: argparse.Namespace) -> int:
    from bot.app import build_app, configure_logging

    settings = load_settings()
    configure_logging(settings.wgbot_log_level)
    app = build_app(settings)
    url = app.database.engine.url.render_as_string(hide_password=True)
    print(f"database at the newest schema: {url}")
    return 0


def _add_console_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", default="you", help="console user id (default: you)")
    parser.add_argument("--name", default=None, help="display name (default: the user id)")
    parser.add_argument("--channel", default="general", help="console channel (default: general)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wgbot",
        description="A chat bot for the IGF's intersessional working groups.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser(
        "run",
        help="run the bot on the platforms configured in the environment",
        description="Slack when SLACK_BOT_TOKEN is set, Discord when DISCORD_TOKEN is set, "
        "else the console.",
    )
    run.add_argument("--platform", choices=PLATFORMS, help="force one front end")
    run.add_argument(
        "--no-scheduler",
        action="store_true",
        help="do not run the scheduler in this process (for extra front-end processes)",
    )
    run.add_argument("--host", default="0.0.0.0", help="Slack HTTP mode: listen address")
    run.add_argument("--port", type=int, default=3000, help="Slack HTTP mode: port (3000)")
    _add_console_flags(run)
    run.set_defaults(func=cmd_run)

    console = sub.add_parser(
        "console",
        help="talk to the bot in this terminal (no account needed)",
        description="Reads lines from stdin; `wgbot console < script.txt` prints every reply.",
    )
    _add_console_flags(console)
    console.set_defaults(func=cmd_console)

    demo = sub.add_parser("demo", help="play a scripted walk-through in a throw-away database")
    demo.set_defaults(func=cmd_demo)

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    upgrade = db_sub.add_parser("upgrade", help="apply schema migrations (also done on start)")
    upgrade.set_defaults(func=cmd_db_upgrade)
    add_discord_parser(sub)
    add_email_parser(sub)
    summarizer_cli.add_parser(sub)
    llm_check.add_parser(sub)
    scheduler_cli.register(sub, delivery_ports)
    web_cli.add_parser(sub)
    secrets_cli.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result: int = args.func(args)
    except Exception as exc:
        from bot.config import ConfigError
        from storage.database import DatabaseUnavailable  # loaded already if it was raised

        if isinstance(exc, DatabaseUnavailable | ConfigError):
            sys.exit(f"wgbot: {exc}")
        raise
    return result


if __name__ == "__main__":
    sys.exit(main())
