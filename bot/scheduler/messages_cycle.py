"""What the cycle's scheduled messages say (bot/scheduler/plan_cycle.py plans them), built
from the database as it is when each is sent: a milestone moved or marked done since it was
planned is not announced any more."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.comment_round import numbered_items, round_post, round_summary
from bot.core.messages import Button, ButtonStyle, Reply
from bot.core.ports import DeliveryError
from bot.core.settings import CommandSettings
from bot.domain.cycle import BY_KEY
from bot.domain.dates import local_today
from bot.overview.phases import late_digest
from bot.scheduler import recipients
from bot.scheduler.plan import DueItem
from bot.scheduler.plan_cycle import (
    COMMENTS_CLOSED,
    COMMENTS_OPENED,
    LATE_DIGEST,
    MILESTONE,
    RENEWAL,
    parse_milestone_period,
)
from bot.timeline import group_timeline
from commands.rollover import RENEW_ACTION
from storage.comments.models import RoundStatus
from storage.groups.models import WorkingGroup
from storage.store import Store

# What members are asked to do at their milestones.
MEMBER_ASK = {
    "call-opens": "Send the group your input: post it here, or by email to the list.",
    "call-closes": "Last call for input: what is not in by then waits for the draft.",
    "comments-open": (
        "The draft opens for comments: `\ue000/wg comment N TEXT` on item N, 0 for general."
    ),
    "comments-close": "Comments close: `\ue000/wg comment N TEXT` while it is open.",
}


def build_cycle(store: Store, settings: CommandSettings, item: DueItem, now: datetime) -> Reply:
    if item.kind == LATE_DIGEST:
        digest = late_digest(store, settings, now)
        if digest is None:
            raise DeliveryError("no group runs late any more", permanent=True)
        return digest
    group = store.groups.get(item.group_id)
    if group is None:
        raise DeliveryError(f"group {item.group_id} is gone", permanent=True)
    if item.kind == MILESTONE:
        return milestone_reminder(store, settings, group, item)
    if item.kind == COMMENTS_OPENED:
        return opened_post(store, group, item, now)
    if item.kind == COMMENTS_CLOSED:
        found = next(
            (r for r in store.comments.rounds(item.group_id) if f"r{r.id}" == item.period), None
        )
        if found is None:
            raise DeliveryError("the comment round is gone", permanent=True)
        if found.status == RoundStatus.OPEN.value:
            # The round's last day is over: it closes as the summary goes out.
            store.comments.close_round(found, "wgbot", now)
        return round_summary(store, settings, group.name, found)
    if item.kind == RENEWAL:
        return renewal_question(store, settings, group, item, now)
    raise DeliveryError(f"unknown kind {item.kind}", permanent=True)


def milestone_reminder(
    store: Store, settings: CommandSettings, group: WorkingGroup, item: DueItem
) -> Reply:
    year, key, day, days = parse_milestone_period(item.period)
    line = group_timeline(store, settings, group)
    milestone = line.get(key)
    if line.year != year or milestone is None or milestone.due != day:
        raise DeliveryError("the milestone moved since", permanent=True)
    if milestone.done:
        raise DeliveryError("the milestone is done already", permanent=True)
    when = "today" if days == 0 else f"in {days} days, on {day.isoformat()}"
    to = recipients.decode(item.recipient)
    chair = any(
        c.platform == to.platform.value and c.user_id == to.id
        for c in store.members.chairs(item.group_id)
    )
    if chair:
        text = (
            f"{milestone.label} is due {when}. "
            f"When it is reached: `\ue000/wg milestone {key} done`; "
            f"to move it: `\ue000/wg milestone {key} DATE`. "
            "`\ue000/wg timeline` shows the whole cycle."
        )
    else:
        text = f"{milestone.label} is due {when}. {MEMBER_ASK.get(key, '')}".strip()
    return Reply(
        title=f"{group.name}: {milestone.label} {'today' if days == 0 else f'in {days} days'}",
        text=text,
        metadata={"kind": "milestone", "phase": BY_KEY[key].phase},
    )


def renewal_question(
    store: Store, settings: CommandSettings, group: WorkingGroup, item: DueItem, now: datetime
) -> Reply:
    to = recipients.decode(item.recipient)
    renewal = store.cycle.renewal(item.group_id, int(item.period), to.platform.value, to.id)
    if renewal is None or renewal.answer is not None:
        raise DeliveryError("answered already", permanent=True)
    until = local_today(renewal.asked_at + timedelta(days=settings.wgbot_renewal_days), "UTC")
    value = f"{item.group_id}:{item.period}"
    return Reply(
        title=f"{group.name}: continue in {item.period}?",
        text=(
            f"{group.name} is starting its {item.period} cycle. Will you continue in it? "
            f"Without an answer by {until.isoformat()} you are listed as lapsed: you stop "
            "counting for the group's coverage (what you did stays in its history)."
        ),
        buttons=(
            Button("Yes", f"{RENEW_ACTION}:yes", f"yes:{value}", ButtonStyle.PRIMARY),
            Button("No", f"{RENEW_ACTION}:no", f"no:{value}"),
        ),
    )


def opened_post(store: Store, group: WorkingGroup, item: DueItem, now: datetime) -> Reply:
    """The numbered draft for a list, while its round is open."""
    found = next(
        (r for r in store.comments.rounds(item.group_id) if f"r{r.id}" == item.period), None
    )
    if found is None or found.status != RoundStatus.OPEN.value:
        raise DeliveryError("the comment round is over", permanent=True)
    if found.closes_on < local_today(now, group.timezone):
        raise DeliveryError("the comment round is over", permanent=True)
    draft = next(
        (d for d in store.summarizer.drafts(item.group_id) if d.version == found.draft_version),
        None,
    )
    if draft is None:
        raise DeliveryError("the draft is gone", permanent=True)
    return round_post(group.name, draft, numbered_items(draft), found.closes_on)
