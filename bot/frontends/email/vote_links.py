"""Signed one-click vote links in mail to people (vote reminders): each Agree / Disagree /
Pass button becomes a link that casts that vote for the person the mail went to, and for
nobody else. Same scheme as the nudge links (links.py: itsdangerous, HMAC-SHA256, timestamped,
WGBOT_EMAIL_LINK_SECRET, rotation), under a salt of its own so a nudge token is never a vote
token. Mail to a list address gets no links: the buttons stay labels there (a list reaches
people the bot cannot tell apart)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from itsdangerous import BadData, SignatureExpired

from bot.clock import Clock, system_clock
from bot.core.messages import Button, Reply
from bot.core.ports import Recipient, RecipientKind
from bot.frontends.email.render import LinkFor
from bot.frontends.email.signing import timed_serializer

VOTE_PATH = "/email/vote"
VOTE_LIFETIME = timedelta(days=14)  # a newer reminder follows before a link expires
VOTE_PREFIX = "vote"
CHOICES = ("agree", "disagree", "pass")
LABEL_OF = {"agree": "Agree", "disagree": "Disagree", "pass": "Pass"}
_SALT = "wgbot.vote-link.v1"


class VoteRefused(Exception):
    def __init__(self, message: str, *, expired: bool = False) -> None:
        super().__init__(message)
        self.expired = expired


@dataclass(frozen=True)
class VoteLink:
    """What a verified vote link says: this address votes so on this statement."""

    address: str
    choice: str
    statement_id: int
    issued: datetime

    @property
    def action_id(self) -> str:
        return f"{VOTE_PREFIX}:{self.choice}"

    @property
    def value(self) -> str:
        return f"{self.choice}:{self.statement_id}"


class VoteLinks:
    def __init__(
        self,
        secrets: Sequence[str],
        public_url: str,
        *,
        clock: Clock = system_clock,
        lifetime: timedelta = VOTE_LIFETIME,
    ) -> None:
        self.serializer = timed_serializer(secrets, _SALT, clock)
        self.base = public_url.rstrip("/")
        self.lifetime = lifetime

    def token(self, address: str, choice: str, statement_id: int) -> str:
        return str(self.serializer.dumps([address, choice, statement_id]))

    def url(self, token: str) -> str:
        return f"{self.base}{VOTE_PATH}?{urlencode({'t': token})}"

    def for_reply(self, to: Recipient, reply: Reply) -> LinkFor | None:
        """Links for mail to one person that carries vote buttons; None otherwise."""
        if to.kind is not RecipientKind.USER:
            return None
        if not any(b.action_id.startswith(f"{VOTE_PREFIX}:") for b in reply.buttons):
            return None

        def link_for(button: Button) -> str | None:
            prefix, _, choice = button.action_id.partition(":")
            value_choice, _, statement = button.value.partition(":")
            if prefix != VOTE_PREFIX or choice not in CHOICES or value_choice != choice:
                return None
            if not statement.isdigit():
                return None
            return self.url(self.token(to.id, choice, int(statement)))

        return link_for

    def verify(self, token: str) -> VoteLink:
        try:
            payload, stamp = self.serializer.loads(
                token, max_age=int(self.lifetime.total_seconds()), return_timestamp=True
            )
        except SignatureExpired:
            raise VoteRefused(
                f"This vote link has expired (links last {self.lifetime.days} days): vote "
                "from your latest reminder, or with `/wg vote` in the group's channel.",
                expired=True,
            ) from None
        except BadData:
            raise VoteRefused(
                "This vote link is not valid: it may have been cut or changed. Open it again "
                "from the reminder email."
            ) from None
        if not (
            isinstance(payload, list)
            and len(payload) == 3
            and isinstance(payload[0], str)
            and payload[1] in CHOICES
            and isinstance(payload[2], int)
        ):
            raise VoteRefused("This vote link is not valid: open it again from the reminder email.")
        address, choice, statement_id = payload
        return VoteLink(address, choice, statement_id, stamp)
