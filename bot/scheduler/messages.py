"""What each scheduled message says. Built at send time from the database, so a retry a day
later tells the current state. Wording is shared with `/wg status` (commands.presenters,
bot.domain) rather than repeated."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.messages import Field, Reply, Section, Tone
from bot.core.settings import CommandSettings
from bot.domain.charter import CHARTER_SIZE
from bot.domain.consensus import verdict_phrase
from bot.domain.coverage import Coverage
from bot.domain.coverage_mutes import without_muted
from bot.domain.dates import days_left_phrase, local_today
from bot.scheduler.due import OVERDUE, first_weekly_slot
from bot.timeline import phase_field
from commands.consensus_view import map_of, state_phrase
from commands.consensus_vote import vote_buttons
from commands.nudges import nudge_buttons
from commands.presenters import VOICES_WINDOW_DAYS, coverage_of, last_draft_phrase
from storage.base import week_start
from storage.consensus.models import Statement
from storage.deliveries.models import Delivery
from storage.groups.models import WorkingGroup
from storage.people.repo import ZoneFrom, zone_of
from storage.sponsors.models import Sponsor
from storage.store import Store

GOAL_NOT_SET = "not set (`\ue000/wg goal …`)"
MAX_ASKS = 10


def group_warnings(
    store: Store, settings: CommandSettings, group: WorkingGroup, now: datetime
) -> Coverage:
    """The group's coverage over the recent window, with the chairs' mutes applied."""
    assert group.id is not None
    since = local_today(now, group.timezone) - timedelta(days=VOICES_WINDOW_DAYS)
    coverage, _ = coverage_of(store, settings, group.id, since, now)
    muted = {m.topic for m in store.coverage_mutes.of_group(group.id)}
    return without_muted(coverage, muted)


def nudge(
    store: Store, settings: CommandSettings, group: WorkingGroup, sponsor: Sponsor, now: datetime
) -> Reply:
    assert group.id is not None and sponsor.id is not None
    today = local_today(now, group.timezone)
    gaps = group_warnings(store, settings, group, now).warnings
    this_week, outsiders = coverage_of(store, settings, group.id, week_start(today), now)
    heard = [f"{name}: {n}" for name, n in this_week.voices or () if n]
    if outsiders:
        heard.append(f"people who have not joined: {outsiders}")
    asks = store.asks.open(group.id)
    ask_lines = [
        f"#{a.number} {a.text} (@{a.asked_by_name or a.asked_by})" for a in asks[:MAX_ASKS]
    ]
    if len(asks) > MAX_ASKS:
        ask_lines.append(f"… and {len(asks) - MAX_ASKS} more: see `/wg status`")
    phase, late = phase_field(store, settings, group, today)
    sections = (
        *((Section("Running late", tuple(f"⚠ {w}" for w in late)),) if late else ()),
        Section("Coverage gaps", tuple(f"⚠ {g}" for g in gaps) or ("None: all are at the table.",)),
        Section("Voices heard this week (messages)", tuple(heard) or ("Nobody wrote yet.",)),
        Section(f"Open asks for you ({len(asks)})", tuple(ask_lines) or ("No open asks.",)),
    )
    return Reply(
        title=f"{group.name}: your weekly sponsor nudge",
        text=(
            f"You are the MAG sponsor of {group.name}. Here is where it stands; one click "
            "tells the volunteers you stand by them."
        ),
        fields=(
            Field("Goal", group.goal or "not set", inline=False),
            Field("Deadline", days_left_phrase(group.deadline, today)),
            *((Field("Phase", phase, inline=False),) if phase else ()),
            Field("Charter", f"{len(store.charter.answers(group.id))}/{CHARTER_SIZE}"),
            Field("Last draft", last_draft_phrase(store, group.id)),
        ),
        sections=sections,
        buttons=nudge_buttons(group.id, sponsor.id),
    )


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ZONE_FROM = {
    ZoneFrom.OWN: "your `/wg timezone` setting",
    ZoneFrom.PLATFORM: "your profile on this platform",
    ZoneFrom.GROUP: "the group's timezone, as yours is not known",
}


def welcome(
    store: Store, settings: CommandSettings, group: WorkingGroup, sponsor: Sponsor, now: datetime
) -> Reply:
    """A newly named sponsor learns at once what they stand by and what the nudges ask."""
    assert group.id is not None and sponsor.id is not None
    person = store.people.get(sponsor.platform, sponsor.user_id)
    zone, source = zone_of(person, group.timezone)
    weekday, hour = settings.wgbot_nudge_weekday, settings.wgbot_nudge_hour
    first = first_weekly_slot(sponsor.assigned_at, zone, weekday, hour).astimezone(ZoneInfo(zone))
    buttons = nudge_buttons(group.id, sponsor.id)
    commit, snooze, step_down = (f"“{b.label}”" for b in buttons)
    when = f"every {WEEKDAYS[weekday]} at {hour:02d}:00 your time ({zone})"
    return Reply(
        title=f"{group.name}: you are its MAG sponsor",
        text=(
            f"You have been named MAG sponsor of {group.name} ({group.format}). Its "
            "volunteers count on the MAG standing by their work: this is what that asks of you."
        ),
        fields=(
            Field("Goal", group.goal or "not set yet", inline=False),
            Field("Deadline", days_left_phrase(group.deadline, local_today(now, group.timezone))),
        ),
        sections=(
            Section(
                "Your weekly nudge",
                (
                    f"{when[:1].upper()}{when[1:]}, first on {first.date().isoformat()}, I "
                    "send you where the group stands: the coverage gaps, the voices heard that "
                    "week and the volunteers' open asks for you.",
                    f"Your time comes from {ZONE_FROM[source]}; change it with "
                    "`/wg timezone Area/City` (for example `/wg timezone Africa/Nairobi`).",
                ),
            ),
            Section(
                "Your answer, with one click",
                (
                    f"{commit}: the group sees that you stand by it this week.",
                    f"{snooze}: no nudge for a week.",
                    f"{step_down}: you stop being its sponsor and its chairs are free to "
                    "name another. The same three buttons come with every nudge.",
                ),
            ),
        ),
        buttons=buttons,
        tone=Tone.INFO,
    )


def deadline(group: WorkingGroup, period: str, now: datetime) -> Reply:
    today = local_today(now, group.timezone)
    phrase = days_left_phrase(group.deadline, today)
    if period.endswith(OVERDUE):
        return Reply(
            title=f"{group.name}: the deadline has passed",
            text=f"{phrase[:1].upper()}{phrase[1:]}. Chairs: agree a new deadline "
            "(`\ue000/wg deadline …`), or record where the work ended (`\ue000/wg export`).",
            tone=Tone.WARNING,
        )
    return Reply(
        title=f"{group.name}: deadline reminder",
        text=f"{phrase[:1].upper()}{phrase[1:]}. Goal: {group.goal or GOAL_NOT_SET}",
        tone=Tone.INFO,
    )


def vote_reminder(
    store: Store,
    settings: CommandSettings,
    group: WorkingGroup,
    statement: Statement,
    now: datetime,
) -> Reply:
    """Before a statement's vote ends: where it stands, who has not been heard, the buttons."""
    assert statement.id is not None and statement.closes_on is not None
    today = local_today(now, group.timezone)
    result = map_of(settings, store.votes.of_statement(statement.id))
    thresholds = settings.consensus_thresholds
    lines = [f"So far: {verdict_phrase(result, thresholds)}."]
    if result.groups_not_heard:
        lines.append("Not heard yet: " + ", ".join(result.groups_not_heard) + ".")
    return Reply(
        title=f"{group.name}: voting on statement #{statement.number} ends "
        f"{statement.closes_on.isoformat()}",
        text=statement.text,
        fields=(Field("Voting", state_phrase(statement, today)),),
        sections=(Section("Where it stands", tuple(lines)),),
        buttons=vote_buttons(statement),
        tone=Tone.INFO,
    )


