"""`/wg status` and `/wg coverage`: where the group stands, and who is (not) at the table."""

from __future__ import annotations

from bot.core.context import Context
from bot.core.messages import Field, Reply, Section, Tone
from bot.core.params import Args
from bot.core.registry import Command, Registry
from bot.domain.charter import CHARTER_SIZE
from bot.domain.coverage_mutes import without_muted
from bot.domain.dates import days_left_phrase
from bot.domain.sponsorship import sponsor_phrase
from bot.domain.wording import plural
from bot.overview.attention import advice
from bot.timeline import phase_field
from commands.coverage_mute import mute_lines, muted_topics
from commands.presenters import (
    VOICES_WINDOW_DAYS,
    bar,
    group_coverage,
    group_facts,
    last_draft_phrase,
)

MAX_ASKS_SHOWN = 5


# Who coverage leaves out: chairs named with `/wg chair` (and a group's creator) until they
# join with their stakeholder group. Not personal: status and coverage replies are cached.
def not_counted(people: int) -> str:
    return f"{plural(people, 'chair')} without a stakeholder group (`/wg join GROUP [REGION]`)"


def status(ctx: Context, _args: Args) -> Reply:
    group = ctx.require_group()
    store = ctx.store
    coverage, _outsiders = group_coverage(ctx)
    coverage = without_muted(coverage, muted_topics(ctx))
    facts = group_facts(store, group, ctx.today, ctx.now, coverage)
    charter_done = facts.charter_done
    sponsors = store.sponsors.of_group(ctx.group_id)
    asks = store.asks.open(ctx.group_id)
    chairs = store.members.chairs(ctx.group_id)
    # The one set of attention rules (the MAG overview's too), then coverage's own warnings.
    phase, late = phase_field(store, ctx.settings, group, ctx.today)
    warnings = [*advice(facts), *late, *coverage.warnings]

    members_line = ", ".join(f"{name} {n}" for name, n in coverage.stakeholder_counts if n)
    members_value = f"{coverage.members}: {members_line}" if coverage.members else "none"
    if coverage.unstated_stakeholder:
        members_value += f"; not counted: {not_counted(coverage.unstated_stakeholder)}"
    fields = (
        Field("Goal", group.goal or "not set", inline=False),
        Field("Deadline", days_left_phrase(group.deadline, ctx.today)),
        *((Field("Phase", phase, inline=False),) if phase else ()),
        Field("Charter", f"{charter_done}/{CHARTER_SIZE}"),
        Field("Chairs", ", ".join(f"@{c.display_name or c.user_id}" for c in chairs) or "none"),
        Field("Members", members_value),
        Field(
            "Last draft",
            last_draft_phrase(store, ctx.group_id),
        ),
        Field(
            "MAG sponsor",
            "; ".join(sponsor_phrase(s, ctx.now) for s in sponsors) or "none",
            inline=False,
        ),
    )
    sections = []
    if asks:
        lines = [f"#{a.number} {a.text} (@{a.asked_by_name or a.asked_by})" for a in asks]
        if len(asks) > MAX_ASKS_SHOWN:
            lines = [*lines[:MAX_ASKS_SHOWN], f"… and {len(asks) - MAX_ASKS_SHOWN} more"]
        sections.append(Section(f"Open asks for the sponsor ({len(asks)})", tuple(lines)))
    muted = mute_lines(ctx)
    if muted:
        sections.append(Section("Muted coverage warnings", muted))
    if warnings:
        sections.append(Section("Needs attention", tuple(f"⚠ {w}" for w in warnings)))
    return Reply(
        title=f"{group.name}: status",
        text=f"{group.format} · {days_left_phrase(group.deadline, ctx.today)}",
        fields=fields,
        sections=tuple(sections),
        tone=Tone.WARNING if warnings else Tone.SUCCESS,
    )


def coverage(ctx: Context, _args: Args) -> Reply:
    group = ctx.require_group()
    cov, outsiders = group_coverage(ctx)
    width = max(len(name) for name, _ in (*cov.stakeholder_counts, *cov.region_counts))

    def rows(counts: tuple[tuple[str, int], ...], total: int, gap: str) -> tuple[str, ...]:
        return tuple(
            f"`{name.ljust(width)} {bar(n, total)} {n:>3}`" + ("" if n else f"  ← {gap}")
            for name, n in counts
        )

    sections = [
        Section(
            f"Stakeholder groups among {plural(cov.members, 'member')}",
            rows(cov.stakeholder_counts, cov.members, "missing"),
        ),
        Section("UN regions among members", rows(cov.region_counts, cov.members, "missing")),
    ]
    if cov.voices is not None:
        heard = sum(n for _, n in cov.voices)
        voice_lines = (
            list(rows(cov.voices, heard, "silent")) if heard else ["No messages from members yet."]
        )
        if outsiders:
            voice_lines.append(f"(+{plural(outsiders, 'message')} from people who have not joined)")
        sections.append(
            Section(
                f"Voices heard, last {VOICES_WINDOW_DAYS} days ({plural(heard, 'message')})",
                tuple(voice_lines),
            )
        )
    unstated = []
    if cov.unstated_stakeholder:
        unstated.append(not_counted(cov.unstated_stakeholder))
    if cov.unstated_region:
        unstated.append(f"{cov.unstated_region} without a region")
    # The same mutes as /wg status and the weekly warning: the counts stay, the warning goes.
    warnings = without_muted(cov, muted_topics(ctx)).warnings
    if warnings:
        sections.append(Section("Warnings", tuple(f"⚠ {w}" for w in warnings)))
    muted = mute_lines(ctx)
    if muted:
        sections.append(Section("Muted coverage warnings", muted))
    text = (
        "All stakeholder groups and regions are at the table."
        if not warnings
        else f"{plural(len(warnings), 'warning')} about who is at the table."
    )
    if unstated:
        text += " Not counted: " + ", ".join(unstated) + "."
    return Reply(
        title=f"{group.name}: coverage",
        text=text,
        sections=tuple(sections),
        tone=Tone.WARNING if warnings else Tone.SUCCESS,
    )


def register(registry: Registry) -> None:
    registry.add(
        Command(
            path=("wg", "status"),
            readonly=True,
            cacheable=True,
            summary="Goal, days left, charter, members, sponsor and open asks.",
            handler=status,
        )
    )
    registry.add(
        Command(
            path=("wg", "coverage"),
            readonly=True,
            cacheable=True,
            summary="Stakeholder groups and regions: present, missing, dominant; voices heard.",
            handler=coverage,
        )
    )
