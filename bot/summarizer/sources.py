"""Discussions from export files, for `wgbot summarize FILE`: Slack JSON (a list of messages,
or an object with `messages` as conversations.history/replies return),
DiscordChatExporter's JSON (an object with `messages`, `channel`, `guild`), and mail archives
(an mbox, HyperKitty's .mbox.gz export, Mailman 2's .txt / .txt.gz: bot/frontends/email/
bot/mail/archive.py). The format is told by the content, gzipped or not, never by the file name.

An export is validated as a whole before anything is summarised: the first problem is one
line naming the file, the message and the field (`export.json: messages[3].ts: …`), never a
traceback. Text is tidied on the way in (no control or invisible format characters).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.core.ports import ChatMessage
from bot.ground.normalise import excerpt, tidy
from bot.mail import archive as archives

# Far beyond any real export, and far below datetime's end of the calendar.
MAX_FILE_BYTES = 512 * 1024 * 1024
_LATEST = datetime(9000, 1, 1, tzinfo=UTC).timestamp()
_SLACK_TS = re.compile(r"[0-9]{1,12}(\.[0-9]{1,9})?", re.ASCII)
_SKIPPED_SUBTYPES = {"channel_join", "channel_leave", "bot_message"}
_MAX_NAME = 200
_MAX_ID = 100
_EXPECTED = "a Slack export (a list of messages, or an object with `messages`), a "
_EXPECTED += "DiscordChatExporter JSON file, or a mail archive (mbox, Mailman)"
_ARCHIVE_NAME = re.compile(r"\.(mbox|mbx|txt|eml)(\.gz)?$", re.IGNORECASE)


class ExportError(ValueError):
    """The file is not an export we can read; the message is one line for people."""


@dataclass(frozen=True)
class Export:
    """What a file gave: messages oldest first, a label of what was read, and the messages
    that could not be read (a mail archive's; one line each) out of `total`."""

    messages: list[ChatMessage]
    label: str
    unreadable: tuple[str, ...] = ()
    unread_note: str = ""  # "2 of 1,204 messages could not be read", for the draft's footer


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return f"the string {json.dumps(excerpt(value, 20))}"
    return "a list" if isinstance(value, list) else "an object"


class _Reader:
    """Field access that names the file, the message and the field in every complaint."""

    def __init__(self, path: Path, where: str, raw: object) -> None:
        self.path, self.where = path, where
        if not isinstance(raw, dict):
            raise self.error("", f"expected an object, found {_kind(raw)}")
        self.raw: dict[str, Any] = raw

    def error(self, field: str, problem: str) -> ExportError:
        at = f"{self.where}.{field}" if field else self.where
        return ExportError(f"{self.path}: {at}: {problem}.")

    def text(self, field: str, *, required: bool = False, prose: bool = False) -> str | None:
        value = self.raw.get(field)
        if value is None:
            if required:
                raise self.error(field, "missing (expected a string)")
            return None
        if field == "id" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # Discord snowflakes are numbers in some exports
        if not isinstance(value, str):
            raise self.error(field, f"expected a string, found {_kind(value)}")
        return tidy(value, prose=prose, max_length=100_000 if prose else _MAX_NAME)

    def obj(self, field: str, *, required: bool = False) -> _Reader | None:
        value = self.raw.get(field)
        if value is None and not required:
            return None
        if value is None:
            raise self.error(field, "missing (expected an object)")
        return _Reader(self.path, f"{self.where}.{field}", value)

    def flag(self, field: str) -> bool:
        value = self.raw.get(field, False)
        if value is None or not isinstance(value, bool):
            raise self.error(field, f"expected true or false, found {_kind(value)}")
        return value

    def slack_ts(self, field: str, *, required: bool) -> float | None:
        value = self.raw.get(field)
        if value is None:
            if required:
                raise self.error(field, 'missing (expected seconds like "1700000000.000100")')
            return None
        expected = 'expected seconds since 1970 like "1700000000.000100"'
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.error(field, f"{_kind(value)} is not a timestamp: {expected}")
        if isinstance(value, str) and not _SLACK_TS.fullmatch(value.strip()):
            raise self.error(field, f"{_kind(value)} is not a timestamp: {expected}")
        seconds = float(value) if not isinstance(value, int) or abs(value) < 10**15 else math.inf
        if not math.isfinite(seconds) or not 0 <= seconds < _LATEST:
            raise self.error(field, f"{excerpt(str(value), 24)} is out of range: {expected}")
        return seconds


def _read_file(path: Path) -> bytes:
    """The file's bytes, gunzipped when gzipped (bot/mail/archive.read_file)."""
    try:
        return archives.read_file(path, MAX_FILE_BYTES)
    except archives.ArchiveError as exc:
        raise ExportError(str(exc)) from None


def _read_json(path: Path, data: bytes) -> object:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExportError(
            f"{path}: not UTF-8 text (byte {exc.start:,}): expected {_EXPECTED}."
        ) from None

    def no_constants(name: str) -> object:
        raise ValueError(f"{name} is not JSON")

    try:
        return json.loads(text, parse_constant=no_constants)
    except json.JSONDecodeError as exc:
        raise ExportError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    except (ValueError, RecursionError) as exc:
        raise ExportError(f"{path}: not valid JSON ({excerpt(str(exc), 60)}).") from None


def _slack_message(path: Path, index: int, raw: object) -> ChatMessage | None:
    msg = _Reader(path, f"messages[{index}]", raw)
    ts = msg.slack_ts("ts", required=True)
    assert ts is not None
    thread = msg.slack_ts("thread_ts", required=False)
    subtype = msg.text("subtype")
    bot = msg.text("bot_id")
    user = msg.text("user") or msg.text("username") or "unknown"
    text = msg.text("text", prose=True) or ""
    permalink = msg.text("permalink")
    profile = msg.obj("user_profile")
    name = None
    if profile is not None:
        name = profile.text("display_name") or profile.text("real_name")
    if subtype in _SKIPPED_SUBTYPES or bot:
        return None
    return ChatMessage(
        id=str(msg.raw["ts"]).strip(),
        user_id=user[:_MAX_ID],
        user_name=name or user,
        text=text,
        at=datetime.fromtimestamp(ts, tz=UTC),
        permalink=permalink,
        thread_id=str(msg.raw["thread_ts"]).strip() if thread is not None else None,
    )


def _discord_message(path: Path, index: int, raw: object) -> ChatMessage | None:
    msg = _Reader(path, f"messages[{index}]", raw)
    message_id = msg.text("id", required=True) or ""
    stamp = msg.text("timestamp", required=True) or ""
    try:
        at = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        raise msg.error(
            "timestamp",
            f"{_kind(stamp)} is not a date and time: expected ISO 8601 like "
            '"2027-01-11T09:00:00+00:00"',
        ) from None
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    author = msg.obj("author", required=True)
    assert author is not None
    author_id = author.text("id", required=True) or "unknown"
    name = author.text("nickname") or author.text("name") or author_id
    is_bot = author.flag("isBot")
    text = msg.text("content", prose=True) or ""
    if is_bot:
        return None
    return ChatMessage(
        id=message_id[:_MAX_ID],
        user_id=author_id[:_MAX_ID],
        user_name=name,
        text=text,
        at=at.astimezone(UTC),
    )


def _messages(path: Path, top: _Reader) -> list[Any]:
    raw = top.raw.get("messages")
    if not isinstance(raw, list):
        raise top.error("messages", f"expected a list of messages, found {_kind(raw)}")
    return raw


def load_export(
    path: Path, *, archive_url: str | None = None, max_message_bytes: int = 5_000_000
) -> Export:
    """What the file holds; ExportError at the first problem of a chat export, or when a mail
    archive has no readable message (its unreadable ones are listed, the rest read). A mail
    archive's citations link to `archive_url` (WGBOT_LIST_ARCHIVE_URL) when set."""
    raw = _read_file(path)
    if not raw.strip():
        raise ExportError(f"{path}: the file is empty: expected {_EXPECTED}.")
    if b"\x00" in raw[:8192]:
        raise ExportError(f"{path}: a binary file: expected {_EXPECTED}.")
    if archives.looks_like_mbox(raw):
        try:
            archive = archives.load_archive(
                path, raw, archive_url=archive_url, max_message_bytes=max_message_bytes
            )
        except archives.ArchiveError as exc:
            raise ExportError(str(exc)) from None
        unreadable = tuple(str(u) for u in archive.unreadable)
        return Export(archive.messages, archive.label, unreadable, archive.unread_note())
    if _ARCHIVE_NAME.search(path.name) and raw.lstrip()[:1] not in (b"[", b"{"):
        line = excerpt(raw.lstrip()[:200].decode("utf-8", "replace").split("\n")[0], 40)
        raise ExportError(
            f"{path}: not an mbox: the first line should be 'From <sender> <date>', not {line!r}."
        )
    data = _read_json(path, raw)
    if isinstance(data, list):
        raw_messages: list[Any] = data
    elif isinstance(data, dict):
        top = _Reader(path, "export", data)
        if "guild" in data or "channel" in data:
            guild = top.obj("guild", required=True)
            channel = top.obj("channel", required=True)
            assert guild is not None and channel is not None
            guild_id, channel_id = guild.text("id"), channel.text("id")
            found = [_discord_message(path, i, r) for i, r in enumerate(_messages(path, top))]
            messages = [m for m in found if m is not None]
            if guild_id and channel_id:
                base = f"https://discord.com/channels/{guild_id}/{channel_id}/"
                messages = [
                    ChatMessage(**{**m.__dict__, "permalink": base + m.id}) for m in messages
                ]
            label = f"Discord export #{channel.text('name') or channel_id or path.stem}"
            return Export(sorted(messages, key=lambda m: m.at), label)
        raw_messages = _messages(path, top)
    else:
        raise ExportError(f"{path}: expected {_EXPECTED}, found {_kind(data)}.")
    slack = [_slack_message(path, i, r) for i, r in enumerate(raw_messages)]
    messages = [m for m in slack if m is not None]
    return Export(sorted(messages, key=lambda m: m.at), f"Slack export {path.name}")
