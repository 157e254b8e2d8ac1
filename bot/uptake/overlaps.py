"""Connect the dots after the meeting: where two groups work on the same topic, the bodies
that took up one group's output are worth naming to the other."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from storage.store import Store


def bodies_by_group(store: Store, group_ids: list[int]) -> dict[int, list[str]]:
    """The bodies known to have used each group's outputs, strongest use first (one query)."""
    from bot.domain.uptake import status_rank

    out: dict[int, list[str]] = {}
    for gid, entries in store.uptake.of_groups(group_ids).items():
        best: dict[str, tuple[int, str]] = {}
        for e in entries:
            rank = status_rank(e.status)
            if e.body_key not in best or rank > best[e.body_key][0]:
                best[e.body_key] = (rank, f"{e.body_name} ({e.status})")
        out[gid] = [label for _, label in sorted(best.values(), key=lambda v: (-v[0], v[1]))]
    return out


def uptake_lines(
    pairs: Iterable[tuple[int, int]], names: Mapping[int, str], bodies: Mapping[int, list[str]]
) -> list[str]:
    """`ITU (adopted) took up BPF Cyber's output; PN AI works on the same topic.`"""
    lines = []
    for a, b in pairs:
        for used, other in ((a, b), (b, a)):
            if bodies.get(used):
                lines.append(
                    f"{', '.join(bodies[used])} took up {names.get(used, used)}'s output; "
                    f"{names.get(other, other)} works on the same topic."
                )
    return lines
