"""Recipients as delivery-table strings (`slack:user:U123`, `console:channel:general`) and back."""

from __future__ import annotations

from bot.core.messages import Platform
from bot.core.ports import Recipient, RecipientKind


def encode(recipient: Recipient) -> str:
    return f"{recipient.platform.value}:{recipient.kind.value}:{recipient.id}"


def decode(text: str) -> Recipient:
    platform, kind, ident = text.split(":", 2)
    return Recipient(Platform(platform), RecipientKind(kind), ident)


def user(platform: str, user_id: str) -> Recipient:
    return Recipient(Platform(platform), RecipientKind.USER, user_id)


def channel(platform: str, channel_id: str) -> Recipient:
    return Recipient(Platform(platform), RecipientKind.CHANNEL, channel_id)


def admin_channel(setting: str | None, default_platform: str) -> Recipient | None:
    """WGBOT_ADMIN_CHANNEL: `C123` (on the platform at hand) or qualified `slack:C123`."""
    if not setting:
        return None
    head, sep, tail = setting.partition(":")
    if sep and head in {p.value for p in Platform}:
        return channel(head, tail)
    return channel(default_platform, setting)
