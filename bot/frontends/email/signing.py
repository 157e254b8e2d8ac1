"""The one way the email front end signs its one-click links: itsdangerous's timed serializer,
SHA-256, key rotation (the current secret first, older ones still verify), and the time read
from the bot's clock so tests can age a link. Each kind of link has its own salt, so a token
made for one never verifies as another."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from bot.clock import Clock


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
