"""A delivery port that keeps what it was given (the screenshot script reads the DM)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.messages import Platform, Reply
from bot.core.ports import Recipient


@dataclass
class RecordingPort:
    platform: Platform = Platform.CONSOLE
    sent: list[tuple[Recipient, Reply]] = field(default_factory=list)

    def send(self, to: Recipient, reply: Reply) -> str:
        self.sent.append((to, reply))
        return f"m{len(self.sent)}"
