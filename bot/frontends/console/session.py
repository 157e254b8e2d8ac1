"""The console front end: try the bot with no account, or script it (`wgbot console < file`).

Lines starting with a bot command run it; `/as ID [NAME]` and `/in CHANNEL` switch who is
typing and where; any other line is a chat message, kept in the discussion record (in a
bound channel) like a Slack or Discord message.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.core import notices
from bot.core.messages import Actor, Attachment, Platform, Where
from bot.core.ports import Services
from bot.core.render_text import render_text

if TYPE_CHECKING:  # the dispatcher brings the database layer: loaded when the bot is opened
    from bot.core.dispatcher import Dispatcher

CONSOLE_HELP = (
    "Type `/wg help` for the bot's commands. Console only: `/as ID [NAME]` types as someone "
    "else, `/in CHANNEL` moves to another channel, `/quit` ends. Other lines are chat messages."
)


@dataclass
class ConsoleState:
    user_id: str
    display_name: str
    channel_id: str

    @property
    def actor(self) -> Actor:
        return Actor(Platform.CONSOLE, self.user_id, self.display_name)

    @property
    def where(self) -> Where:
        return Where(Platform.CONSOLE, self.channel_id)


class ConsoleFrontEnd:
    platform = Platform.CONSOLE

    def __init__(
        self,
        dispatcher: Dispatcher | Callable[[], Dispatcher],
        state: ConsoleState,
        out: TextIO = sys.stdout,
        echo: bool = False,
        attachments_dir: Path | None = None,
    ) -> None:
        """`dispatcher` may be a function that opens the bot: it is called on the first line
        that needs it, so the prompt shows before the database is open."""
        self._dispatcher = None if callable(dispatcher) else dispatcher
        self._open = dispatcher if callable(dispatcher) else None
        self.state = state
        self.out = out
        self.echo = echo
        # Files that come with replies (charts, reports) land here; their paths are printed.
        self._attachments_dir = attachments_dir
        # Since when the record keeps this console's lines: when the bot is opened.
        self.live_since = None if self._dispatcher is None else self._dispatcher.clock()

    @property
    def dispatcher(self) -> Dispatcher:
        if self._dispatcher is None:
            assert self._open is not None
            self._dispatcher = self._open()
            self.live_since = self._dispatcher.clock()  # the record keeps lines from now on
        return self._dispatcher

    @property
    def attachments_dir(self) -> Path:
        return self._attachments_dir or self.dispatcher.settings.wgbot_data_dir / "attachments"

    def prompt(self) -> str:
        return f"[{self.state.display_name} in #{self.state.channel_id}] > "

    def handle(self, line: str) -> bool:
        """Process one line; False when the session should end."""
        text = line.strip()
        if not text:
            return True
        if self.echo:
            self.write(f"{self.prompt()}{text}")
        verb, _, rest = text.partition(" ")
        verb = verb.lower()  # exact words only: `/ask …` is not `/as`, `/info` is not `/in`
        if verb in ("/quit", "/exit") and not rest.strip():
            return False
        if verb == "/help" and not rest.strip():
            self.write(CONSOLE_HELP)
        elif verb == "/as":
            self._switch_user(rest.strip())
        elif verb == "/in":
            self._switch_channel(rest.strip())
        else:
            dispatcher = self.dispatcher
            services = Services(
                progress=lambda note: self.write(notices.progress(note)), live_since=self.live_since
            )
            reply = dispatcher.handle_line(self.state.actor, self.state.where, text, services)
            if reply is not None:
                self.write(render_text(reply))
                for attachment in reply.attachments:
                    self.write(
                        f"📎 {attachment.title or attachment.filename}: {self.save(attachment)}"
                    )
                if dispatcher.send_now is not None:  # a welcome the command made due, after it
                    dispatcher.send_now.drain()
            elif text.startswith("/"):
                self.write(f"✖ `{text.split()[0]}` is not a command here. {CONSOLE_HELP}")
            else:
                self.dispatcher.record_message(self.state.actor, self.state.where, text=text)
        self.write("")
        return True

    def save(self, attachment: Attachment) -> Path:
        """Write an attachment under a fresh name (never overwriting an earlier one)."""
        self.attachments_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        name = Path(attachment.filename).name or "attachment"
        path = self.attachments_dir / f"{stamp}-{name}"
        counter = 1
        while path.exists():
            counter += 1
            path = self.attachments_dir / f"{stamp}-{counter}-{name}"
        path.write_bytes(attachment.content)
        return path.resolve()

    def _switch_user(self, rest: str) -> None:
        user_id, _, name = rest.partition(" ")
        if not user_id:
            self.write("✖ Usage: `/as ID [DISPLAY NAME]`, for example `/as amina Amina`.")
            return
        self.state.user_id = user_id.lstrip("@")
        self.state.display_name = name.strip() or self.state.user_id
        self.write(f"(you are now {self.state.display_name})")

    def _switch_channel(self, rest: str) -> None:
        channel = rest.lstrip("#").strip()
        if not channel or " " in channel:
            self.write("✖ Usage: `/in CHANNEL`, for example `/in bpf-cyber`.")
            return
        self.state.channel_id = channel
        self.write(f"(you are now in #{channel})")

    def write(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def run(self, lines: Iterable[str] | None = None, interactive: bool | None = None) -> None:
        """Read from stdin (or `lines`) until EOF or `/quit`; prompt only on a terminal."""
        if interactive is None:
            interactive = lines is None and sys.stdin.isatty()
        if interactive:
            self.write(f"wgbot console. {CONSOLE_HELP}")
            while True:
                try:
                    line = input(self.prompt())
                except (EOFError, KeyboardInterrupt):
                    self.write("")
                    return
                if not self.handle(line):
                    return
        else:
            for line in lines if lines is not None else sys.stdin:
                if not self.handle(line):
                    return
