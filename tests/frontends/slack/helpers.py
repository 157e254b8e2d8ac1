"""Small readers over the rig's database and the stand-in's records."""

from __future__ import annotations

from datetime import date
from typing import Any

from storage.store import Store
from tests.frontends.slack.conftest import SlackRig


def group_messages(rig: SlackRig, channel: str = "C1") -> dict[tuple[str, str], int]:
    with rig.core.database.session() as session:
        store = Store(session)
        group = store.groups.by_channel("slack", channel)
        assert group is not None and group.id is not None
        return store.record.voices_since(group.id, date(2000, 1, 1))


def audit_count(rig: SlackRig) -> int:
    with rig.core.database.session() as session:
        return Store(session).audit.count()


def block_text(blocks: list[dict[str, Any]]) -> str:
    out = []
    for block in blocks:
        if "text" in block:
            out.append(block["text"]["text"])
        out.extend(f["text"] for f in block.get("fields", []))
        out.extend(e["text"]["text"] for e in block.get("elements", []) if "text" in e)
    return "\n".join(out)


class Ticks:
    """A monotonic clock for the history pacer that moves only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
