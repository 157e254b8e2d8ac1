"""The IGF cycle: `/wg cycle` (the MAG sets the meeting date), `/wg timeline` (a group's
milestones, with a Gantt picture on Slack and Discord) and `/wg milestone` (chairs move or
mark one). The final report is the old deadline: `/wg deadline` keeps working."""

from __future__ import annotations

from datetime import date, timedelta

from bot.core.context import Context
from bot.core.messages import Attachment, Reply, Section, Tone
from bot.core.params import Args, Kind, Param
from bot.core.registry import Command, Registry, Role
from bot.domain.cycle import (
    BY_KEY,
    FINAL_REPORT,
    KINDS,
    check_order,
    default_dates,
    milestone_key,
    parse_day,
    parse_year,
)
from bot.ground.errors import UsageError
from bot.timeline import Timeline, group_timeline, phase_line
from bot.timeline_chart import timeline_png

PICTURE_PLATFORMS = ("slack", "discord")
CYCLE_USAGE = "`\ue000/wg cycle 2027 meeting 2027-06-22`"


def _offset(days: int) -> str:
    if days == 0:
        return "the meeting date"
    weeks, rest = divmod(abs(days), 7)
    amount = (f"{weeks} week" + ("s" if weeks != 1 else "")) if not rest else f"{abs(days)} days"
    return f"{amount} {'before' if days < 0 else 'after'}"


def cycle(ctx: Context, args: Args) -> Reply:
    words = (args.opt_text("text") or "").split()
    if not words:
        return _show_cycle(ctx)
    ctx.require_admin()
    year = parse_year(words[0])
    if len(words) != 3 or words[1].lower() != "meeting":
        raise UsageError(
            f"A cycle needs its meeting date: {CYCLE_USAGE} (the year, `meeting`, the date)."
        )
    meeting = parse_day(words[2], "the meeting date")
    if abs(meeting.year - year) > 1:
        raise UsageError(
            f"The {year} cycle's meeting on {meeting.isoformat()} is not near {year}: give a "
            f"date in {year}, like {CYCLE_USAGE}."
        )
    final = timedelta(days=ctx.settings.cycle_offsets[FINAL_REPORT])
    changed = ctx.store.cycle.set_meeting(year, meeting, final, ctx.actor.key, ctx.now)
    dates = default_dates(meeting, ctx.settings.cycle_offsets)
    lines = tuple(f"{k.label}: {dates[k.key].isoformat()}" for k in KINDS)
    text = (
        f"Every group in the {year} cycle counts its milestones back from the meeting on "
        f"{meeting.isoformat()}; chairs move theirs with `\ue000/wg milestone NAME DATE`."
    )
    if not changed:
        text = f"The {year} cycle already has its meeting on {meeting.isoformat()}. " + text
    return Reply(
        title=f"IGF cycle {year}: meeting {meeting.isoformat()}",
        text=text,
        sections=(Section("Default milestones", lines),),
        tone=Tone.SUCCESS if changed else Tone.INFO,
    )


def _show_cycle(ctx: Context) -> Reply:
    newest = ctx.store.cycle.newest()
    if newest is None:
        raise UsageError(f"No cycle is set yet: a MAG admin sets one with {CYCLE_USAGE}.")
    offsets = ctx.settings.cycle_offsets
    dates = default_dates(newest.meeting, offsets)
    lines = tuple(
        f"{k.label} (`{k.key}`): {dates[k.key].isoformat()} · {_offset(offsets[k.key])}"
        for k in KINDS
    )
    return Reply(
        title=f"IGF cycle {newest.year}: meeting {newest.meeting.isoformat()}",
        text="The default milestones of every group in this cycle (offsets are settings: "
        "WGBOT_CYCLE_OFFSETS).",
        sections=(Section("Default milestones", lines),),
        ephemeral=True,
    )


def timeline_lines(line: Timeline, today: date) -> tuple[str, ...]:
    """Each milestone with its date and state, and a `▶ today` mark where today falls."""
    out: list[str] = []
    marked = False
    for m in line.milestones:
        if not marked and m.due > today:
            out.append(f"▶ today {today.isoformat()}")
            marked = True
        tick = "✓" if m.done else "⚠" if m.days_late(today) else "·"
        out.append(f"{tick} {m.due.isoformat()} {m.label} (`{m.key}`): {m.state(today)}")
    if not marked:
        out.append(f"▶ today {today.isoformat()}")
    return tuple(out)


def show_timeline(ctx: Context, _args: Args) -> Reply:
    group = ctx.require_group()
    line = group_timeline(ctx.store, ctx.settings, group)
    if not line.milestones:
        raise UsageError(
            f"This group has no timeline yet: {phase_line(line, ctx.today)}, or a chair sets "
            "the final report with `\ue000/wg deadline DATE`."
        )
    title = f"{group.name}: timeline" + (f" {line.year}" if line.year else "")
    attachments: tuple[Attachment, ...] = ()
    if ctx.actor.platform.value in PICTURE_PLATFORMS:
        png = timeline_png(group.name, line, ctx.today)
        attachments = (Attachment("timeline.png", png, "image/png", title),)
    return Reply(
        title=title,
        text=f"Phase: {phase_line(line, ctx.today)}",
        sections=(Section("Milestones", timeline_lines(line, ctx.today)),),
        attachments=attachments,
        ephemeral=True,
    )


