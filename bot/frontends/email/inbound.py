"""List mail in: one raw message → the discussion record of the group bound to its list.

Every source (the IMAP poller, the LMTP endpoint) hands raw bytes to `Inbound.ingest`, which
decodes (mime.decode_post), routes (the list binding named by List-Id, List-Post, To or Cc;
mail to the bot's own address goes to the reply-by-keyword handler), takes the message in
once (a hash of its Message-ID is claimed in the same transaction that writes the record, so
a re-poll, a second source or a restart counts nothing twice), keeps it in the record
(platform email, channel = list address, thread = the thread's first Message-ID), and counts
the outcome per list for `wgbot email status`.

Posts from people who did not link their address to a member are kept in the record (the
list archive is the group's own discussion, and summaries read it), but they are no member's
voice: coverage counts them with the other non-members' messages.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from email import policy
from email.parser import BytesHeaderParser

from bot.clock import Clock, system_clock
from bot.comment_round import take_comments_to_bot, take_list_comments
from bot.core.settings import CoreSettings
from bot.domain.addresses import normalise_address
from bot.domain.list_threads import EMAIL_THREAD, MAX_ID, record_id
from bot.ground.normalise import excerpt
from bot.mail.archive import permalink
from bot.mail.headers import address_list, header_text
from bot.mail.mime import Post, Skipped, decode_post
from bot.mail.settings import mail_settings
from bot.mail.threads import thread_id
from storage.database import Database
from storage.record.repo import Said
from storage.store import Store

log = logging.getLogger(__name__)

EMAIL = "email"
UNROUTED = ""  # the counters' list address for what matches no bound list
_PEEK = 64 * 1024


class Outcome:
    COUNTED = "counted"  # kept in the record, a member's voice
    NON_MEMBER = "non_member"  # kept in the record, nobody's voice
    DUPLICATE = "duplicate"  # taken in before: nothing changes
    TO_BOT = "to_bot"  # addressed to the bot itself: a reply by keyword
    NOT_A_LIST = "not_a_list"  # no bound list named it


@dataclass(frozen=True)
class IngestResult:
    outcome: str
    lists: tuple[str, ...] = ()
    message_id: str | None = None
    detail: str = ""


ReplyHandler = Callable[[Post], object]


def thread_root(post: Post) -> str | None:
    """The thread's first message (bot/mail/threads.thread_id), None for a thread's start."""
    root = thread_id(post)
    return None if root == post.message_id else root


def thread_key(store: Store, post: Post) -> str:
    """The record's key of the post's thread (its first message): a reply that names only its
    parent (no References, an old client) takes the thread the record filed the parent in."""
    if not post.references and post.in_reply_to:
        known = store.list_threads.root_of(record_id(post.in_reply_to))
        if known is not None:
            return known
    return record_id(thread_id(post))


def message_key(message_id: str | None, raw: bytes) -> str:
    data = message_id.encode("utf-8", "replace") if message_id else b"raw:" + raw
    return hashlib.sha256(data).hexdigest()


def _peek_addresses(raw: bytes) -> tuple[str | None, tuple[str, ...]]:
    """List-Id and the addresses of a message that is no post (for its list's counter)."""
    try:
        head = BytesHeaderParser(policy=policy.default).parsebytes(raw[:_PEEK])
        list_id = header_text(head, "List-Id") or ""
        found = list_id.rsplit("<", 1)[-1].rstrip("> \t").lower() if "<" in list_id else None
        names = ("List-Post", "To", "Cc")
        addresses = tuple(a for n in names for a in address_list(header_text(head, n)))
        return found, addresses
    except Exception:  # an unreadable header only means the counter is unrouted
        return None, ()


def address_key(address: str) -> str:
    """Addresses as identities spell them (bot/domain/addresses.py): all lower case."""
    return address.lower()


def list_id_of(address: str) -> str:
    """Mailman's List-Id for a list address: `bpf@lists.example.org` → `bpf.lists.example.org`."""
    return address.replace("@", ".", 1)


def said_for(post: Post, address: str, now: datetime, archive_url: str | None) -> Said:
    """A post as the record of the group bound to `address` keeps it (live mail and an
    imported archive alike: the same ids, so neither counts a post the other took in)."""
    root = thread_root(post)
    text = post.text
    if root is None and post.subject:  # a thread's subject says what it is about
        text = f"{post.subject}\n\n{text}" if text else post.subject
    return Said(
        platform=EMAIL,
        channel_id=address,
        thread_id=record_id(root) if root else None,
        message_id=record_id(post.message_id),
        user_id=address_key(post.sender)[:MAX_ID],
        user_name=post.sender_name,
        text=text or None,
        at=min(post.date, now),  # a sender's clock ahead never keeps a post "recent"
        permalink=permalink(post.message_id, archive_url),
    )


def voice(store: Store, group_id: int, post: Post) -> str:
    """COUNTED when the sender linked their address and is a member of the group."""
    author = address_key(post.sender)
    linked = store.email.identities_for([author]).get(author)
    member = linked is not None and store.members.get(group_id, *linked) is not None
    return Outcome.COUNTED if member else Outcome.NON_MEMBER


class Inbound:
    """One per process; `ingest` is safe from several threads (a transaction each)."""

    def __init__(
        self,
        database: Database,
        settings: CoreSettings,
        clock: Clock = system_clock,
        *,
        on_reply: ReplyHandler | None = None,
    ) -> None:
        self.database = database
        self.settings = settings
        self.mail = mail_settings(settings)
        self.clock = clock
        self.on_reply = on_reply
        self.own_address = normalise_address(self.mail.wgbot_email_from or "")

    def ingest(self, raw: bytes, *, source: str) -> IngestResult:
        """Take one message in. A skip is an outcome, never an exception: this raises only
        when the database fails (the source then keeps the message for a retry)."""
        decoded = decode_post(raw, max_bytes=self.mail.wgbot_email_max_bytes)
        if isinstance(decoded, Skipped):
            result = self._skip(decoded, raw, source)
        else:
            result = self._post(decoded, raw, source)
        if result.outcome == Outcome.DUPLICATE:
            log.debug("email from %s: %s already taken in", source, result.message_id)
        elif result.outcome not in (Outcome.COUNTED, Outcome.NON_MEMBER):
            log.info(
                "email from %s skipped (%s): %s [%s]",
                source,
                result.outcome,
                result.detail,
                excerpt(result.message_id or "no Message-ID", 80),
            )
        return result

    # -- the two kinds of message ----------------------------------------------------------

    def _route(self, store: Store, list_id: str | None, addresses: tuple[str, ...]) -> list[str]:
        """The bound lists this message names (List-Id first, then List-Post / To / Cc)."""
        bound = {address: group.id for address, group in store.email.lists()}
        named = {address_key(a) for a in addresses}
        return [
            address
            for address in bound
            if (list_id is not None and list_id == list_id_of(address)) or address in named
        ]

    def _skip(self, skipped: Skipped, raw: bytes, source: str) -> IngestResult:
        reason = str(skipped.reason.value)
        now = self.clock()
        list_id, addresses = _peek_addresses(raw)
        with self.database.session() as session:
            store = Store(session)
            if not store.email.claim_message(message_key(skipped.message_id, raw), reason, now):
                return IngestResult(Outcome.DUPLICATE, message_id=skipped.message_id)
            lists = self._route(store, list_id, addresses) or [UNROUTED]
            for address in lists:
                store.email.count(address, reason, now)
            store.email.source_delivered(source, now)
        shown = tuple(a for a in lists if a != UNROUTED)
        return IngestResult(reason, shown, skipped.message_id, skipped.detail)

    def _post(self, post: Post, raw: bytes, source: str) -> IngestResult:
        now = self.clock()
        addresses = (*((post.list_post,) if post.list_post else ()), *post.to, *post.cc)
        to_bot = commented = False
        with self.database.session() as session:
            store = Store(session)
            key = message_key(post.message_id, raw)
            if not store.email.claim_message(key, Outcome.NOT_A_LIST, now):
                return IngestResult(Outcome.DUPLICATE, message_id=post.message_id)
            lists = self._route(store, post.list_id, addresses)
            if not lists:
                to_bot = self.own_address is not None and self.own_address in {
                    address_key(a) for a in addresses
                }
                outcome = Outcome.TO_BOT if to_bot else Outcome.NOT_A_LIST
                if to_bot:  # `N:` lines on the draft open for comments (docs/cycle.md)
                    at = min(post.date, now)
                    sender = address_key(post.sender)
                    commented = (
                        take_comments_to_bot(store, sender, post.text, post.sender_name, at) > 0
                    )
                store.email.set_outcome(key, outcome)
                store.email.count(UNROUTED, outcome, now)
            else:
                outcome = self._keep(store, post, lists, now)
                store.email.set_outcome(key, outcome)
            store.email.source_delivered(source, now)
        if to_bot and not commented:
            self._reply(post)
        detail = "" if lists or to_bot else "no bound list in List-Id, List-Post, To or Cc"
        return IngestResult(outcome, tuple(lists), post.message_id, detail)

    def _keep(self, store: Store, post: Post, lists: list[str], now: datetime) -> str:
        """Keep the post in each bound list's group record; counted when it is a member's."""
        keep_after = now - timedelta(days=self.settings.wgbot_record_days)
        best = Outcome.NON_MEMBER
        key = thread_key(store, post)
        owner = store.groups.by_channel(EMAIL_THREAD, key)  # a list thread with its own group
        for address in lists:
            group = owner or store.groups.by_channel(EMAIL, address)
            if group is None or group.id is None:
                continue
            said = said_for(post, address, now, self.mail.wgbot_list_archive_url)
            if said.message_id != key and said.thread_id != key:
                said = replace(said, thread_id=key)  # a reply naming only its parent
            store.record.add_from_history(group.id, [said], keep_after)
            # `N:` lines comment on the draft open for comments (docs/cycle.md).
            sender = address_key(post.sender)
            take_list_comments(store, group, post.text, sender, post.sender_name, said.at)
            outcome = voice(store, group.id, post)
            if outcome == Outcome.COUNTED:
                best = Outcome.COUNTED
            store.email.count(address, outcome, now)
        return best

    def _reply(self, post: Post) -> None:
        if self.on_reply is None:
            log.info("email to the bot from %s: no reply handler here", post.sender)
            return
        try:
            self.on_reply(post)
        except Exception:  # one reply that fails must not stop the source
            log.exception("answering the email %s failed", excerpt(post.message_id, 80))
