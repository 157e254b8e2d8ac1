"""Signed one-click answer links in nudge emails (commit, snooze, step down).

A link carries its own authority: the group, the sponsor (id and address), the nudge (its
delivery period) and the answer, signed with WGBOT_EMAIL_LINK_SECRET and stamped with the
moment it was made, so it expires. How links are signed, read and refused is signing.py's,
shared with the vote links (vote_links.py); the signer here also holds those.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.clock import Clock, system_clock
from bot.core.delivery_tags import DELIVERY_KEY
from bot.core.messages import Button, Reply
from bot.core.ports import Recipient
from bot.frontends.email.render import LinkFor
from bot.frontends.email.signing import Refusals, SignedLinks
from bot.frontends.email.vote_links import VoteLinks
from commands.nudges import COMMIT, PREFIX, SNOOZE, STEP_DOWN

ANSWER_PATH = "/email/answer"
VERBS = (COMMIT, SNOOZE, STEP_DOWN)


@dataclass(frozen=True)
class LinkAnswer:
    """What a verified link says: this sponsor answers this nudge of this group so."""

    group_id: int
    sponsor_id: int
    address: str
    period: str
    verb: str
    issued: datetime


def nudge_period(reply: Reply) -> str | None:
    """The delivery period (ISO week) of a nudge, from its delivery key."""
    parts = reply.metadata.get(DELIVERY_KEY, "").split("|")
    return parts[3] if len(parts) == 4 and parts[0] == "nudge" else None


class LinkSigner(SignedLinks[LinkAnswer]):
    """The nudge answer links, and (`votes`) the vote links: the delivery port's Links."""

    path, salt = ANSWER_PATH, "wgbot.nudge-answer.v1"
    refusals = Refusals("link", "the nudge email", "answer from your latest nudge email.")

    def __init__(
        self, secrets: Sequence[str], public_url: str, *, clock: Clock = system_clock
    ) -> None:
        super().__init__(secrets, public_url, clock=clock)
        self.votes = VoteLinks(secrets, public_url, clock=clock)  # vote reminders' buttons

    def token(self, group_id: int, sponsor_id: int, address: str, period: str, verb: str) -> str:
        return self.sign([group_id, sponsor_id, address, period, verb])

    def for_reply(self, to: Recipient, reply: Reply) -> LinkFor | None:
        period = nudge_period(reply)
        if period is None:
            return self.votes.for_reply(to, reply)

        def link_for(button: Button) -> str | None:
            verb, _, rest = button.value.partition(":")
            group, _, sponsor = rest.partition(":")
            if button.action_id != f"{PREFIX}:{verb}" or verb not in VERBS:
                return None
            if not (group.isdigit() and sponsor.isdigit()):
                return None
            return self.url(self.token(int(group), int(sponsor), to.id, period, verb))

        return link_for

    def read(self, payload: list[Any], issued: datetime) -> LinkAnswer | None:
        if len(payload) != 5:
            return None
        group_id, sponsor_id, address, period, verb = payload
        if not (
            isinstance(group_id, int)
            and isinstance(sponsor_id, int)
            and isinstance(address, str)
            and isinstance(period, str)
            and verb in VERBS
        ):
            return None
        return LinkAnswer(group_id, sponsor_id, address, period, verb, issued)
