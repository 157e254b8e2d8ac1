"""Many groups at once, written through the real repositories in one transaction (the test
of "no query per group" and the benchmark need hundreds of groups quickly)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain.vocabulary import DEFAULT_REGIONS, DEFAULT_STAKEHOLDER_GROUPS
from bot.ground.states import SponsorState
from storage.groups.models import MemberRole
from storage.store import Store


def seed_groups(store: Store, count: int, now: datetime, members: int = 6, start: int = 0) -> None:
    """`count` groups with members, charter answers, a sponsor and a liaison each; the mix of
    deadlines, gaps and sponsor states varies with the group's number."""
    for i in range(start, start + count):
        group = store.groups.create(f"Group {i:04d}", "Policy Network", "UTC", "seed", now)
        assert group.id is not None
        store.groups.bind(group, "console", f"seed-{i}", "seed", now)
        if i % 3:
            store.groups.set_field(group, "goal", f"Goal number {i} about topic{i % 7}", "s", now)
        if i % 4:
            deadline = (now + timedelta(days=(i * 37) % 200 - 40)).date()
            store.groups.set_field(group, "deadline", deadline, "seed", now)
        for m in range(members - i % 4):
            store.members.join(
                group.id,
                "console",
                f"u{i}-{m}",
                f"User {m}",
                DEFAULT_STAKEHOLDER_GROUPS[(i + m) % (3 + i % 4)],
                DEFAULT_REGIONS[(i * m) % 5],
                MemberRole.CHAIR if m == 0 else MemberRole.MEMBER,
                "seed",
                now,
            )
        for q in range(1, 1 + i % 11):
            store.charter.answer(group.id, q, f"Answer {q} on topic{i % 7}", "seed", "Seed", now)
        if i % 5:
            sponsor, _ = store.sponsors.assign(group.id, "console", f"mag{i % 9}", "", "seed", now)
            if i % 5 == 1:
                store.sponsors.set_state(
                    sponsor, SponsorState.COMMITTED, now + timedelta(days=7), "seed", now
                )
        store.liaisons.add(group.id, ["IETF", "GFCE", "ICANN"][i % 3], None, "seed", now)
