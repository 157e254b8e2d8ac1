"""The README's screenshots of the MAG board and a public page, from a demo database:

    .venv/bin/python -m testkit.web.screenshots     # writes docs/img/board.png, public-page.png

Everything goes through the real commands, the outbox's DM and the real web app."""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bot.app import build_app
from bot.clock import FrozenClock
from bot.config import Settings
from bot.core.messages import Actor, Platform, Where
from bot.scheduler.send_now import SendNowQueue
from bot.scheduler.sweep import Sweeper
from bot.web.app import WebApp
from bot.web.port import SiteLinks
from bot.web.serve import WebServer
from bot.web.settings import WebSettings
from testkit.web.browser import chromium, chromium_binary

NOW = datetime(2027, 9, 6, 9, tzinfo=UTC)
OUT = Path("docs/img")

SCRIPT = [
    ("admin", "ops", "/wg cycle 2027 meeting 2027-06-22"),
    ("ana", "bpf-cyber", "/wg create BPF Cybersecurity"),
    ("ana", "bpf-cyber", "/wg join civil society grulac"),
    (
        "ana",
        "bpf-cyber",
        "/wg goal A report of five cyber-hygiene practices that ISPs in "
        "three regions commit to adopt",
    ),
    ("ana", "bpf-cyber", "/wg liaison add IETF jari@ietf.org"),
    ("ana", "bpf-cyber", "/wg liaison add GFCE"),
    ("kofi", "bpf-cyber", "/wg join tech africa"),
    ("mei", "bpf-cyber", "/wg join private sector apac"),
    ("lars", "bpf-cyber", "/wg join gov weog"),
    (
        "ana",
        "bpf-cyber",
        "/wg output add Cyber hygiene practices for ISPs "
        "https://intgovforum.org/bpf-cyber-2026.pdf published:2026-12-10",
    ),
    (
        "ana",
        "bpf-cyber",
        "/wg output add Policy brief: BCP 38 in three regions "
        "https://intgovforum.org/bpf-cyber-brief.pdf published:2027-07-01",
    ),
    ("kofi", "bpf-cyber", "/wg uptake 1 IETF https://datatracker.ietf.org/doc/draft-x cited"),
    ("mei", "bpf-cyber", "/wg uptake 1 APNIC https://apnic.net/training/hygiene implemented"),
    ("lars", "bpf-cyber", "/wg uptake 1 Council of Europe https://coe.int/cybercrime adopted"),
    ("ana", "bpf-cyber", "/wg propose ISPs filter spoofed traffic (BCP 38) by default"),
    ("ana", "bpf-cyber", "/wg vote 1 agree"),
    ("kofi", "bpf-cyber", "/wg vote 1 agree"),
    ("mei", "bpf-cyber", "/wg vote 1 agree"),
    ("lars", "bpf-cyber", "/wg vote 1 disagree Small ISPs need time and support to do it"),
    ("ana", "bpf-cyber", "/wg propose close 1"),
    ("ana", "bpf-cyber", "/wg publish on"),
    *(
        ("ana", "bpf-cyber", f"/wg milestone {m} done")
        for m in (
            "charter",
            "call-opens",
            "call-closes",
            "draft",
            "comments-open",
            "comments-close",
            "frozen",
            "session",
        )
    ),
    ("ana", "pn-access", "/wg create PN Meaningful Access"),
    ("ana", "pn-access", "/wg goal Community networks bring rural areas online"),
    ("ana", "pn-access", "/wg join academia eeg"),
    (
        "ana",
        "pn-access",
        "/wg output add Community networks toolkit "
        "https://intgovforum.org/pn-access-toolkit.pdf published:2026-11-20",
    ),
    ("ana", "dc-rights", "/wg create DC Internet Rights and Principles"),
    ("ana", "dc-rights", "/wg goal A charter of human rights and principles for the Internet"),
    ("ana", "dc-rights", "/wg join civil society weog"),
    ("ana", "dc-rights", "/wg liaison add Council of Europe"),
]


def main() -> int:
    binary = chromium_binary()
    if binary is None:
        print("chromium is not installed (apt-get install -y chromium)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        secret = "screenshot-secret"
        web = WebSettings(_env_file=None, url="http://127.0.0.1:0", secret=secret)  # type: ignore[call-arg]
        settings = Settings(_env_file=None, wgbot_admins=["admin"], wgbot_data_dir=Path(folder))  # type: ignore[call-arg]
        clock = FrozenClock(NOW)
        app = build_app(settings, clock=clock)
        app.dispatcher.web = SiteLinks()
        for user, channel, line in SCRIPT:
            actor = Actor(Platform.CONSOLE, user, user.capitalize())
            app.dispatcher.handle_line(actor, Where(Platform.CONSOLE, channel), line)
        wsgi = WebApp(app.database, settings, web, clock)
        server = WebServer(wsgi, "127.0.0.1", 0)
        base = f"http://127.0.0.1:{server.start()}"
        import os

        os.environ["WGBOT_WEB_URL"], os.environ["WGBOT_WEB_SECRET"] = base, secret
        from bot.web.settings import reload

        reload()
        from testkit.web.recording import RecordingPort

        port = RecordingPort()
        send_now = SendNowQueue(Sweeper(app.database, settings, {Platform.CONSOLE: port}, clock))
        app.dispatcher.send_now = send_now
        app.dispatcher.handle_line(
            Actor(Platform.CONSOLE, "admin"), Where(Platform.CONSOLE, "ops"), "/wg overview web"
        )
        send_now.drain()
        board_url = port.sent[-1][1].text.split()[0]
        OUT.mkdir(parents=True, exist_ok=True)
        with chromium(binary) as browser:
            for name, url in (("board", board_url), ("public-page", f"{base}/groups/1")):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(url)
                page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
                page.close()
        server.stop()
        app.database.dispose()
    print(f"wrote {OUT}/board.png and {OUT}/public-page.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
