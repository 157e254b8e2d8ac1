"""A channel's or thread's discussion for /summarize: conversations.history (and the replies
of its threads) or one thread's conversations.replies, following cursors, leaving out bots,
oldest first."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.messages import Platform, Where
from bot.core.ports import (
    AccessRevoked,
    CappedRead,
    ChatMessage,
    HistoryPage,
    HistoryQuery,
    RateLimited,
)
from bot.frontends.slack.errors import error_code, history_error
from bot.frontends.slack.text import message_text
from bot.frontends.slack.users import NameCache

PAGE_SIZE = 200
# Slack's limit for apps outside its Marketplace (since 2025-05-29, for existing installs
# from 2026-03-03): conversations.history and .replies once a minute, 15 messages a call.
PACED_INTERVAL = 60.0
PACED_PER_CALL = 15
MAX_MESSAGES = 5000  # a channel's whole history is never what a summary needs
THREAD_LOOKBACK = 14 * 86400.0  # seconds before a period whose threads' replies are read
# The token no longer reads anything: the app was removed from the workspace (or the token
# revoked); a reader stops and keeps its jobs rather than fail them.
REVOKED = {"token_revoked", "account_inactive", "invalid_auth"}
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

    def known_permalink(self, channel: str, ts: str) -> str | None:
        """The permalink if the workspace URL is known already (no Web API call)."""
        if not self._workspace_url:
            return None
        return f"{self._workspace_url.rstrip('/')}/archives/{channel}/p{ts.replace('.', '')}"

    def permalink(self, channel: str, ts: str) -> str | None:
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
    ) -> tuple[list[dict[str, Any]], bool]:
        """Follow cursors; stop once `enough` people's messages are in (history comes newest
        first, so those are the newest) or at `cap` messages, whichever is first. The flag
        says the cap cut the read short (more was there, not read)."""
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
                satisfied = enough is not None and people >= enough
                capped = not satisfied and (cursor is not None or len(out) > cap)
                return out[:cap], capped

    def _with_thread_replies(
        self, channel: str, top: list[dict[str, Any]], oldest: str | None
    ) -> tuple[list[dict[str, Any]], bool, int]:
        """The top-level messages plus the replies of those that started a thread (newest
        threads first), all within max_messages; a reply is never counted twice (a reply also
        sent to the channel is in both lists, with the same ts). Also: whether the cap left
        replies unread, and how many (by the parents' reply_count)."""
        seen = {str(m.get("ts")) for m in top}
        out = list(top)
        capped, unread = False, 0
        for parent in top:
            if not parent.get("reply_count"):
                continue
            if oldest and float(parent.get("latest_reply") or parent["ts"]) < float(oldest):
                continue  # a thread older than the period, quiet since
            left = self.max_messages - len(out)
            if left <= 0:
                capped, unread = True, unread + int(parent["reply_count"])
                continue
            replies, cut = self._pages(
                "conversations_replies",
                None,
                left + 1,
                channel=channel,
                ts=parent["ts"],
                oldest=oldest,
            )
            added, dropped = 0, False
            for reply in replies:
                if str(reply.get("ts")) in seen:
                    continue
                if len(out) >= self.max_messages:
                    dropped = True
                    continue
                seen.add(str(reply.get("ts")))
                out.append(reply)
                added += 1
            if cut or dropped:
                capped = True
                unread += max(0, int(parent["reply_count"]) - added)
        return out, capped, unread

    def read(self, query: HistoryQuery) -> list[ChatMessage]:
        since, thread_id, limit = query.since, query.thread_id, query.limit
        channel = query.where.channel_id
        oldest = f"{since.timestamp():.6f}" if since else None
        try:
            unread: int | None = None
            if thread_id:
                # Replies come oldest first: read the whole thread (up to max_messages).
                raw, capped = self._pages(
                    "conversations_replies", None, channel=channel, ts=thread_id
                )
                parent = next((m for m in raw if str(m.get("ts")) == thread_id), None)
                if capped and parent is not None and parent.get("reply_count") is not None:
                    unread = max(0, int(parent["reply_count"]) + 1 - len(raw))
            else:
                # History lists parents only: a thread started a while before `since` may
                # have replies after it, so parents are looked for a little further back.
                back = f"{since.timestamp() - THREAD_LOOKBACK:.6f}" if since else None
                top, top_capped = self._pages(
                    "conversations_history", limit, channel=channel, oldest=back
                )
                raw, replies_capped, replies_unread = self._with_thread_replies(
                    channel, top, oldest
                )
                capped = top_capped or replies_capped
                # Older top-level messages cut off by the cap are not counted by Slack.
                unread = None if top_capped else replies_unread
        except SlackApiError as exc:
            raise history_error(exc) from exc
        kept = [m for m in raw if not is_bot_message(m) and m.get("user")]
        kept.sort(key=lambda m: float(m["ts"]))
        if since:
            kept = [m for m in kept if float(m["ts"]) >= since.timestamp()]
        if limit is not None:
            kept = kept[-limit:] if limit > 0 else []
        messages = [
            ChatMessage(
                id=str(m["ts"]),
                user_id=str(m["user"]),
                user_name=self.names.name(str(m["user"]), "", self.client.token),
                text=message_text(str(m.get("text", "")), self.names.name),
                at=datetime.fromtimestamp(float(m["ts"]), UTC),
                permalink=self.permalink(channel, str(m["ts"])),
                thread_id=m.get("thread_ts"),
            )
            for m in kept
        ]
        return CappedRead(messages, unread) if capped else messages


class SlackPager:
    """conversations.history / .replies one call at a time within Slack's budget, for the
    record's gap-filling (bot/record/filler.py paces the calls). Never waits itself: a 429
    becomes RateLimited with Slack's Retry-After, for the pacer to honour."""

    platform = Platform.SLACK

    def __init__(
        self,
        client: WebClient,
        names: NameCache,
        interval: float = PACED_INTERVAL,
        per_call: int = PACED_PER_CALL,
    ) -> None:
        self.client = WebClient(token=client.token, base_url=client.base_url, retry_handlers=[])
        self.names = names
        self.interval = interval
        self.per_call = per_call
        self.links = SlackHistory(client, names)

    def page(
        self,
        where: Where,
        *,
        thread_id: str | None,
        oldest: datetime,
        latest: datetime,
        cursor: str | None,
        limit: int | None = None,
    ) -> HistoryPage:
        channel = where.channel_id
        asked = limit or self.per_call
        params: dict[str, Any] = {
            "channel": channel,
            "limit": asked,
            "oldest": f"{oldest.timestamp():.6f}",
            "latest": f"{latest.timestamp():.6f}",
            "inclusive": True,
            "cursor": cursor,
        }
        try:
            if thread_id:
                response = self.client.conversations_replies(ts=thread_id, **params)
            else:
                response = self.client.conversations_history(**params)
        except SlackApiError as exc:
            if exc.response is not None and exc.response.status_code == 429:
                raise RateLimited(_retry_after(exc)) from exc
            if error_code(exc) in REVOKED:
                raise AccessRevoked(history_error(exc).message) from exc
            raise history_error(exc) from exc
        raw: list[dict[str, Any]] = list(response.get("messages") or [])
        next_cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
        expected = None
        if thread_id and cursor is None:
            parent = next((m for m in raw if str(m.get("ts")) == thread_id), None)
            if parent is not None and parent.get("reply_count") is not None:
                expected = int(parent["reply_count"]) + 1
        threads = tuple(
            str(m["ts"])
            for m in raw
            if not thread_id and m.get("reply_count") and m.get("thread_ts") == m.get("ts")
        )
        messages = [
            ChatMessage(
                id=str(m["ts"]),
                user_id=str(m["user"]),
                user_name=self.names.name(str(m["user"]), "", self.client.token),
                text=message_text(str(m.get("text", "")), self.names.name),
                at=datetime.fromtimestamp(float(m["ts"]), UTC),
                permalink=self.links.permalink(channel, str(m["ts"])),
                thread_id=m.get("thread_ts"),
            )
            for m in raw
            if m.get("user") and not is_bot_message(m)
        ]
        # Slack cuts `limit` down without a word for apps on the strictest budget.
        capped = len(raw) if next_cursor and len(raw) < asked else None
        return HistoryPage(messages, next_cursor, threads, expected, capped)


def _retry_after(exc: SlackApiError) -> float:
    headers = {
        k.lower(): v for k, v in ((exc.response.headers if exc.response else {}) or {}).items()
    }
    raw = headers.get("retry-after", "60")
    value = raw[0] if isinstance(raw, list) else raw
    try:
        return max(1.0, float(value))
    except (TypeError, ValueError):
        return 60.0
