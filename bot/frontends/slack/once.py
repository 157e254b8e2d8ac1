"""Slack's own ids for one delivery of a request, as the keys the core claims (in the same
transaction as the write they guard) so that a retried or repeated delivery is done once."""

from __future__ import annotations

import hashlib
import json
from typing import Any

MAX_KEY = 100  # slack_event_seen.event_id


def _team(body: dict[str, Any]) -> str:
    return str(body.get("team_id") or (body.get("team") or {}).get("id") or "")


def delivery_key(body: dict[str, Any]) -> str | None:
    """A slash command or a button press: its trigger id. A redelivery of the same request
    carries the same one; a new command or a new press gets a new one."""
    trigger = body.get("trigger_id")
    return f"trigger:{_team(body)}:{trigger}"[:MAX_KEY] if trigger else None


def view_key(body: dict[str, Any]) -> str | None:
    """A modal submission: the view's id and hash (the same view submitted twice, e.g. a
    double click or a retry) and the values (a corrected form after an error is new)."""
    view = body.get("view") or {}
    if not view.get("id"):
        return None
    values = json.dumps((view.get("state") or {}).get("values") or {}, sort_keys=True)
    digest = hashlib.sha256(values.encode()).hexdigest()[:16]
    return f"view:{_team(body)}:{view['id']}:{view.get('hash', '')}:{digest}"[:MAX_KEY]
