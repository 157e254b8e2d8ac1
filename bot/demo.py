"""`wgbot demo`: a scripted walk-through in a throw-away database, on a fixed date so the
output is the same every time (the README shows it, and a test keeps the two equal)."""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot.app import build_app
from bot.clock import FrozenClock
from bot.core.messages import Attachment
from bot.frontends.console import ConsoleDelivery, ConsoleFrontEnd, ConsoleState
from bot.scheduler.cli import console_send_now
from bot.settings import Settings
from storage.database import sqlite_url

DEMO_START = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)

DEMO_SCRIPT = """\
/as olga Olga Ivanova
/wg cycle 2027 meeting 2027-06-22
/as ana Ana Silva
/wg create BPF Cybersecurity
/wg join civil society grulac
/wg goal A report of five cyber-hygiene practices that ISPs in three regions commit to adopt
/wg deadline 2027-08-31
/wg charter 1 Known cyber-hygiene standards are not implemented by most ISPs.
/wg charter 2 Five practices, each adopted by at least one ISP per region.
/wg charter 3 Ten ISPs sign up; the GFCE carries the work on after the IGF.
/wg charter 4 GFCE, M3AAWG, RIPE NCC and the IETF each cover a part.
/wg charter 5 No: none brings governments, industry and civil society together.
/wg timeline
/wg milestone draft 2027-06-15
/wg milestone draft 2027-05-04
/wg milestone charter done
/as kofi Kofi Mensah
/wg join tech africa
/as mei Mei Chen
/wg join private sector apac
/as lars Lars Berg
/wg join gov weog
/as tom Tom Weber
/wg join martians
/wg join cs weog
/as ana Ana Silva
/wg sponsor @marta
/as kofi Kofi Mensah
/wg ask Could you introduce us to the GFCE working group on CIIP?
Which ISPs in Ghana and Nigeria could we invite to the first call?
/as mei Mei Chen
Two operators in Singapore already filter spoofed traffic; I will ask them.
/as tom Tom Weber
I'd add BCP 38 as practice number one.
/as ana Ana Silva
I agree that BCP 38 should come first, but small ISPs need help to deploy it.
We should recommend BCP 38 with a two-year adoption window and GFCE support.
/summarize
/wg propose Recommend BCP 38 with a two-year adoption window and GFCE support
/wg vote 1 agree
/as kofi Kofi Mensah
/wg vote 1 agree
/as mei Mei Chen
/wg vote 1 pass
/as lars Lars Berg
/wg vote 1 agree
/wg vote 1 disagree Small ISPs cannot deploy it in two years without funding
/as zoe Zoe Martin
/wg vote 1 agree
/as olga Olga Ivanova
/wg overview
/as ana Ana Silva
/wg consensus
/wg status
/wg coverage
"""


class DemoConsole(ConsoleFrontEnd):
    """Names the files that come with replies instead of saving them under a temporary path,
    so the output is the same every time."""

    def save(self, attachment: Attachment) -> Path:
        return Path("attachments") / attachment.filename


def run_demo(out: TextIO = sys.stdout) -> None:
    clock = FrozenClock(DEMO_START)
    with tempfile.TemporaryDirectory(prefix="wgbot-demo-") as tmp:
        # Olga, of the IGF secretariat, is the MAG admin who sets the cycle.
        settings = Settings(_env_file=None, wgbot_data_dir=Path(tmp), wgbot_admins=["olga"])
        app = build_app(settings, database_url=sqlite_url(Path(tmp) / "demo.sqlite3"), clock=clock)
        app.dispatcher.send_now = console_send_now(
            app, ConsoleDelivery(out)
        )  # the new sponsor's welcome
        console = DemoConsole(
            app.dispatcher, ConsoleState("ana", "Ana Silva", "bpf-cyber"), out=out, echo=True
        )
        out.write(f"wgbot demo, as if on {DEMO_START:%A %d %B %Y} (a throw-away database)\n\n")
        console.run(DEMO_SCRIPT.splitlines(), interactive=False)
        app.database.dispose()
