"""The email DeliveryPort: nudges, reminders and warnings sent by SMTP to a person's address
(an email-only sponsor) or to a list address (a group bound to its mailing list).

Each message has a Message-ID derived from its delivery key, so a resend after a crash
between the server's acceptance and the delivery row is recognisably the same message (mail
clients and Mailman collapse duplicates by Message-ID), and a reply to it names the nudge it
answers (replies.py). SMTP has no way to ask whether a message already went out, so this port
offers no `find_sent` (docs/email.md).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from datetime import datetime
from email.headerregistry import Address
from email.utils import make_msgid, parseaddr
from typing import Protocol

from bot.clock import Clock, system_clock
from bot.core.delivery_tags import DELIVERY_KEY
from bot.core.messages import Platform, Reply
from bot.core.ports import DeliveryError, Recipient
from bot.frontends.email.addresses import InvalidAddress, address_domain, parse_address
from bot.frontends.email.render import IN_REPLY_TO, Envelope, LinkFor, render_email
from bot.frontends.email.smtp import SmtpConfig, send_message

REPLY_HINT = (
    "You can also answer by replying to this email with one word on the first line: "
    "commit, snooze or step down."
)
REPLY_ONLY_HINT = (
    "Answer by replying to this email with one word on the first line: commit, snooze or step down."
)


class Links(Protocol):
    """Makes a reply's buttons into links for one recipient (signed one-click answers)."""

    def for_reply(self, to: Recipient, reply: Reply) -> LinkFor | None: ...


def message_id_for(delivery_key: str, domain: str, secret: bytes | None) -> str:
    """The same key gives the same Message-ID; with WGBOT_EMAIL_LINK_SECRET nobody who has not
    seen the message can guess it. There is no built-in key: without the secret the ID is a
    plain hash, guessable, and the bot answers no mail (background.require_answer_secret)."""
    if secret:
        tag = hmac.new(secret, delivery_key.encode(), hashlib.sha256).hexdigest()[:32]
    else:
        tag = hashlib.sha256(delivery_key.encode()).hexdigest()[:32]
    kind = "".join(c for c in delivery_key.split("|", 1)[0] if c.isalnum())[:20] or "msg"
    return f"<wgbot.{kind}.{tag}@{domain}>"


def sender_address(value: str) -> Address:
    """WGBOT_EMAIL_FROM, `wgbot@igf.example` or `IGF wgbot <wgbot@igf.example>`."""
    name, addr = parseaddr(value)
    try:
        address = parse_address(addr or value)
    except InvalidAddress as exc:
        raise ValueError(f"WGBOT_EMAIL_FROM={value[:80]!r}: {exc}") from None
    local, _, domain = address.rpartition("@")
    return Address(display_name=" ".join(name.split())[:80], username=local, domain=domain)


class EmailDelivery:
    platform = Platform.EMAIL

    def __init__(
        self,
        config: SmtpConfig,
        sender: Address,
        *,
        secret: bytes | None = None,
        links: Links | None = None,
        clock: Clock = system_clock,
        transport: Callable[..., None] = send_message,
    ) -> None:
        self.config = config
        self.sender = sender
        self.secret = secret
        self.links = links
        self.clock = clock
        self.transport = transport

    @property
    def domain(self) -> str:
        return address_domain(self.sender.addr_spec)

    def message_id(self, reply: Reply) -> str:
        key = reply.metadata.get(DELIVERY_KEY)
        if key is None:
            return make_msgid("wgbot", domain=self.domain)
        return message_id_for(key, self.domain, self.secret)

    def send(self, to: Recipient, reply: Reply) -> str:
        if to.platform is not Platform.EMAIL:
            raise DeliveryError(f"{to.platform} recipient handed to email", permanent=True)
        try:
            address = parse_address(to.id)
        except InvalidAddress as exc:
            raise DeliveryError(
                f"{to.id[:80]!r} is not an address: {exc}", permanent=True
            ) from None
        links = self.links.for_reply(to, reply) if self.links else None
        message_id = self.message_id(reply)
        envelope = Envelope(
            sender=self.sender,
            recipient=address,
            message_id=message_id,
            date=self._now(),
            link_for=links,
            reply_hint=(REPLY_HINT if links else REPLY_ONLY_HINT) if _is_nudge(reply) else None,
            in_reply_to=reply.metadata.get(IN_REPLY_TO),
        )
        self.transport(self.config, render_email(reply, envelope), address)
        return message_id

    def _now(self) -> datetime:
        return self.clock()


def _is_nudge(reply: Reply) -> bool:
    return any(b.action_id.startswith("nudge:") for b in reply.buttons)
