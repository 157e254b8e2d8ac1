"""Signed one-click answer links in nudge emails (commit, snooze, step down).

A link carries its own authority: the group, the sponsor (id and address), the nudge (its
delivery period) and the answer, signed with WGBOT_EMAIL_LINK_SECRET and stamped with the
moment it was made, so it expires. itsdangerous (Pallets) signs it: HMAC-SHA256 with a salted
key derivation, a timestamp, constant-time comparison and key rotation (several secrets) —
the parts a hand-rolled `hmac` token format would have to get right one by one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from itsdangerous import BadData, SignatureExpired

from bot.clock import Clock, system_clock
from bot.core.delivery_tags import DELIVERY_KEY
from bot.core.messages import Button, Reply
from bot.core.ports import Recipient
from bot.frontends.email.render import LinkFor
from bot.frontends.email.signing import timed_serializer
from bot.frontends.email.vote_links import VoteLinks
from commands.nudges import COMMIT, PREFIX, SNOOZE, STEP_DOWN

LINK_LIFETIME = timedelta(days=14)  # two weekly nudges: an older one has a newer twin
ANSWER_PATH = "/email/answer"
VERBS = (COMMIT, SNOOZE, STEP_DOWN)
_SALT = "wgbot.nudge-answer.v1"


class LinkRefused(Exception):
    """A link that cannot act: `expired` says whether it was genuine but too old."""

    def __init__(self, message: str, *, expired: bool = False) -> None:
        super().__init__(message)
        self.expired = expired


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


class LinkSigner:
    def __init__(
        self,
        secrets: Sequence[str],
        public_url: str,
        *,
        clock: Clock = system_clock,
        lifetime: timedelta = LINK_LIFETIME,
    ) -> None:
        """`secrets`: the current one first; older ones still verify (rotation)."""

        self.serializer = timed_serializer(secrets, _SALT, clock)
        self.base = public_url.rstrip("/")
        self.lifetime = lifetime
        self.votes = VoteLinks(secrets, public_url, clock=clock)  # vote reminders' buttons

    # -- making links (the delivery port's Links) --------------------------------------------

    def token(self, group_id: int, sponsor_id: int, address: str, period: str, verb: str) -> str:
        return str(self.serializer.dumps([group_id, sponsor_id, address, period, verb]))

    def url(self, token: str) -> str:
        return f"{self.base}{ANSWER_PATH}?{urlencode({'t': token})}"

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

    # -- reading them (the HTTP endpoint) ------------------------------------------------------

    def verify(self, token: str) -> LinkAnswer:
        try:
            payload, stamp = self.serializer.loads(
                token, max_age=int(self.lifetime.total_seconds()), return_timestamp=True
            )
        except SignatureExpired:
            raise LinkRefused(
                "This link has expired (links last "
                f"{self.lifetime.days} days): answer from your latest nudge email.",
                expired=True,
            ) from None
        except BadData:
            raise LinkRefused(
                "This link is not valid: it may have been cut or changed. Open it again "
                "from the nudge email."
            ) from None
        if not _well_formed(payload):
            raise LinkRefused("This link is not valid: open it again from the nudge email.")
        group_id, sponsor_id, address, period, verb = payload
        return LinkAnswer(group_id, sponsor_id, address, period, verb, stamp)


def _well_formed(payload: object) -> bool:
    """Signed by us, so well formed unless an old format: checked all the same."""
    if not isinstance(payload, list) or len(payload) != 5:
        return False
    group_id, sponsor_id, address, period, verb = payload
    return (
        isinstance(group_id, int)
        and isinstance(sponsor_id, int)
        and isinstance(address, str)
        and isinstance(period, str)
        and verb in VERBS
    )
