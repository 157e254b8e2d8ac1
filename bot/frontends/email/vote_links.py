"""Signed one-click vote links in mail to people (vote reminders): each Agree / Disagree /
Pass button becomes a link that casts that vote for the person the mail went to, and for
nobody else. Signed, read and refused as the nudge links are (signing.py), under a salt of
its own so a nudge token is never a vote token. Mail to a list address gets no links: the
buttons stay labels there (a list reaches people the bot cannot tell apart)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.core.messages import Button, Reply
from bot.core.ports import Recipient, RecipientKind
from bot.frontends.email.render import LinkFor
from bot.frontends.email.signing import Refusals, SignedLinks

VOTE_PATH = "/email/vote"
VOTE_PREFIX = "vote"
CHOICES = ("agree", "disagree", "pass")
LABEL_OF = {"agree": "Agree", "disagree": "Disagree", "pass": "Pass"}


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


class VoteLinks(SignedLinks[VoteLink]):
    path, salt = VOTE_PATH, "wgbot.vote-link.v1"
    refusals = Refusals(
        "vote link",
        "the reminder email",
        "vote from your latest reminder, or with `/wg vote` in the group's channel.",
    )

    def token(self, address: str, choice: str, statement_id: int) -> str:
        return self.sign([address, choice, statement_id])

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

    def read(self, payload: list[Any], issued: datetime) -> VoteLink | None:
        if len(payload) != 3:
            return None
        address, choice, statement_id = payload
        if isinstance(address, str) and choice in CHOICES and isinstance(statement_id, int):
            return VoteLink(address, choice, statement_id, issued)
        return None
