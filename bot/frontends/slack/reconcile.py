"""Finding a message the scheduler may have posted, by its metadata, in conversations.history.

A lookup is one conversations.history call within the workspace's history budget: the same
row of the shared budget (bot/record/budget.py, per workspace and method, every process) as
the record's history reads, so the two never both draw Slack's 429s. It never waits:
when the budget is spent, Slack says 429, or the page did not reach the claim time yet, it
raises DeliveryError with `retry_after` and the scheduler looks again later, from where this
lookup stopped (its cursor, kept in memory; a restart starts the scan over). It runs in the
scheduler's thread, never where Slack waits for an ack.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.delivery_tags import PartsOnTheWire
from bot.core.ports import DeliveryError
from bot.frontends.slack.errors import delivery_error
from bot.record.budget import HISTORY
from bot.record.pacing import HistoryPacer

METADATA_EVENT = "wgbot_delivery"  # our message metadata's event_type
# Slack's clock and ours may differ a little: the scan starts this much before the claim.
CLOCK_SKEW = timedelta(minutes=2)


@dataclass
class _Scan:
    oldest: str
    cursor: str | None = None
    parts: int | None = None  # how many parts the message has, once one was seen


class HistoryLookup:
    def __init__(self, parts: PartsOnTheWire, pacer_for: Callable[[str], HistoryPacer]) -> None:
        """`pacer_for(workspace)`: that workspace's history budget (made once, kept)."""
        self.parts = parts
        self.pacer_for = pacer_for
        self._pacers: dict[str, HistoryPacer] = {}
        self._scans: dict[str, _Scan] = {}
        self._lock = threading.Lock()

    def _pacer(self, workspace: str) -> HistoryPacer:
        with self._lock:
            if workspace not in self._pacers:
                self._pacers[workspace] = self.pacer_for(workspace)
            return self._pacers[workspace]

    def find(
        self, client: WebClient, workspace: str, channel: str, key: str, since: datetime
    ) -> str | None:
        """The first part's ts when every part is in `channel` since `since`; None when the
        scan reached `since` without finding them all (found parts are remembered)."""
        scan = self._scans.get(key) or _Scan(f"{(since - CLOCK_SKEW).timestamp():.6f}")
        pacer = self._pacer(workspace)
        if not pacer.take(HISTORY):
            wait = max(1.0, pacer.wait_time(HISTORY))
            raise DeliveryError("Slack's history budget is spent for now", retry_after=wait)
        try:
            response = client.conversations_history(
                channel=channel,
                oldest=scan.oldest,
                inclusive=True,
                limit=pacer.per_call(HISTORY),
                include_all_metadata=True,
                cursor=scan.cursor,
            )
        except SlackApiError as exc:
            error = delivery_error(exc, "looking for a message already posted")
            if error.retry_after is not None:
                pacer.hold(error.retry_after, HISTORY)
            raise error from exc
        except Exception as exc:
            raise DeliveryError(f"no answer from Slack ({type(exc).__name__})") from exc
        for message in response.get("messages") or []:
            found = _ours(message, key)
            if found is not None:
                index, count = found
                self.parts.add(key, index, str(message["ts"]))
                scan.parts = count
        known = self.parts.known(key)
        if scan.parts is not None and len(known) >= scan.parts:
            self._scans.pop(key, None)
            return known.get(0)
        cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
        if cursor:
            scan.cursor = str(cursor)
            self._scans[key] = scan
            wait = max(1.0, pacer.wait_time(HISTORY))
            raise DeliveryError("still reading the channel's history", retry_after=wait)
        self._scans.pop(key, None)
        return None


def _ours(message: dict[str, Any], key: str) -> tuple[int, int] | None:
    """(part, parts) when `message` carries our metadata for `key`."""
    meta = message.get("metadata") or {}
    payload = meta.get("event_payload") or {}
    if meta.get("event_type") != METADATA_EVENT or payload.get("key") != key:
        return None
    try:
        return int(payload.get("part", 0)), int(payload.get("parts", 1))
    except (TypeError, ValueError):
        return None
