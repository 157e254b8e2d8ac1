"""The discussion record's entry points for front ends (docs/record.md): a chat message kept,
edited, completed or deleted, each in one transaction of its own. Mixed into the Dispatcher,
whose database and clock they use."""

from __future__ import annotations

import uuid
from datetime import datetime

from bot.clock import Clock
from bot.core.dedupe import Dedupe
from bot.core.identity import clean_actor, clean_where, group_of
from bot.core.messages import Actor, Where
from bot.ground.normalise import tidy
from storage.database import Database
from storage.record.repo import Said
from storage.store import Store

MAX_MESSAGE = 40_000  # Slack's own limit on a message's text


def record_text(text: str | None) -> str | None:
    """Chat text as the record keeps it: the one input boundary's `tidy` (never refused:
    control characters dropped, invisible ones removed, NFC)."""
    return None if text is None else tidy(text, prose=True, max_length=MAX_MESSAGE)


def record_name(text: str) -> str:
    return tidy(text, max_length=200)


class RecordEntryPoints:
    database: Database
    clock: Clock

    def record_message(
        self,
        actor: Actor,
        where: Where,
        at: datetime | None = None,
        *,
        dedupe: Dedupe | None = None,
        message_id: str | None = None,
        text: str | None = None,
        permalink: str | None = None,
    ) -> bool:
        """Keep a chat message in the group's discussion record (the words only where the
        channel did not opt out; `text` None: only that this person spoke), which is also
        what voices heard counts. One transaction: `dedupe` (the front end's delivery id, e.g.
        Slack's event_id) is claimed in it, and the message is stored once per platform message id,
        so a redelivery or a second process counts it once, and a failure before the commit
        leaves both unclaimed for the redelivery. True if it was new to a bound channel."""
        moment = at or self.clock()
        actor, where = clean_actor(actor), clean_where(where)
        with self.database.session() as session:
            store = Store(session)
            if dedupe is not None and not dedupe.claim(store, self.clock()):
                return False
            group = group_of(store, where)
            if group is None or group.id is None:
                store.changes_only_record_of(None)  # only the delivery id: no reply changes
                return False
            store.changes_only_record_of(group.id)
            message = message_id or uuid.uuid4().hex
            thread = where.thread_id if where.thread_id != message else None
            said = Said(
                platform=where.platform.value,
                channel_id=where.channel_id,
                thread_id=thread,
                message_id=message,
                user_id=actor.user_id,
                user_name=record_name(actor.display_name),
                text=record_text(text),
                at=moment,
                permalink=permalink,
            )
            return store.record.add(group.id, said)

    def record_edit(
        self, where: Where, message_id: str, text: str, at: datetime | None = None
    ) -> bool:
        """An edited message: the record keeps the new words (where it keeps words)."""
        with self.database.session() as session:
            channel = where.channel_id or None
            words = record_text(text) or ""
            return Store(session).record.edit(
                where.platform.value, channel, message_id, words, at or self.clock()
            )

    def record_details(
        self, where: Where, message_id: str, user_name: str, permalink: str | None
    ) -> None:
        """A name or permalink learnt after the message was kept (never over kept-out words)."""
        with self.database.session() as session:
            Store(session).record.complete(
                where.platform.value,
                where.channel_id,
                message_id,
                record_name(user_name),
                permalink,
            )

    def record_delete(self, where: Where, message_ids: list[str]) -> int:
        """Deleted messages leave the record (their words and their count)."""
        with self.database.session() as session:
            channel = where.channel_id or None
            return Store(session).record.delete(where.platform.value, channel, message_ids)