def _require_open_cycle(ctx: Context) -> Timeline:
    line = group_timeline(ctx.store, ctx.settings, ctx.require_group())
    if line.closed:
        raise UsageError(f"The {line.year} cycle was handed over: it is read-only now.")
    return line


def milestone(ctx: Context, args: Args) -> Reply:
    group = ctx.require_group()
    name, value = args.text("name"), args.text("date").strip()
    if name.strip().lower() == "list":  # `/wg milestone list on|off`
        return _list_reminders(ctx, value)
    key = milestone_key(name)
    line = _require_open_cycle(ctx)
    if line.year is None and key != FINAL_REPORT:
        raise UsageError(
            f"There is no cycle yet to hold that milestone: a MAG admin sets one with "
            f"{CYCLE_USAGE} (the final report works without: `\ue000/wg deadline DATE`)."
        )
    current = line.get(key)
    label = BY_KEY[key].label
    if value.lower() in ("done", "undone"):
        if current is None:
            raise UsageError(
                f"{label} has no date yet: {phase_line(line, ctx.today)}, or give it one with "
                f"`\ue000/wg milestone {key} DATE`."
            )
        done_on = ctx.today if value.lower() == "done" else None
        if current.done_on == done_on or (done_on and current.done):
            return Reply(text=f"{label} is already {current.state(ctx.today)}.", ephemeral=True)
        year = line.year if line.year is not None else 0
        ctx.store.cycle.mark_done(ctx.group_id, year, key, done_on, ctx.actor.key, ctx.now)
        said = "marked done" if done_on else "open again"
        return Reply(
            title=f"{label}: {said}",
            text=f"{group.name}: {label} ({current.due.isoformat()}) is {said}.",
            tone=Tone.SUCCESS,
        )
    day = parse_day(value, f"the new date of {label} (or `done`)")
    return set_milestone_date(ctx, line, key, day)


def set_milestone_date(ctx: Context, line: Timeline, key: str, day: date) -> Reply:
    """Move one milestone (the final report: the group's deadline), keeping the cycle's
    order; the one-line error names the neighbour to move first."""
    group = ctx.require_group()
    others = [m for m in line.milestones if m.key != key]
    check_order(others, key, day)
    current = line.get(key)
    label = next(k.label for k in KINDS if k.key == key)
    if current is not None and current.due == day:
        return Reply(text=f"{label} already is on {day.isoformat()}.", ephemeral=True)
    if key == FINAL_REPORT:
        ctx.store.groups.set_field(group, "deadline", day, ctx.actor.key, ctx.now)
    else:
        assert line.year is not None
        ctx.store.cycle.move(ctx.group_id, line.year, key, day, ctx.actor.key, ctx.now)
    days = (day - ctx.today).days
    when = f"in {days} days" if days > 0 else "today" if days == 0 else f"{-days} days ago"
    return Reply(
        title=f"{label} moved",
        text=f"{group.name}: {label} is on {day.isoformat()} ({when}).",
        tone=Tone.SUCCESS,
    )


def _list_reminders(ctx: Context, value: str) -> Reply:
    on = value.lower()
    if on not in ("on", "off"):
        raise UsageError(
            "Write `\ue000/wg milestone list on` to send the members' milestone reminders to the "
            "group's mailing list too, `off` to stop."
        )
    line = _require_open_cycle(ctx)
    if line.year is None:
        raise UsageError(f"There is no cycle yet: a MAG admin sets one with {CYCLE_USAGE}.")
    changed = ctx.store.cycle.set_list_reminders(
        ctx.group_id, line.year, on == "on", ctx.actor.key, ctx.now
    )
    what = (
        "The mailing list gets the call-for-input and comment reminders too."
        if on == "on"
        else "The mailing list gets no milestone reminders."
    )
    return Reply.ok(what + ("" if changed else " (It already was so.)"))


def register(registry: Registry) -> None:
    registry.add(
        Command(
            path=("wg", "cycle"),
            summary="The IGF cycle: show it, or set its meeting date (admins).",
            handler=cycle,
            params=(
                Param(
                    "text",
                    Kind.TEXT,
                    "`2027 meeting 2027-06-22` to set; nothing to show",
                    required=False,
                    max_length=60,
                    prose=False,
                ),
            ),
            role=Role.MAG,
            needs_group=False,
            details="Every group's milestones are counted back from the meeting date; "
            "WGBOT_CYCLE_OFFSETS sets the distances.",
        )
    )
    registry.add(
        Command(
            path=("wg", "timeline"),
            discord_area="cycle",  # `/wg` is full on Discord
            readonly=True,
            summary="The group's milestones in this cycle: dates, what is done, what is late.",
            handler=show_timeline,
        )
    )
    registry.add(
        Command(
            path=("wg", "milestone"),
            summary="Move a milestone to a date, or mark it `done`.",
            handler=milestone,
            params=(
                Param("name", Kind.WORD, "a milestone, like `draft` (see `\ue000/wg timeline`)"),
                Param(
                    "date",
                    Kind.WORD,
                    "`2027-05-01`, `done` or `undone` (for `list`: `on` or `off`)",
                ),
            ),
            role=Role.CHAIR,
            details="`\ue000/wg milestone list on` also sends the members' reminders (call for "
            "input, comments) to the group's mailing list.",
        )
    )
