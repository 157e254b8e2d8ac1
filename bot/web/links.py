"""The MAG board's signed links. itsdangerous signs the link's row id with a timestamp, as
the email answer links are signed (bot/frontends/email/links.py): HMAC-SHA256, key rotation,
constant-time comparison. The signature proves the link; its row (storage/models_web.py)
says whether it was revoked. A link is made again identically from its row (the timestamp
is the row's issue time), so a retried DM carries the same link."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from itsdangerous import BadData, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

LIFETIME = timedelta(hours=24)
BOARD_PATH = "/board"
_SALT = "wgbot.mag-board.v1"


class Refused(Exception):
    """Why a link does not open the board, in words for the page."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason  # expired | invalid | revoked


def _signer_at(moment: datetime | None) -> type[TimestampSigner]:
    class _Signer(TimestampSigner):
        def get_timestamp(self) -> int:
            return int((moment or datetime.now(UTC)).timestamp())

    return _Signer


@dataclass(frozen=True)
class Verified:
    link_id: int
    issued: datetime


class BoardSigner:
    def __init__(self, secrets: Sequence[str], base_url: str) -> None:
        if not secrets:
            raise ValueError("the board's links need WGBOT_WEB_SECRET")
        self.secrets = list(secrets)
        self.base = base_url.rstrip("/")

    def _serializer(self, moment: datetime | None = None) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(
            self.secrets,
            salt=_SALT,
            signer=_signer_at(moment),
            signer_kwargs={"digest_method": hashlib.sha256},
        )

    def token(self, link_id: int, issued_at: datetime) -> str:
        return str(self._serializer(issued_at).dumps([link_id]))

    def url(self, link_id: int, issued_at: datetime) -> str:
        return f"{self.base}{BOARD_PATH}?{urlencode({'t': self.token(link_id, issued_at)})}"

    def verify(self, token: str, now: datetime) -> Verified:
        try:
            payload, stamp = self._serializer(now).loads(
                token, max_age=int(LIFETIME.total_seconds()), return_timestamp=True
            )
        except SignatureExpired:
            raise Refused(
                "expired",
                "This link has expired: links to the MAG board last 24 hours. Ask for a new "
                "one with `/wg overview web`.",
            ) from None
        except BadData:
            raise Refused(
                "invalid",
                "This link is not valid: it was cut, changed or not made by this bot. Open it "
                "again from the direct message, or ask for a new one with `/wg overview web`.",
            ) from None
        if not (isinstance(payload, list) and len(payload) == 1 and isinstance(payload[0], int)):
            raise Refused("invalid", "This link is not valid: ask for a new one.")
        return Verified(payload[0], stamp)
