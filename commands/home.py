"""`/wg home`: one person's overview across groups (the Slack App Home tab renders it; any
front end can show it). Their groups with days left and coverage gaps, and for sponsors what
awaits them."""

from __future__ import annotations

from dataclasses import replace

from bot.core.context import Context
from bot.core.messages import Reply, Section, Tone
from bot.core.params import Args
from bot.core.registry import Command, Registry
from bot.domain.coverage_mutes import without_muted
from bot.domain.dates import days_left_phrase, local_today
from bot.domain.sponsorship import sponsor_phrase
from bot.domain.wording import plural
from bot.overview.attention import advice
from bot.timeline import phase_field
from commands.coverage_mute import muted_topics
from commands.presenters import group_coverage, group_facts
from storage.groups.models import WorkingGroup

MAX_LINES = 8


def _group_lines(ctx: Context, group: WorkingGroup) -> tuple[str, ...]:
    """Days left and what needs attention in one group, in the group's own timezone: the
    same rules and words as `/wg status` (and the MAG overview's order)."""
    group_ctx = replace(ctx, group=group)
    today = local_today(ctx.now, group.timezone)
    coverage, _outsiders = group_coverage(group_ctx)
    coverage = without_muted(coverage, muted_topics(group_ctx))
    facts = group_facts(ctx.store, group, today, ctx.now, coverage)
    lines = [f"Deadline: {days_left_phrase(group.deadline, today)}"]
    phase, late = phase_field(ctx.store, ctx.settings, group, today)
    if phase:
        lines.append(f"Phase: {phase}")
    lines.extend(f"⚠ {w}" for w in (*advice(facts), *late, *coverage.warnings))
    return tuple(lines[:MAX_LINES])


def home(ctx: Context, _args: Args) -> Reply:
    platform, user_id = ctx.actor.platform.value, ctx.actor.user_id
    memberships = ctx.store.members.of_user(platform, user_id)
    sponsorships = ctx.store.sponsors.of_user(platform, user_id)
    sections: list[Section] = []
    attention = 0
    for member in memberships:
        group = ctx.store.groups.get(member.group_id)
        if group is None:
            continue
        lines = _group_lines(ctx, group)
        attention += sum(1 for line in lines if line.startswith("⚠"))
        role = " (chair)" if member.role == "chair" else ""
        sections.append(Section(f"{group.name}{role}", lines))
    for sponsor in sponsorships:
        group = ctx.store.groups.get(sponsor.group_id)
        if group is None or group.id is None:
            continue
        asks = ctx.store.asks.open(group.id)
        awaits = [sponsor_phrase(sponsor, ctx.now)]
        awaits += [f"Ask #{a.number}: {a.text} (@{a.asked_by_name or a.asked_by})" for a in asks]
        if not asks:
            awaits.append("No open asks.")
        attention += len(asks)
        sections.append(Section(f"You sponsor {group.name}", tuple(awaits[:MAX_LINES])))
    if not sections:
        return Reply(
            title="Your working groups",
            text=(
                "You are not in any working group yet: in a group's channel, type "
                "`/wg join GROUP REGION`, or `/wg help` to see what the bot does."
            ),
            ephemeral=True,
        )
    groups = len(memberships)
    text = f"You are in {groups} working group{'s' if groups != 1 else ''}"
    if sponsorships:
        text += f" and sponsor {len(sponsorships)}"
    needs = f" {plural(attention, 'thing')} {'needs' if attention == 1 else 'need'} attention."
    text += "." + (needs if attention else " All on track.")
    return Reply(
        title="Your working groups",
        text=text,
        sections=tuple(sections),
        ephemeral=True,
        tone=Tone.WARNING if attention else Tone.SUCCESS,
    )


def register(registry: Registry) -> None:
    registry.add(
        Command(
            path=("wg", "home"),
            readonly=True,
            summary="Your groups with days left and gaps; what awaits you as a sponsor.",
            handler=home,
            needs_group=False,
        )
    )
