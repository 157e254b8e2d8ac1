"""A channel's or thread's discussion for /summarize: conversations.history (and the replies
of its threads) or one thread's conversations.replies, following cursors, leaving out bots,
oldest first."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.messages import Where
from bot.core.ports import ChatMessage
from bot.frontends.slack.errors import history_error
from bot.frontends.slack.text import message_text
from bot.frontends.slack.users import NameCache

PAGE_SIZE = 200
MAX_MESSAGES = 5000  # a channel's whole history is never what a summary needs
SKIPPED_SUBTYPES = {"bot_message", "channel_join", "channel_leave", "channel_topic"}


def is_bot_message(message: dict[str, Any]) -> bool:
    return bool(message.get("bot_id")) or message.get("subtype") in SKIPPED_SUBTYPES


class SlackHistory:
    def __init__(
        self, client: WebClient, names: NameCache, max_messages: int = MAX_MESSAGES
    ) -> None:
        self.client = client
        self.max_messages = max_messages
        self.names = names
        self._workspace_url: str | None = None

    def _permalink(self, channel: str, ts: str) -> str | None:
        """Built from the workspace URL (auth.test, once) instead of one API call a message."""
        if self._workspace_url is None:
            try:
                self._workspace_url = str(self.client.auth_test().get("url") or "")
            except SlackApiError:
                self._workspace_url = ""
        if not self._workspace_url:
            return None
        return f"{self._workspace_url.rstrip('/')}/archives/{channel}/p{ts.replace('.', '')}"

    def _pages(
        self, method: str, enough: int | None, cap: int | None = None, **params: Any
    ) -> list[dict[str, Any]]:
        """Follow cursors; stop once `enough` people's messages are in (history comes newest
        first, so those are the newest) or at `cap` messages, whichever is first."""
        cap = self.max_messages if cap is None else cap
        out: list[dict[str, Any]] = []
        cursor: str | None = None
        wanted = min(enough, cap) if enough is not None else cap
        while True:
            call = getattr(self.client, method)
            response = call(limit=PAGE_SIZE, cursor=cursor, **params)
            out.extend(response.get("messages") or [])
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            people = sum(1 for m in out if not is_bot_message(m) and m.get("user"))
            if not cursor or people >= wanted or len(out) >= cap:
                return out[:cap]

    def _with_thread_replies(
        self, channel: str, top: list[dict[str, Any]], oldest: str | None
    ) -> list[dict[str, Any]]:
        """The top-level messages plus the replies of those that started a thread (newest
        threads first), all within max_messages; a reply is never counted twice (a reply also
        sent to the channel is in both lists, with the same ts)."""
        seen = {str(m.get("ts")) for m in top}
        out = list(top)
        for parent in top:
            left = self.max_messages - len(out)
            if left <= 0:
                break
            if not parent.get("reply_count"):
                continue
            replies = self._pages(
                "conversations_replies",
                None,
                left + 1,
                channel=channel,
                ts=parent["ts"],
                oldest=oldest,
            )
            for reply in replies:
                if str(reply.get("ts")) not in seen and len(out) < self.max_messages:
                    seen.add(str(reply.get("ts")))
                    out.append(reply)
        return out

    def read(
        self,
        where: Where,
        *,
        since: datetime | None = None,
        thread_id: str | None = None,
        limit: int | None = None,
    ) -> list[ChatMessage]:
        channel = where.channel_id
        oldest = f"{since.timestamp():.6f}" if since else None
        try:
            if thread_id:
                # Replies come oldest first: read the whole thread (up to max_messages).
                raw = self._pages("conversations_replies", None, channel=channel, ts=thread_id)
            else:
                top = self._pages("conversations_history", limit, channel=channel, oldest=oldest)
                raw = self._with_thread_replies(channel, top, oldest)
        except SlackApiError as exc:
            raise history_error(exc) from exc
        kept = [m for m in raw if not is_bot_message(m) and m.get("user")]
        kept.sort(key=lambda m: float(m["ts"]))
        if since:
            kept = [m for m in kept if float(m["ts"]) >= since.timestamp()]
        if limit is not None:
            kept = kept[-limit:] if limit > 0 else []
        return [
            ChatMessage(
                id=str(m["ts"]),
                user_id=str(m["user"]),
                user_name=self.names.name(str(m["user"])),
                text=message_text(str(m.get("text", "")), self.names.name),
                at=datetime.fromtimestamp(float(m["ts"]), UTC),
                permalink=self._permalink(channel, str(m["ts"])),
                thread_id=m.get("thread_ts"),
            )
            for m in kept
        ]
