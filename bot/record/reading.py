"""/summarize reads the record; the platform's history is asked only for the periods the
record lacks (before the bot was bound or listening, a downtime), and what it returns is
kept in the record, so the same period is never read twice."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.core.messages import Where
from bot.core.ports import CappedRead, ChatMessage, HistoryQuery, HistoryReader
from bot.core.recording import record_name, record_text
from bot.domain.addresses import shown_name
from bot.mail.paragraphs import unwrap
from bot.record.gaps import REDELIVERY_GRACE, id_time, listened, missing
from storage.record.gaps import Period
from storage.record.models import RecordMessage
from storage.record.repo import Said
from storage.store import Store

EMAIL = "email"  # list mail's platform in the record (bot/frontends/email/inbound.py)

OLDEST_THREAD = timedelta(days=366)  # a thread whose start cannot be told is read this far


@dataclass(frozen=True)
class Wanted:
    """What a summary reads: a channel since a moment, or one thread."""

    where: Where
    since: datetime | None
    thread_id: str | None

    @property
    def platform(self) -> str:
        return self.where.platform.value


def start_of(store: Store, wanted: Wanted, now: datetime) -> datetime:
    """When the wanted discussion starts: its period's start, or its thread's first message."""
    return _start(store, wanted, now)


def _start(store: Store, wanted: Wanted, now: datetime) -> datetime:
    if wanted.thread_id is None:
        return wanted.since or now - OLDEST_THREAD
    at = store.record.message_at(wanted.platform, wanted.where.channel_id, wanted.thread_id)
    return at or id_time(wanted.platform, wanted.thread_id) or now - OLDEST_THREAD


def gaps(store: Store, wanted: Wanted, now: datetime, live_since: datetime | None) -> list[Period]:
    """The periods of `wanted` the record cannot vouch for."""
    start = _start(store, wanted, now)
    if start >= now:
        return []
    channel = wanted.where.channel_id
    bound_at = store.record_gaps.bound_at(wanted.platform, channel) or now
    heard = store.record_gaps.listening(wanted.platform, start - REDELIVERY_GRACE)
    if live_since is not None:
        heard.append(Period(live_since, now))
    covered = listened(heard, bound_at)
    covered += store.record_gaps.spans(wanted.platform, channel, wanted.thread_id)
    return missing(Period(start, now), covered)


def said_of(message: ChatMessage, where: Where) -> Said:
    thread = message.thread_id
    if thread in (message.id, where.channel_id):  # a thread's first message, or no thread
        thread = None
    return Said(
        platform=where.platform.value,
        channel_id=where.channel_id,
        thread_id=thread,
        message_id=message.id,
        user_id=message.user_id,
        user_name=record_name(message.user_name),
        text=record_text(message.text),
        at=message.at,
        permalink=message.permalink,
    )


def fill_inline(
    transaction: Callable[[], AbstractContextManager[Store]],
    history: HistoryReader,
    wanted: Wanted,
    group_id: int,
    periods: list[Period],
    keep_after: datetime,
) -> list[str]:
    """Read each missing period from the platform at once and keep it (for platforms whose
    history budget allows it). A read cut short at the reader's cap is kept but never
    vouched for as a span: returns what was not read, one line each, for the draft."""
    unread: list[str] = []
    for period in periods:
        read = history.read(HistoryQuery(wanted.where, period.start, wanted.thread_id))
        people = [said_of(m, wanted.where) for m in read if not m.is_bot]
        with transaction() as store:
            store.record.add_from_history(group_id, people, keep_after)
            if isinstance(read, CappedRead):
                unread.append(capped_note(read, period))
                continue
            store.record_gaps.add_span(
                wanted.platform, wanted.where.channel_id, wanted.thread_id, period.start, period.end
            )
    return unread


def capped_note(read: CappedRead, period: Period) -> str:
    """What a read cut short at the reader's cap left out, in words for the draft."""
    left = f"{read.unread} more messages" if read.unread else "older messages"
    return (
        f"Read {len(read)} messages from {period.start:%Y-%m-%d %H:%M} to "
        f"{period.end:%Y-%m-%d %H:%M} UTC and stopped at the reading cap: {left} in that "
        "period were not read, so this draft does not cover them."
    )


def chat_message(row: RecordMessage) -> ChatMessage:
    return ChatMessage(
        id=row.message_id,
        user_id=row.user_id,
        # A list sender kept before names were read as written may be named by an address.
        user_name=shown_name(row.user_name or row.user_id)
        if row.platform == EMAIL
        else row.user_name or row.user_id,
        # List mail kept before paragraphs were joined at decoding: join them now (chat keeps
        # its line breaks).
        text=unwrap(row.text or "") if row.platform == EMAIL else row.text or "",
        at=row.at,
        permalink=row.permalink,
        thread_id=row.thread_id,
    )


def read(store: Store, wanted: Wanted, limit: int, group_id: int) -> list[ChatMessage]:
    """The kept words of a thread or a period that belong to the group, oldest first (the
    newest `limit`): a thread bound to another group is that group's, never read here."""
    channel = wanted.where.channel_id
    if wanted.thread_id is not None:
        rows = store.record.thread(
            wanted.platform, channel, wanted.thread_id, limit, group_id=group_id
        )
    else:
        since = wanted.since or datetime(1970, 1, 1, tzinfo=UTC)
        rows = store.record.period(wanted.platform, channel, since, limit=limit, group_id=group_id)
    return [chat_message(r) for r in rows if r.text]