def coverage_warning(coverage: Coverage, group: WorkingGroup) -> Reply:
    return Reply(
        title=f"{group.name}: who is missing from the table",
        text="This week's coverage check found gaps. `/wg coverage` shows the counts; a chair "
        "can mute one with `\ue000/wg mute coverage GROUP REASON`.",
        sections=(Section("Warnings", tuple(f"⚠ {w}" for w in coverage.warnings)),),
        tone=Tone.WARNING,
    )


def escalation(group: WorkingGroup, sponsor: Sponsor, unanswered: int) -> Reply:
    who = f"@{sponsor.display_name or sponsor.user_id}"
    return Reply(
        title=f"{group.name}: the MAG sponsor is silent",
        text=(
            f"{who} has left {unanswered} weekly nudges in a row unanswered. Chairs and MAG "
            "admins: check in with them, or name another sponsor with `\ue000/wg sponsor @user`."
        ),
        tone=Tone.WARNING,
    )


def failure_report(about: str, failed: Delivery) -> Reply:
    """`about`: the group's name (or "all groups" for the digest)."""
    return Reply(
        title="A scheduled message could not be delivered",
        text=(
            f"The {failed.kind} for {about} to {failed.recipient} ({failed.period}) failed "
            f"{failed.attempts} times and was given up: {failed.last_error or 'unknown error'}"
        ),
        tone=Tone.ERROR,
    )
