"""The neutral message model every front end translates to and from.

Commands only ever see these types, which is what lets one command serve Slack, Discord and
the console alike and be tested once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Platform(StrEnum):
    SLACK = "slack"
    DISCORD = "discord"
    CONSOLE = "console"
    EMAIL = "email"  # a mailing list (channel = list address) or a person's address


@dataclass(frozen=True)
class Actor:
    """Who typed: identity is (platform, user_id); the display name is only for showing."""

    platform: Platform
    user_id: str
    display_name: str = ""

    @property
    def key(self) -> str:
        return f"{self.platform.value}:{self.user_id}"

    @property
    def name(self) -> str:
        return self.display_name or self.user_id


@dataclass(frozen=True)
class Where:
    """Where it was typed: a channel on a platform, optionally a thread in it, and the
    workspace it belongs to where a platform has several (a Slack team, an Enterprise Grid
    org): bindings and identities made there carry it, so deliveries use its token."""

    platform: Platform
    channel_id: str
    thread_id: str | None = None
    team_id: str | None = None
    enterprise_id: str | None = None


@dataclass(frozen=True)
class UserRef:
    """A person named in an argument (a mention), not necessarily known to the bot yet."""

    user_id: str
    display_name: str = ""
    # None: a person on the platform it was typed on; EMAIL: an email-only person named by
    # their address (user_id is the normalised address).
    platform: Platform | None = None

    @property
    def name(self) -> str:
        return self.display_name or self.user_id


@dataclass(frozen=True)
class Invocation:
    """One command typed by one person.

    `args` is either the raw text after the command (console, Slack) or already-split named
    values (Discord options); both go through the same converters.
    """

    actor: Actor
    where: Where
    path: tuple[str, ...]
    args: str | Mapping[str, object] = ""


@dataclass(frozen=True)
class Action:
    """A button pressed by one person: `action_id` names the handler, `value` its argument."""

    actor: Actor
    where: Where
    action_id: str
    value: str


@dataclass(frozen=True)
class Field:
    label: str
    value: str
    inline: bool = True


@dataclass(frozen=True)
class Section:
    """A block of lines under a heading; lines are plain text, `code` spans allowed."""

    heading: str
    lines: tuple[str, ...]


class ButtonStyle(StrEnum):
    DEFAULT = "default"
    PRIMARY = "primary"
    DANGER = "danger"


@dataclass(frozen=True)
class Button:
    label: str
    action_id: str
    value: str
    style: ButtonStyle = ButtonStyle.DEFAULT


@dataclass(frozen=True)
class Attachment:
    """A file that goes with a reply (an outcome document, a chart)."""

    filename: str
    content: bytes
    mime_type: str = "application/octet-stream"
    title: str = ""


class Tone(StrEnum):
    INFO = "info"
    SUCCESS = "success"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Reply:
    """What a command answers; each front end renders it (Block Kit, embed, plain text)."""

    text: str
    title: str | None = None
    fields: tuple[Field, ...] = ()
    sections: tuple[Section, ...] = ()
    buttons: tuple[Button, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    ephemeral: bool = False
    tone: Tone = Tone.INFO
    metadata: Mapping[str, str] = field(default_factory=dict)
    # People (platform user ids) the bot means to notify: the only live mentions a front end
    # sends. Everything else in a reply is text, shown inert however it looks.
    mentions: tuple[str, ...] = ()

    @classmethod
    def error(cls, text: str) -> Reply:
        return cls(text=text, ephemeral=True, tone=Tone.ERROR)

    @classmethod
    def ok(cls, text: str, *, ephemeral: bool = False) -> Reply:
        return cls(text=text, ephemeral=ephemeral, tone=Tone.SUCCESS)
