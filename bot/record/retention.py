"""The retention period: words older than WGBOT_RECORD_DAYS are removed from every keeper of
words that ages out (storage/consent/words.py; the record's rows stay, as who spoke when, for voices
heard). Run by the scheduler's sweep, in short
transactions of a batch each, so a large record never holds a long lock."""

from __future__ import annotations

from datetime import datetime, timedelta

from storage.consent import words
from storage.database import Database

BATCH = 5000


def purge(database: Database, *, days: int, now: datetime, batch: int = BATCH) -> int:
    """Returns how many rows (record messages, drafts, votes, old vote audit entries) lost
    their words."""
    cutoff = now - timedelta(days=days)
    total = 0
    while True:
        with database.session() as session:
            done = words.purge(session, cutoff, batch)
        total += done
        if done < batch:
            return total
