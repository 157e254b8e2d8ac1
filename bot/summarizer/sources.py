"""Discussions from export files, for `wgbot summarize FILE`: Slack JSON (a list of messages,
or an object with `messages` as conversations.history/replies return) and
DiscordChatExporter's JSON (an object with `messages`, `channel`, `guild`)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.core.ports import ChatMessage


class ExportError(ValueError):
    pass


def _slack_message(raw: dict[str, Any], names: dict[str, str]) -> ChatMessage | None:
    ts = raw.get("ts")
    if not isinstance(ts, str | int | float):
        return None
    if raw.get("subtype") in {"channel_join", "channel_leave", "bot_message"} or raw.get("bot_id"):
        return None
    user = str(raw.get("user") or raw.get("username") or "unknown")
    profile = raw.get("user_profile") or {}
    name = str(profile.get("display_name") or profile.get("real_name") or names.get(user) or user)
    return ChatMessage(
        id=str(ts),
        user_id=user,
        user_name=name,
        text=str(raw.get("text") or ""),
        at=datetime.fromtimestamp(float(ts), tz=UTC),
        permalink=raw.get("permalink") if isinstance(raw.get("permalink"), str) else None,
        thread_id=raw.get("thread_ts"),
    )


def _discord_message(raw: dict[str, Any]) -> ChatMessage | None:
    author = raw.get("author") or {}
    if author.get("isBot"):
        return None
    try:
        at = datetime.fromisoformat(str(raw["timestamp"]).replace("Z", "+00:00"))
    except (KeyError, ValueError):
        return None
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return ChatMessage(
        id=str(raw.get("id", "")),
        user_id=str(author.get("id", "unknown")),
        user_name=str(author.get("nickname") or author.get("name") or author.get("id", "?")),
        text=str(raw.get("content") or ""),
        at=at.astimezone(UTC),
    )


def load_export(path: Path) -> tuple[list[ChatMessage], str]:
    """(messages oldest first, a label of what was read); ExportError when not recognised."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExportError(f"{path}: not a readable JSON file ({exc})") from None
    if isinstance(data, dict) and isinstance(data.get("messages"), list):
        raw_messages: list[Any] = data["messages"]
        if isinstance(data.get("channel"), dict) and isinstance(data.get("guild"), dict):
            messages = [
                m for m in (_discord_message(r) for r in raw_messages if isinstance(r, dict)) if m
            ]
            guild = data["guild"].get("id")
            channel = data["channel"].get("id")
            if guild and channel:
                base = f"https://discord.com/channels/{guild}/{channel}/"
                messages = [
                    ChatMessage(**{**m.__dict__, "permalink": base + m.id}) for m in messages
                ]
            label = f"Discord export #{data['channel'].get('name', channel)}"
            return sorted(messages, key=lambda m: m.at), label
    elif isinstance(data, list):
        raw_messages = data
    else:
        raise ExportError(
            f"{path}: expected a Slack export (a list of messages or an object with "
            "`messages`) or a DiscordChatExporter JSON file"
        )
    names: dict[str, str] = {}
    messages = [
        m for m in (_slack_message(r, names) for r in raw_messages if isinstance(r, dict)) if m
    ]
    return sorted(messages, key=lambda m: m.at), f"Slack export {path.name}"
