"""The core's seam for "this delivery was handled already": a front end that knows its
platform's delivery ids (a Slack event id, a trigger id) supplies one of these, and the table
behind it stays the front end's own (Slack: `storage/slack/repo.SlackEventRepo`)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from storage.store import Store


class Dedupe(Protocol):
    """One delivery's id, claimed inside the transaction that acts on it: committed with the
    write it guards, released by the rollback if that write fails, so a retry still runs."""

    def claim(self, store: Store, now: datetime) -> bool:
        """True the first time this delivery is seen; False for a repeat."""
        ...
