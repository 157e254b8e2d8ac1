"""Signed one-click links of the email front end, both kinds (nudge answers in links.py, votes
in vote_links.py): how a token is made, how its URL looks, and how a token is read back or
refused.

itsdangerous (Pallets) signs them: its timed serializer, HMAC-SHA256 with a salted key
derivation, a timestamp, constant-time comparison and key rotation (the current secret first,
older ones still verify): the parts a hand-rolled `hmac` token format would have to get right
one by one. The time is read from the bot's clock so tests can age a link. Each kind of link
has its own salt, so a token made for one never verifies as another."""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar, Generic, TypeVar
from urllib.parse import urlencode

from itsdangerous import BadData, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from bot.clock import Clock, system_clock

MAX_TOKEN = 1000  # longer than any token we make: refused before it is read
LINK_LIFETIME = timedelta(days=14)  # two weekly mails: an older link has a newer twin

T = TypeVar("T")


class LinkRefused(Exception):
    """A link that cannot act: `expired` says whether it was genuine but too old."""

    def __init__(self, message: str, *, expired: bool = False) -> None:
        super().__init__(message)
        self.expired = expired


def timed_serializer(secrets: Sequence[str], salt: str, clock: Clock) -> URLSafeTimedSerializer:
    class _Signer(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(clock().timestamp())

    return URLSafeTimedSerializer(
        list(secrets),
        salt=salt,
        signer=_Signer,
        signer_kwargs={"digest_method": hashlib.sha256},
    )


@dataclass(frozen=True)
class Refusals:
    """How one kind of link's refusals read."""

    noun: str  # "link", "vote link"
    source: str  # where a good link is found again: "the nudge email"
    renew: str  # what to do once it expired

    def malformed(self) -> str:
        return f"This {self.noun} is not valid: open it again from {self.source}."

    def cut(self) -> str:
        return (
            f"This {self.noun} is not valid: it may have been cut or changed. Open it again "
            f"from {self.source}."
        )

    def expired(self, lifetime: timedelta) -> str:
        return f"This {self.noun} has expired (links last {lifetime.days} days): {self.renew}"


class SignedLinks(ABC, Generic[T]):
    """One kind of link: its path on the HTTP endpoint, its salt (never shared with another
    kind) and its refusals. A subclass says what a payload holds (`read`); the rest is here."""

    path: ClassVar[str]
    salt: ClassVar[str]
    refusals: ClassVar[Refusals]

    def __init__(
        self,
        secrets: Sequence[str],
        public_url: str,
        *,
        clock: Clock = system_clock,
        lifetime: timedelta = LINK_LIFETIME,
    ) -> None:
        """`secrets`: the current one first; older ones still verify (rotation)."""
        self.serializer = timed_serializer(secrets, self.salt, clock)
        self.base = public_url.rstrip("/")
        self.lifetime = lifetime

    def sign(self, payload: list[Any]) -> str:
        return str(self.serializer.dumps(payload))

    def url(self, token: str) -> str:
        return f"{self.base}{self.path}?{urlencode({'t': token})}"

    def verify(self, token: str) -> T:
        """What a genuine, unexpired token says; LinkRefused, saying why, for any other."""
        if not token or len(token) > MAX_TOKEN:
            raise LinkRefused(self.refusals.malformed())
        try:
            payload, stamp = self.serializer.loads(
                token, max_age=int(self.lifetime.total_seconds()), return_timestamp=True
            )
        except SignatureExpired:
            raise LinkRefused(self.refusals.expired(self.lifetime), expired=True) from None
        except BadData:
            raise LinkRefused(self.refusals.cut()) from None
        # Signed by us, so well formed unless an old format: checked all the same.
        link = self.read(payload, stamp) if isinstance(payload, list) else None
        if link is None:
            raise LinkRefused(self.refusals.malformed())
        return link

    @abstractmethod
    def read(self, payload: list[Any], issued: datetime) -> T | None:
        """The link a verified payload makes, or None when it is not of this kind's form."""
