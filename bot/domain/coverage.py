"""Who is in the room and who is heard: all stakeholders, and less western-centric input.

A pure function over plain data so the rules are unit-tested on their own and shared by
`/wg status`, `/wg coverage`, nudges and warnings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.domain.vocabulary import WESTERN_REGION, Vocabulary

# One group holding more than this share of members (or of messages heard) "dominates".
DOMINANCE_SHARE = 0.5
# Below this many members or messages a share says nothing and no dominance is reported.
DOMINANCE_MIN_TOTAL = 2


@dataclass(frozen=True)
class MemberProfile:
    stakeholder_group: str | None
    region: str | None


@dataclass(frozen=True)
class Coverage:
    # People who joined with a stakeholder group: the only ones coverage counts. A chair named
    # with `/wg chair` (or the group's creator) is on the roster without one until they
    # `/wg join`: counted in `unstated_stakeholder`, never as a member of an "unknown" group.
    members: int
    stakeholder_counts: tuple[tuple[str, int], ...]
    region_counts: tuple[tuple[str, int], ...]
    unstated_stakeholder: int
    unstated_region: int
    missing_stakeholders: tuple[str, ...]
    missing_regions: tuple[str, ...]
    dominant_stakeholder: str | None
    only_western: bool
    # Voices heard: messages per stakeholder group in the recent window (None: not tracked).
    voices: tuple[tuple[str, int], ...] | None
    silent_stakeholders: tuple[str, ...]
    dominant_voice: str | None
    # Diverging statements whose disagreeing group is under-represented (docs/consensus.md).
    consensus_warnings: tuple[str, ...] = ()

    @property
    def warnings(self) -> tuple[str, ...]:
        out: list[str] = []
        if self.members == 0:
            # Nobody has said who they are: one actionable line instead of eleven gaps.
            return ("Nobody has joined with a stakeholder group yet: `/wg join GROUP [REGION]`.",)
        if self.missing_stakeholders:
            out.append("Missing stakeholder groups: " + ", ".join(self.missing_stakeholders) + ".")
        if self.dominant_stakeholder:
            share = dict(self.stakeholder_counts)[self.dominant_stakeholder]
            out.append(
                f"{self.dominant_stakeholder} holds {share} of {self.members} members "
                "(more than half)."
            )
        if self.only_western:
            out.append("No member comes from outside WEOG: the discussion is western-centric.")
        if self.missing_regions:
            out.append("Missing regions: " + ", ".join(self.missing_regions) + ".")
        if self.silent_stakeholders:
            out.append(
                "Members but no voice heard recently: " + ", ".join(self.silent_stakeholders) + "."
            )
        if self.dominant_voice and self.voices:
            total = sum(n for _, n in self.voices)
            share = dict(self.voices)[self.dominant_voice]
            out.append(
                f"{self.dominant_voice} wrote {share} of {total} recent messages (more than half)."
            )
        out.extend(self.consensus_warnings)
        return tuple(out)


def _dominant(counts: Mapping[str, int]) -> str | None:
    total = sum(counts.values())
    if total < DOMINANCE_MIN_TOTAL:
        return None
    for name, count in counts.items():
        if count / total > DOMINANCE_SHARE:
            return name
    return None


def compute_coverage(
    members: Iterable[MemberProfile],
    stakeholders: Vocabulary,
    regions: Vocabulary,
    voices: Mapping[str, int] | None = None,
) -> Coverage:
    """Counts, gaps and dominance among members and, when given, among recent voices.

    `voices` maps stakeholder group → messages heard recently; messages from people whose
    group is unknown are left out by the caller.
    """
    roster = list(members)
    people = [m for m in roster if m.stakeholder_group]
    by_group = Counter(m.stakeholder_group for m in people if m.stakeholder_group)
    by_region = Counter(m.region for m in people if m.region)
    stakeholder_counts = tuple((name, by_group.get(name, 0)) for name in stakeholders.names)
    region_counts = tuple((name, by_region.get(name, 0)) for name in regions.names)
    with_region = sum(by_region.values())
    only_western = with_region > 0 and by_region.get(WESTERN_REGION, 0) == with_region

    voice_counts: tuple[tuple[str, int], ...] | None = None
    silent: tuple[str, ...] = ()
    dominant_voice = None
    if voices is not None:
        voice_counts = tuple((name, voices.get(name, 0)) for name in stakeholders.names)
        silent = tuple(name for name, n in stakeholder_counts if n and not voices.get(name))
        dominant_voice = _dominant({k: v for k, v in voice_counts if v})

    return Coverage(
        members=len(people),
        stakeholder_counts=stakeholder_counts,
        region_counts=region_counts,
        unstated_stakeholder=len(roster) - len(people),
        unstated_region=sum(1 for m in people if not m.region),
        missing_stakeholders=tuple(n for n, c in stakeholder_counts if c == 0),
        missing_regions=tuple(n for n, c in region_counts if c == 0),
        dominant_stakeholder=_dominant(dict(by_group)),
        only_western=only_western,
        voices=voice_counts,
        silent_stakeholders=silent,
        dominant_voice=dominant_voice,
    )
