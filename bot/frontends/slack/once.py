"""Slack's own ids for one delivery of a request, as the claims the core makes (in the same
transaction as the write they guard) so that a retried or repeated delivery is done once.
The table of seen ids is Slack's own (`storage/slack/repo.SlackEventRepo`): the core sees
only the neutral `bot.core.dedupe.Dedupe`."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from storage.slack.repo import SlackEventRepo
from storage.store import Store

MAX_KEY = 100  # slack_event_seen.event_id
EVENT_MEMORY = timedelta(hours=2)  # Slack retries within minutes; keep ids a while longer


@dataclass(frozen=True)
class SlackClaim:
    """One Slack delivery id (an event id, a trigger, a view submission): a `Dedupe`."""

    key: str

    def claim(self, store: Store, now: datetime) -> bool:
        return SlackEventRepo(store.session).claim(self.key[:MAX_KEY], now)


def event_delivery(event_id: str | None) -> SlackClaim | None:
    """An Events API delivery: Slack sends a redelivered event with the same event id."""
    return SlackClaim(event_id) if event_id else None


def _team(body: dict[str, Any]) -> str:
    return str(body.get("team_id") or (body.get("team") or {}).get("id") or "")


def delivery_key(body: dict[str, Any]) -> SlackClaim | None:
    """A slash command or a button press: its trigger id. A redelivery of the same request
    carries the same one; a new command or a new press gets a new one."""
    trigger = body.get("trigger_id")
    return SlackClaim(f"trigger:{_team(body)}:{trigger}") if trigger else None


def view_key(body: dict[str, Any]) -> SlackClaim | None:
    """A modal submission: the view's id and hash (the same view submitted twice, e.g. a
    double click or a retry) and the values (a corrected form after an error is new)."""
    view = body.get("view") or {}
    if not view.get("id"):
        return None
    values = json.dumps((view.get("state") or {}).get("values") or {}, sort_keys=True)
    digest = hashlib.sha256(values.encode()).hexdigest()[:16]
    return SlackClaim(f"view:{_team(body)}:{view['id']}:{view.get('hash', '')}:{digest}")
