"""A sponsor's answer to a nudge from email (a one-click link or a keyword reply), carried out
by the same core action handler as the Slack and Discord nudge buttons (commands/nudges.py)
through the dispatcher, so the rules (only that sponsor, stepped down is final) live once.

Answering twice is harmless and says so: the answer's Dedupe (bot/core/dedupe.py) is the
sponsor's own state, checked in the transaction that would act: when it already holds this
answer, given after the nudge went out, nothing is done again and an old link never extends a
commitment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.app import App
from bot.core.dispatcher import is_duplicate
from bot.core.messages import Action, Actor, Platform, Reply, Tone, Where
from bot.ground.states import SponsorState
from commands.nudges import COMMIT, PREFIX, SNOOZE, STEP_DOWN, nudge_value
from storage.store import Store

ACTED, ALREADY, REFUSED = "acted", "already", "refused"

STATE_OF = {
    COMMIT: SponsorState.COMMITTED,
    SNOOZE: SponsorState.SNOOZED,
    STEP_DOWN: SponsorState.STEPPED_DOWN,
}
LABEL_OF = {
    COMMIT: "I commit to support this week",
    SNOOZE: "Snooze a week",
    STEP_DOWN: "Step down as sponsor",
}


@dataclass(frozen=True)
class NudgeAnswer:
    group_id: int
    sponsor_id: int
    address: str  # the sponsor's identity on the email platform
    period: str  # the nudge's delivery period
    verb: str
    since: datetime  # when the nudge (or its link) was made


@dataclass(frozen=True)
class Answered:
    outcome: str  # acted | already | refused (and, from replies.py, explained | ignored)
    detail: str


def group_name(app: App, group_id: int) -> str | None:
    with app.database.session() as session:
        group = Store(session).groups.get(group_id)
        return group.name if group else None


def _already_holds(store: Store, answer: NudgeAnswer) -> bool:
    """The sponsor's state already is this answer, given after the nudge went out."""
    sponsors = store.sponsors.of_group(answer.group_id, include_stepped_down=True)
    sponsor = next((s for s in sponsors if s.id == answer.sponsor_id), None)
    return (
        sponsor is not None
        and (sponsor.platform, sponsor.user_id) == (Platform.EMAIL.value, answer.address)
        and sponsor.state == STATE_OF[answer.verb].value
        and sponsor.updated_at >= answer.since
    )


@dataclass(frozen=True)
class AnswerOnce:
    """The core's Dedupe for an email answer: no table of its own, the sponsor's state is the
    record (checked in the transaction that would act)."""

    answer: NudgeAnswer

    def claim(self, store: Store, now: datetime) -> bool:
        return not _already_holds(store, self.answer)


def _already_said(app: App, answer: NudgeAnswer) -> str:
    with app.database.session() as session:
        store = Store(session)
        group = store.groups.get(answer.group_id)
        sponsors = store.sponsors.of_group(answer.group_id, include_stepped_down=True)
        sponsor = next((s for s in sponsors if s.id == answer.sponsor_id), None)
        name = group.name if group else "the group"
        until = sponsor.state_until if sponsor else None
    if answer.verb == STEP_DOWN:
        return f"Already done: you stepped down as sponsor of {name}."
    what = "committed to support" if answer.verb == COMMIT else "snoozed the nudges about"
    return f"Already done: you {what} {name}" + (
        f" until {until.date().isoformat()}." if until else "."
    )


def answer_nudge(app: App, answer: NudgeAnswer) -> tuple[str, Reply]:
    """(outcome, the core's reply) for one answer from email."""
    action = Action(
        actor=Actor(Platform.EMAIL, answer.address),
        where=Where(Platform.EMAIL, answer.address),
        action_id=f"{PREFIX}:{answer.verb}",
        value=nudge_value(answer.verb, answer.group_id, answer.sponsor_id),
    )
    reply = app.dispatcher.handle_action(action, dedupe=AnswerOnce(answer))
    if is_duplicate(reply):
        return ALREADY, Reply(text=_already_said(app, answer), tone=Tone.SUCCESS)
    if reply.tone is Tone.ERROR:
        return REFUSED, reply
    return ACTED, reply
