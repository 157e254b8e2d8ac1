"""What the core asks of a front end, beyond answering a command.

Each front end implements these for its platform (Slack Web API, Discord HTTP, the console)
and hands them to the dispatcher; commands and the scheduler only ever see these protocols.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol, runtime_checkable

from bot.core.messages import Platform, Reply, Where


class RecipientKind(StrEnum):
    USER = "user"  # a direct message to one person
    CHANNEL = "channel"


@dataclass(frozen=True)
class Recipient:
    platform: Platform
    kind: RecipientKind
    id: str  # user id or channel id on that platform


class DeliveryError(Exception):
    """A send failed. `retry_after` (seconds) when the platform said when to retry;
    `permanent` when retrying cannot help (unknown user, bot removed from the channel);
    `maybe_sent` when (part of) the message may be on the platform all the same (a timeout,
    a lost answer, a later part refused): it is looked up before it is sent again."""

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        permanent: bool = False,
        maybe_sent: bool = False,
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.permanent = permanent
        self.maybe_sent = maybe_sent


class DeliveryPort(Protocol):
    """Sends a reply to a person or a channel outside any command (nudges, reminders).

    Synchronous: it is called from scheduler threads. Returns the platform's message id.
    Raises DeliveryError on failure.
    """

    platform: Platform

    def send(self, to: Recipient, reply: Reply) -> str: ...


@runtime_checkable
class ReconcilingPort(Protocol):
    """A port that can tell whether the message with this delivery key is already on the
    platform (Slack message metadata, a Discord nonce and footer, an email Message-ID).
    With it, a message that may have gone out is looked up, never blindly sent again.

    `find_sent` looks at what reached `to` since `since` (the claim): the platform's message
    id when every part of the message is there; None when none is (send it); when only some
    parts are, it remembers them and returns None, and `send` posts only the rest. It raises
    DeliveryError (with `retry_after` when paced or rate-limited) when it cannot tell now:
    the message then stays unknown and is looked up again later."""

    def find_sent(self, to: Recipient, delivery_key: str, since: datetime) -> str | None: ...


@runtime_checkable
class TimezonePort(Protocol):
    """A delivery port that can tell a person's timezone from their profile."""

    def timezone_of(self, to: Recipient) -> str | None: ...


class SendNow(Protocol):
    """The send-now port: after a command made a message due (a new sponsor's welcome), `wake`
    has it sent now instead of at the next sweep (bot/scheduler/send_now.py). Returns at once;
    the sending happens elsewhere, and a failure is retried by the regular sweeps."""

    def wake(self, group_id: int) -> None: ...

    def drain(self, timeout: float = 30.0) -> bool:
        """Wait until what was woken went out (or failed, for the sweeps to retry)."""
        ...


@dataclass(frozen=True)
class ChatMessage:
    """One message of a discussion as read from a platform (for /summarize)."""

    id: str  # platform message id (Slack ts, Discord snowflake)
    user_id: str
    user_name: str
    text: str
    at: datetime
    permalink: str | None = None
    thread_id: str | None = None
    is_bot: bool = False


@dataclass(frozen=True)
class HistoryQuery:
    """What part of a discussion to read: the channel (`where`), from `since` (the first
    `limit` messages after it) or else the latest `limit`; one thread if `thread_id`."""

    where: Where
    since: datetime | None = None
    thread_id: str | None = None
    limit: int | None = None


class CappedRead(list[ChatMessage]):
    """A read that stopped at the reader's cap before the period's end: never recorded as a
    whole span. `unread` is how many were left out when the platform said (None: unknown)."""

    def __init__(self, messages: list[ChatMessage], unread: int | None = None) -> None:
        super().__init__(messages)
        self.unread = unread


class HistoryReader(Protocol):
    """Reads a channel's discussion, oldest first; the bot's own messages are left out. A
    read cut short at the reader's cap is a CappedRead."""

    def read(self, query: HistoryQuery) -> list[ChatMessage]: ...


class AccessRevoked(Exception):
    """The platform refuses this token (revoked, its workspace removed the app): a reader of
    that workspace stops and keeps its jobs for a reinstall. `message` is for a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RateLimited(Exception):
    """The platform asked to wait `retry_after` seconds before the next history call."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate limited for {retry_after:.0f} s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class HistoryPage:
    """One history call's answer: people's and bots' messages, the cursor of the next page
    (None: this period is read whole), threads that started in it and have replies to read,
    and how many messages the period holds when the platform says so."""

    messages: list[ChatMessage]
    cursor: str | None = None
    threads: tuple[str, ...] = ()
    expected: int | None = None
    capped: int | None = None  # fewer served than asked, with more to come: the cap


class HistoryPager(Protocol):
    """A platform's history one call at a time, for filling the record's gaps within the
    platform's budget: `interval` seconds between calls, at most `per_call` messages each.
    Raises RateLimited, or a UserError the chair can act on (not in the channel, …)."""

    platform: Platform
    interval: float
    per_call: int

    def page(
        self,
        where: Where,
        *,
        thread_id: str | None,
        oldest: datetime,
        latest: datetime,
        cursor: str | None,
        limit: int | None = None,
    ) -> HistoryPage: ...


@dataclass(frozen=True)
class FillStatus:
    state: str  # "done", "waiting" (goes on in the background), "failed"
    text: str


class GapFiller(Protocol):
    """Fills the record's gaps from a platform's history, paced, resumable (bot/record/).
    `workspace`: whose token and budget read its jobs (a Slack team on an OAuth install)."""

    workspace: str

    def start_job(
        self,
        group_id: int,
        where: Where,
        periods: list[tuple[str | None, datetime, datetime]],
        *,
        kind: str,
        actor: str,
        request: str | None = None,
    ) -> int: ...

    def try_now(self, job_id: int) -> FillStatus: ...

    def wake(self) -> None:
        """A job was queued: look for it now rather than at the next poll."""


class WebLinks(Protocol):
    """The web as a command speaks of it (bot/web/ implements it from its own settings): whether
    a link to the MAG board can be made and how long it lasts, and where a group's public page
    is. A process without the web hands none: the commands then say it is not set up."""

    @property
    def board_ready(self) -> bool:
        """Board links can be made here: a secret signs them and a public URL is set."""
        ...

    @property
    def board_lifetime(self) -> timedelta:
        """How long a link to the board opens it."""
        ...

    def page_url(self, group_id: int) -> str | None:
        """A group's public page, or None when no public URL is set."""
        ...


def _no_progress(_text: str) -> None:
    return None


@dataclass
class Services:
    """Platform services handed to one command run. All optional: a command that needs one
    the front end does not offer says so in a clear reply."""

    progress: Callable[[str], None] = _no_progress
    history: HistoryReader | None = None
    delivery: DeliveryPort | None = None
    # Since when this front end has been receiving the platform's messages into the record
    # (None: it receives none): the record vouches for that period without history reads.
    live_since: datetime | None = None
    # Reads the record's gaps from the platform within its budget, in the background; when
    # set, /summarize uses it instead of `history` for gaps.
    filler: GapFiller | None = None
    # The process's delivery ports, one per platform (bot/frontends/registry.py): a command
    # that sends outside its reply (`/wg email`'s code) finds its port here. The dispatcher
    # adds its own to those a front end hands over.
    deliveries: Mapping[Platform, DeliveryPort] = field(default_factory=dict)
    # The process's web (bot/web/), when it has one; the dispatcher adds it as it adds
    # `deliveries`.
    web: WebLinks | None = None
    extras: dict[str, object] = field(default_factory=dict)
