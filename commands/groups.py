"""Creating a group and setting its desired outcome and time frame (the report's R1)."""

from __future__ import annotations

from datetime import timedelta

from bot.core.context import Context
from bot.core.messages import Reply, Tone
from bot.core.params import Args, Kind, Param, VocabularyName
from bot.core.registry import Command, Registry, Role
from bot.domain.cycle import FINAL_REPORT, check_order
from bot.domain.dates import days_left_phrase, parse_deadline
from bot.domain.vocabulary import infer_format
from bot.ground.errors import Conflict, UsageError
from bot.record.backfill import queue_backfill
from bot.timeline import group_timeline
from storage.groups.models import MemberRole

MAX_NAME = 120
MAX_GOAL = 1500
MAX_DATE = 40


def create(ctx: Context, args: Args) -> Reply:
    name = args.text("name").strip()
    if len(name) > MAX_NAME:
        raise UsageError(f"The name is {len(name)} characters long: keep it under {MAX_NAME}.")
    where = ctx.where
    # In a thread, the new group binds the thread itself (Discord: a thread is a channel).
    bind_to = where.thread_id or where.channel_id
    if ctx.group is not None and (where.thread_id is None or ctx.thread_has_own_group()):
        raise Conflict(
            f"This channel is already bound to `{ctx.group.name}`: use another channel for a "
            "new group."
        )
    fmt = args.opt_text("format") or infer_format(name)
    store, actor = ctx.store, ctx.actor
    group = store.groups.create(name, fmt, ctx.settings.wgbot_timezone, actor.key, ctx.now)
    assert group.id is not None
    store.groups.bind(group, where.platform.value, bind_to, actor.key, ctx.now)
    cycle = store.cycle.newest()  # a new group joins the newest cycle: its final report
    joined = ""
    if cycle is not None:
        final = timedelta(days=ctx.settings.cycle_offsets[FINAL_REPORT])
        store.cycle.start_deadline(group, cycle.meeting + final, actor.key, ctx.now)
        joined = (
            f" It follows the IGF {cycle.year} cycle (meeting {cycle.meeting.isoformat()}): "
            "`\ue000/wg timeline` shows its milestones."
        )
    store.members.join(
        group.id,
        actor.platform.value,
        actor.user_id,
        actor.name,
        None,
        None,
        MemberRole.CHAIR,
        actor.key,
        ctx.now,
    )
    filler = ctx.services.filler
    if filler is not None and where.thread_id is None:  # read the channel's recent past
        days = ctx.settings.wgbot_backfill_days
        if queue_backfill(
            store, where, group.id, days, ctx.now, actor.key, workspace=filler.workspace
        ):
            filler.wake()
    return Reply(
        title=f"Working group created: {group.name}",
        text=(
            f"{group.name} ({fmt}) is bound to this channel, and you are its chair. "
            "Next: `\ue000/wg goal …` (the desired outcome), "
            "`\ue000/wg deadline …` (the time frame), "
            "`/wg charter` (the ten scoping questions), and everyone, you too, "
            "`/wg join GROUP [REGION]` (coverage counts those who join)." + joined
        ),
        tone=Tone.SUCCESS,
    )


def goal(ctx: Context, args: Args) -> Reply:
    text = args.text("text").strip()
    if len(text) > MAX_GOAL:
        raise UsageError(
            f"The goal is {len(text)} characters long: state the desired outcome in under "
            f"{MAX_GOAL}."
        )
    group = ctx.require_group()
    if not ctx.store.groups.set_field(group, "goal", text, ctx.actor.key, ctx.now):
        return Reply(text=f"The goal is already: {text}", ephemeral=True)
    return Reply(title="Goal set", text=f"Desired outcome: {text}", tone=Tone.SUCCESS)


def deadline(ctx: Context, args: Args) -> Reply:
    group = ctx.require_group()
    when = parse_deadline(args.text("date"), ctx.today)
    # The deadline is the cycle's final report: it keeps the cycle's order.
    line = group_timeline(ctx.store, ctx.settings, group)
    check_order([m for m in line.milestones if m.key != FINAL_REPORT], FINAL_REPORT, when)
    if not ctx.store.groups.set_field(group, "deadline", when, ctx.actor.key, ctx.now):
        return Reply(
            text=f"The deadline already is {when.isoformat()}: "
            f"{days_left_phrase(when, ctx.today)}.",
            ephemeral=True,
        )
    final = f" It is the final report of the {line.year} cycle." if line.year else ""
    return Reply(
        title="Deadline set",
        text=f"{group.name}: {days_left_phrase(when, ctx.today)}.{final}",
        tone=Tone.SUCCESS,
    )


def register(registry: Registry) -> None:
    registry.add(
        Command(
            path=("wg", "create"),
            summary="Create a working group and bind this channel to it; you become its chair.",
            handler=create,
            params=(
                Param(
                    "name",
                    Kind.TEXT,
                    "the group's name, like `BPF Cybersecurity`",
                    max_length=MAX_NAME,
                    prose=False,
                ),
                Param(
                    "format",
                    Kind.CHOICE,
                    "bpf, policy-network, dynamic-coalition, fact-finding or other",
                    required=False,
                    vocabulary=VocabularyName.FORMAT,
                    keyword=True,
                ),
            ),
            needs_group=False,
            details=(
                "The format is guessed from the name (BPF, Policy Network, Dynamic Coalition…); "
                "give it with `format:bpf`, `format:policy-network`, `format:dc` or "
                "`format:other` to choose."
            ),
        )
    )
    registry.add(
        Command(
            path=("wg", "goal"),
            summary="Set the desired outcome: what the group will have produced when done.",
            handler=goal,
            params=(
                Param(
                    "text",
                    Kind.TEXT,
                    "the desired outcome, in a sentence or two",
                    max_length=MAX_GOAL,
                ),
            ),
            role=Role.CHAIR,
        )
    )
    registry.add(
        Command(
            path=("wg", "deadline"),
            summary="Set the time frame: a date, or `in 6 weeks`.",
            handler=deadline,
            params=(
                Param(
                    "date",
                    Kind.TEXT,
                    "`2027-03-31`, `in 10 days` or `in 6 weeks`",
                    max_length=MAX_DATE,
                    prose=False,
                ),
            ),
            role=Role.CHAIR,
        )
    )
