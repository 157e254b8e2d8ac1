"""Every row of every table, to show that a refused command changed nothing and that nothing
unstorable or invisible was stored."""

from __future__ import annotations

import unicodedata

from sqlalchemy import select
from sqlmodel import SQLModel

from storage.database import Database

Snapshot = dict[str, list[tuple[object, ...]]]


# Bookkeeping, not data: a counter every committed transaction bumps (the reply cache's
# generation), read-only checks of a refused command included.
BOOKKEEPING = {"data_generation"}


def snapshot(database: Database) -> Snapshot:
    with database.engine.connect() as conn:
        return {
            table.name: sorted((tuple(row) for row in conn.execute(select(table))), key=repr)
            for table in SQLModel.metadata.sorted_tables
            if table.name not in BOOKKEEPING
        }


def strings(snap: Snapshot) -> list[str]:
    return [v for rows in snap.values() for row in rows for v in row if isinstance(v, str)]


def unclean(value: str) -> list[str]:
    """Characters no stored name or text may hold: controls (but line breaks and tabs in
    prose) and format characters other than joiners and direction marks inside prose."""
    return [
        f"U+{ord(ch):04X}"
        for ch in value
        if (unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t")
        or (unicodedata.category(ch) == "Cf" and ch not in "\u200c\u200d\u200e\u200f\u061c")
    ]
