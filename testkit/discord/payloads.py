"""Payloads shaped as Discord sends them (users, members, messages, interactions), for the
stand-in (fake_discord.py) and the tests that feed the gateway."""

from __future__ import annotations

import itertools
from typing import Any

APP_ID = 900000000000000001
BOT_ID = 900000000000000002
GUILD_ID = 800000000000000001
CHANNEL_ID = 700000000000000001
TOKEN = "test-token"

_snowflakes = itertools.count(1_000_000_000_000_000_000)


def snowflake() -> str:
    return str(next(_snowflakes))


def user(user_id: int | str, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name.lower(),
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
    }


def member(user_id: int | str, name: str) -> dict[str, Any]:
    return {
        "user": user(user_id, name),
        "roles": [],
        "joined_at": "2026-01-05T10:00:00+00:00",
        "deaf": False,
        "mute": False,
        "flags": 0,
        "permissions": "2147483647",
    }


def message(
    channel_id: int | str,
    *,
    author: dict[str, Any] | None = None,
    content: str = "",
    message_id: str | None = None,
    timestamp: str = "2027-01-11T09:00:00+00:00",
    embeds: list[Any] | None = None,
    components: list[Any] | None = None,
) -> dict[str, Any]:
    return {
        "id": message_id or snowflake(),
        "channel_id": str(channel_id),
        "author": author or user(BOT_ID, "wgbot", bot=True),
        "content": content,
        "timestamp": timestamp,
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": embeds or [],
        "components": components or [],
        "pinned": False,
        "type": 0,
        "flags": 0,
    }


def _interaction(
    kind: int,
    data: dict[str, Any],
    *,
    user_id: int,
    name: str,
    channel_id: int,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    interaction_id = snowflake()
    payload: dict[str, Any] = {
        "id": interaction_id,
        "application_id": str(APP_ID),
        "type": kind,
        "data": data,
        "guild_id": str(GUILD_ID),
        "channel_id": str(channel_id),
        "channel": {
            "id": str(channel_id),
            "type": 0,
            "name": "wg-cyber",
            "guild_id": str(GUILD_ID),
            "position": 3,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
            "permissions": "2147483647",
        },
        "member": member(user_id, name),
        "token": f"itoken-{interaction_id}",
        "version": 1,
        "app_permissions": "2147483647",
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(GUILD_ID)},
        "context": 0,
        "attachment_size_limit": 8 * 1024 * 1024,
    }
    payload.update(extra or {})
    return payload


def slash(
    path: tuple[str, ...],
    options: dict[str, Any] | None = None,
    *,
    user_id: int = 111,
    name: str = "Ana",
    channel_id: int = CHANNEL_ID,
    focused: str | None = None,
    users: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """An APPLICATION_COMMAND (type 2), or an APPLICATION_COMMAND_AUTOCOMPLETE (type 4) when
    `focused` names the option being typed. Option types: str 3, int 4, user 6."""
    leaf = []
    for key, value in (options or {}).items():
        kind = 4 if isinstance(value, int) else 3
        if users and key in users:
            kind = 6
        option: dict[str, Any] = {"name": key, "type": kind, "value": value}
        if key == focused:
            option["focused"] = True
        leaf.append(option)
    data: dict[str, Any] = {"id": snowflake(), "name": path[0], "type": 1}
    if len(path) == 2:
        data["options"] = [{"name": path[1], "type": 1, "options": leaf}]
    else:
        data["options"] = leaf
    if users:
        data["resolved"] = {
            "users": {u["id"]: u for u in users.values()},
            "members": {
                u["id"]: {k: v for k, v in member(u["id"], u["global_name"]).items() if k != "user"}
                for u in users.values()
            },
        }
    return _interaction(
        4 if focused else 2, data, user_id=user_id, name=name, channel_id=channel_id
    )


def button_click(
    custom_id: str, *, user_id: int = 111, name: str = "Ana", channel_id: int = CHANNEL_ID
) -> dict[str, Any]:
    """A MESSAGE_COMPONENT (type 3) click on a button (component type 2) of a bot message."""
    msg = message(
        channel_id,
        components=[
            {
                "type": 1,
                "components": [{"type": 2, "style": 1, "label": "x", "custom_id": custom_id}],
            }
        ],
    )
    return _interaction(
        3,
        {"custom_id": custom_id, "component_type": 2},
        user_id=user_id,
        name=name,
        channel_id=channel_id,
        extra={"message": msg},
    )


def modal_submit(
    custom_id: str,
    values: dict[str, str],
    *,
    user_id: int = 111,
    name: str = "Ana",
    channel_id: int = CHANNEL_ID,
) -> dict[str, Any]:
    """A MODAL_SUBMIT (type 5): one action row per text input, as Discord sends them."""
    rows = [
        {"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
        for key, value in values.items()
    ]
    return _interaction(
        5,
        {"custom_id": custom_id, "components": rows},
        user_id=user_id,
        name=name,
        channel_id=channel_id,
    )
