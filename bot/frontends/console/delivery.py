"""The console's delivery port: prints what would be posted (the console, `wgbot nudge`, dry
runs, local trials)."""

from __future__ import annotations

import itertools
import sys
from typing import TextIO

from bot.core.messages import Platform, Reply
from bot.core.ports import Recipient
from bot.core.render_text import render_text


class ConsoleDelivery:
    """Prints each message with whom it is for; ids count up from console-1."""

    platform = Platform.CONSOLE

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out
        self._ids = itertools.count(1)

    def send(self, to: Recipient, reply: Reply) -> str:
        out = self.out or sys.stdout
        print(f"→ {to.kind.value} {to.id} on the console:", file=out)
        print(render_text(reply), file=out)
        print(file=out, flush=True)
        return f"console-{next(self._ids)}"
