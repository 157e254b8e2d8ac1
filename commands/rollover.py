"""The hand-over to the next cycle: `/wg rollover YEAR` (chairs) closes the group's cycle
(read-only from then on, shown by `/wg history YEAR`), carries the charter, liaisons and
goal over with a request to review them, and asks every member "continue in YEAR?" (the
"renew" buttons); members who do not answer in time lapse out of coverage."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.comment_round import comment_line
from bot.core.context import Context
from bot.core.messages import Reply, Section, Tone
from bot.core.params import Args, Kind, Param
from bot.core.registry import ActionSpec, Command, Registry, Role
from bot.domain.charter import CHARTER_SIZE
from bot.domain.cycle import FINAL_REPORT, parse_year
from bot.domain.wording import plural
from bot.ground.errors import UsageError, UserError
from bot.timeline import group_timeline
from commands.cycle import timeline_lines
from storage.cycle.models import RenewalAnswer

MAX_LISTED = 15
RENEW_ACTION = "renew"  # the "continue in YEAR?" buttons: `renew:yes`, `renew:no`


def rollover(ctx: Context, args: Args) -> Reply:
    group = ctx.require_group()
    year = parse_year(args.text("year"))
    line = group_timeline(ctx.store, ctx.settings, group)
    old = line.year
    if old is not None and year <= old:
        raise UsageError(
            f"{group.name} is in the {old} cycle: roll it over to a later year, like "
            f"`\ue000/wg rollover {old + 1}`."
        )
    store, actor, now = ctx.store, ctx.actor.key, ctx.now
    opened = store.comments.open_round(ctx.group_id)
    if opened is not None:  # the round belongs to the finished cycle
        store.comments.close_round(opened, actor, now)
    if old is not None and group.deadline is not None:
        # The finished cycle keeps its final report's date; the deadline starts afresh.
        store.cycle.move(ctx.group_id, old, FINAL_REPORT, group.deadline, actor, now)
    store.cycle.roll_over(ctx.group_id, old, year, actor, now)
    cycle = store.cycle.get(year)
    final = timedelta(days=ctx.settings.cycle_offsets[FINAL_REPORT])
    if cycle is not None:
        store.cycle.start_deadline(group, cycle.meeting + final, actor, now)
    else:
        store.groups.set_field(group, "deadline", None, actor, now)
    members = store.members.of_group(ctx.group_id)
    me = (ctx.actor.platform.value, ctx.actor.user_id)
    store.cycle.ask_renewal(ctx.group_id, year, [(m.platform, m.user_id) for m in members], now)
    mine = store.cycle.renewal(ctx.group_id, year, *me)
    if mine is not None:  # the chair who hands over continues
        store.cycle.answer_renewal(mine, RenewalAnswer.YES.value, now)
    ctx.deliver_soon(ctx.group_id)
    answers = store.charter.answers(ctx.group_id)
    liaisons = [li.org_name for li in store.liaisons.of_group(ctx.group_id)]
    review = (
        f"Goal: {group.goal or 'not set'} (`\ue000/wg goal …` to restate it)",
        f"Charter: {len(answers)}/{CHARTER_SIZE} answers carried over (`/wg charter` to "
        "review them)",
        f"Liaisons: {', '.join(liaisons) or 'none'} (`/wg liaison …`)",
    )
    days = ctx.settings.wgbot_renewal_days
    asked = len(members) - (1 if mine is not None else 0)
    when = "no meeting date yet" if cycle is None else f"meeting {cycle.meeting.isoformat()}"
    return Reply(
        title=f"{group.name}: on to the {year} cycle",
        text=(
            (f"The {old} cycle is kept read-only: `/wg history {old}`. " if old else "")
            + f"The {year} cycle ({when}) starts with the charter, liaisons and goal of the "
            f"last: please review them. {plural(asked, 'member')} "
            f"{'is' if asked == 1 else 'are'} asked whether they continue; those who do not "
            f"answer within {days} days are listed as lapsed."
        ),
        sections=(Section("Carried over: please review", review),),
        tone=Tone.SUCCESS,
    )


def on_renew(ctx: Context, value: str) -> Reply:
    """`renew:yes|no` buttons; the value is `ANSWER:GROUP_ID:YEAR`."""
    answer, _, rest = value.partition(":")
    group_id, _, year = rest.partition(":")
    if answer not in ("yes", "no") or not group_id.isdigit() or not year.isdigit():
        raise UserError("That button is no longer valid.")
    platform, user_id = ctx.actor.platform.value, ctx.actor.user_id
    renewal = ctx.store.cycle.renewal(int(group_id), int(year), platform, user_id)
    group = ctx.store.groups.get(int(group_id))
    if renewal is None or group is None:
        raise UserError("That question was not asked of you.")
    ctx.store.cycle.answer_renewal(renewal, answer, ctx.now)
    if answer == "yes":
        return Reply.ok(f"Welcome to {group.name}'s {year} cycle.", ephemeral=True)
    return Reply.ok(
        f"Noted: you do not continue in {group.name} in {year}. What you did stays in its "
        "history; `/wg join` brings you back any time.",
        ephemeral=True,
    )


def lapsed_names(ctx: Context, year: int, now: datetime) -> list[str]:
    window = timedelta(days=ctx.settings.wgbot_renewal_days)
    names = {
        (m.platform, m.user_id): m.display_name for m in ctx.store.members.of_group(ctx.group_id)
    }
    return [
        names.get((r.platform, r.user_id)) or r.user_id
        for r in ctx.store.cycle.renewals(ctx.group_id, year)
        if r.answer == "no" or (r.answer is None and r.asked_at + window <= now)
    ]


def history_year(ctx: Context, year: int) -> Reply:
    """A finished cycle, read-only: its timeline, drafts, statements, comments, outcome."""
    group = ctx.require_group()
    rows = {r.year: r for r in ctx.store.cycle.years_of(ctx.group_id)}
    row = rows.get(year)
    if row is None:
        years = ", ".join(str(y) for y in sorted(rows)) or "none yet"
        raise UsageError(f"{group.name} has no {year} cycle (its cycles: {years}).")
    earlier = [r.closed_at for y, r in rows.items() if y < year and r.closed_at]
    start = max(earlier) if earlier else None
    end = row.closed_at

    def within(at: datetime) -> bool:
        return (start is None or at >= start) and (end is None or at < end)

    line = group_timeline(ctx.store, ctx.settings, group, year)
    drafts = [d for d in ctx.store.summarizer.drafts(ctx.group_id) if within(d.created_at)]
    statements = [s for s in ctx.store.statements.of_group(ctx.group_id) if within(s.proposed_at)]
    comments = [
        c
        for r in ctx.store.comments.rounds(ctx.group_id, year)
        if r.id is not None
        for c in ctx.store.comments.of_round(r.id)
    ]
    sections = [Section("Timeline", timeline_lines(line, ctx.today))]
    sections.append(
        Section(
            "Drafts",
            tuple(f"v{d.version} of {d.created_at:%Y-%m-%d} ({d.status})" for d in drafts)
            or ("none",),
        )
    )
    sections.append(
        Section(
            "Statements",
            tuple(f"#{s.number} {s.text} ({s.status})" for s in statements[:MAX_LISTED])
            or ("none",),
        )
    )
    sections.append(
        Section("Comments", tuple(comment_line(c) for c in comments[:MAX_LISTED]) or ("none",))
    )
    outcome = next((d for d in drafts if d.status != "discarded"), None)
    state = f"handed over on {end:%Y-%m-%d}, read-only" if end else "the cycle the group is in"
    text = f"{state}. Outcome: " + (
        f"draft v{outcome.version} of {outcome.created_at:%Y-%m-%d}." if outcome else "no draft."
    )
    following = min((y for y in rows if y > year), default=None)
    lapsed = lapsed_names(ctx, following, ctx.now) if following else []
    if lapsed:
        sections.append(Section(f"Lapsed at the hand-over to {following}", tuple(lapsed)))
    return Reply(
        title=f"{group.name}: the {year} cycle", text=text, sections=tuple(sections), ephemeral=True
    )


def register(registry: Registry) -> None:
    registry.add(
        Command(
            path=("wg", "rollover"),
            summary="Hand the group over to the next cycle; members are asked if they continue.",
            handler=rollover,
            params=(Param("year", Kind.WORD, "the new cycle's year, like `2028`"),),
            role=Role.CHAIR,
        )
    )
    registry.add_action(ActionSpec(prefix=RENEW_ACTION, handler=on_renew, needs_group=False))
