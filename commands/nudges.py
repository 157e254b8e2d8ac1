"""The three buttons of a sponsor nudge (R4: the MAG stands by the work). Only the sponsor
the nudge was sent to may answer it; the answer is recorded on the sponsor and shown in
`/wg status`."""

from __future__ import annotations

from datetime import timedelta

from bot.core.context import Context
from bot.core.messages import Button, ButtonStyle, Reply
from bot.core.registry import ActionSpec, Registry
from bot.ground.errors import PermissionDenied, UsageError
from bot.ground.normalise import parse_id
from bot.ground.states import SponsorState

PREFIX = "nudge"
COMMIT, SNOOZE, STEP_DOWN = "commit", "snooze", "stepdown"
ANSWER_LASTS = timedelta(days=7)


def nudge_value(verb: str, group_id: int, sponsor_id: int) -> str:
    """The button's value carries the verb too: action handlers only see the value."""
    return f"{verb}:{group_id}:{sponsor_id}"


def nudge_buttons(group_id: int, sponsor_id: int) -> tuple[Button, ...]:
    def button(label: str, verb: str, style: ButtonStyle = ButtonStyle.DEFAULT) -> Button:
        return Button(label, f"{PREFIX}:{verb}", nudge_value(verb, group_id, sponsor_id), style)

    return (
        button("I commit to support this week", COMMIT, ButtonStyle.PRIMARY),
        button("Snooze a week", SNOOZE),
        button("Step down as sponsor", STEP_DOWN, ButtonStyle.DANGER),
    )


def answer(ctx: Context, value: str) -> Reply:
    """Record the sponsor's answer to a nudge button (`VERB:GROUP:SPONSOR`)."""
    parts = value.split(":")
    group_id = parse_id(parts[1]) if len(parts) == 3 else None
    sponsor_id = parse_id(parts[2]) if len(parts) == 3 else None
    if group_id is None or sponsor_id is None:
        raise UsageError("That button is broken: use `/wg status` instead.")
    verb = parts[0]
    group = ctx.store.groups.get(group_id)
    sponsor = next(
        (
            s
            for s in ctx.store.sponsors.of_group(group_id, include_stepped_down=True)
            if s.id == sponsor_id
        ),
        None,
    )
    if group is None or sponsor is None:
        raise UsageError("That nudge is about a group that no longer exists.")
    if (sponsor.platform, sponsor.user_id) != (ctx.actor.platform.value, ctx.actor.user_id):
        raise PermissionDenied(
            f"Only @{sponsor.display_name or sponsor.user_id}, the sponsor this nudge was sent "
            "to, can answer it."
        )
    if sponsor.state == SponsorState.STEPPED_DOWN.value:
        raise UsageError(f"You already stepped down as sponsor of {group.name}.")
    until = ctx.now + ANSWER_LASTS
    if verb == COMMIT:
        ctx.store.sponsors.set_state(sponsor, SponsorState.COMMITTED, until, ctx.actor.key, ctx.now)
        return Reply.ok(f"Thank you: {group.name} sees that you support it this week.")
    if verb == SNOOZE:
        ctx.store.sponsors.set_state(sponsor, SponsorState.SNOOZED, until, ctx.actor.key, ctx.now)
        return Reply.ok(f"Snoozed: no nudge about {group.name} until {until.date().isoformat()}.")
    if verb == STEP_DOWN:
        ctx.store.sponsors.set_state(
            sponsor, SponsorState.STEPPED_DOWN, None, ctx.actor.key, ctx.now
        )
        return Reply.ok(
            f"You stepped down as sponsor of {group.name}; its chairs can name a new one."
        )
    raise UsageError("That button is no longer active: use `/wg status` instead.")


def register(registry: Registry) -> None:
    registry.add_action(ActionSpec(prefix=PREFIX, handler=answer))
