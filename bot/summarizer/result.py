"""A finished draft with what it rests on: the body, the cited messages, and the footer facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.domain.draft_schema import DraftBody
from bot.summarizer.prep import Prepared

OFFLINE_LABEL = "offline draft — no LLM configured"


@dataclass
class Draft:
    body: DraftBody
    group_name: str
    messages: list[Prepared]
    model: str  # the model name, or OFFLINE_LABEL
    offline: bool
    language: str = "en"
    calls: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    missing_perspectives: list[str] = field(default_factory=list)
    source: str = ""  # what was read: "#channel since 2027-01-04", a thread link, a file
    notes: list[str] = field(default_factory=list)  # model answers repaired or replaced
    unread: str = ""  # "2 of 1,204 messages could not be read" (a partly broken archive)

    @property
    def message_count(self) -> int:
        return len(self.messages)

    @property
    def first_at(self) -> datetime | None:
        return self.messages[0].at if self.messages else None

    @property
    def last_at(self) -> datetime | None:
        return self.messages[-1].at if self.messages else None

    def by_cid(self) -> dict[str, Prepared]:
        return {m.cid: m for m in self.messages}
