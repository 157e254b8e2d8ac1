"""Voting on a statement: `/wg vote` and the Agree / Disagree / Pass buttons (action prefix
`vote`), open to members with a stakeholder group (docs/consensus.md)."""

from __future__ import annotations

from bot.core.context import Context
from bot.core.messages import Button, ButtonStyle, Reply
from bot.core.params import Args
from bot.domain.consensus import Choice
from bot.domain.dates import local_today
from bot.ground.errors import PermissionDenied, UsageError, UserError
from commands.consensus_view import is_frozen
from storage.consensus.models import Statement, StatementStatus
from storage.groups.models import Member, WorkingGroup

MAX_REASON = 1000
BUTTONS = (
    (Choice.AGREE, "Agree", ButtonStyle.PRIMARY),
    (Choice.DISAGREE, "Disagree", ButtonStyle.DANGER),
    (Choice.PASS, "Pass", ButtonStyle.DEFAULT),
)
CHOICES_HINT = "`agree`, `disagree` or `pass`"


def join_hint(group: WorkingGroup) -> str:
    return (
        f"Only members of {group.name} with a stakeholder group can vote: join with "
        "`/wg join GROUP [REGION]`, then vote again."
    )


def voter(ctx: Context, group: WorkingGroup) -> Member:
    assert group.id is not None
    member = ctx.store.members.get(group.id, ctx.actor.platform.value, ctx.actor.user_id)
    if member is None or not member.stakeholder_group:
        raise PermissionDenied(join_hint(group))
    return member


def numbered_statement(ctx: Context, number: int) -> Statement:
    row = ctx.store.statements.get(ctx.group_id, number)
    if row is None:
        raise UsageError(
            f"There is no statement #{number} here: `/wg consensus` lists the statements."
        )
    return row


def vote_buttons(statement: Statement) -> tuple[Button, ...]:
    """Agree / Disagree / Pass: action `vote:CHOICE`, value `CHOICE:STATEMENT_ID` (persistent:
    nothing but the id is needed to route a click, after any restart)."""
    assert statement.id is not None
    return tuple(
        Button(label, f"vote:{choice.value}", f"{choice.value}:{statement.id}", style)
        for choice, label, style in BUTTONS
    )


def _split_reason(reason: str | None) -> tuple[str | None, bool]:
    """`named …` signs the reason; without it the reason is quoted by stakeholder group."""
    if not reason:
        return None, False
    head, _, rest = reason.strip().partition(" ")
    if head.lower() == "named":
        return (rest.strip() or None), True
    return reason.strip(), False


def cast(
    ctx: Context,
    statement: Statement,
    choice: Choice,
    reason: str | None,
    *,
    button: bool = False,
) -> Reply:
    group = ctx.store.groups.get(statement.group_id)
    assert group is not None
    today = local_today(ctx.now, group.timezone)
    if statement.status == StatementStatus.WITHDRAWN.value:
        raise UserError(
            f"Statement #{statement.number} was withdrawn: there is nothing to vote on."
        )
    if is_frozen(statement, today):
        raise UserError(
            f"Voting on statement #{statement.number} has ended: its results are frozen "
            f"(`/wg consensus {statement.number}`)."
        )
    member = voter(ctx, group)
    text, named = _split_reason(reason)
    if text is not None and len(text) > MAX_REASON:
        raise UsageError(f"That reason is {len(text)} characters: keep it under {MAX_REASON}.")
    kept, dropped = _earlier_reason(ctx, statement, choice) if button else (None, False)
    if kept is not None:  # a button carries no reason: the same choice keeps the earlier one
        text, named = kept
    _, previous = ctx.store.votes.cast(
        statement,
        ctx.actor.key,
        ctx.actor.name,
        member.stakeholder_group or "",
        member.region,
        choice.value,
        text,
        named,
        ctx.now,
    )
    said = f"Your vote on statement #{statement.number}: {choice.value}"
    if previous is not None and previous != choice.value:
        said += f" (it was {previous})"
    elif previous is not None:
        said += " (unchanged)"
    said += f", counted for {member.stakeholder_group}."
    if kept is not None:
        said += " Your earlier reason stays on record" + (" with your name." if named else ".")
    elif text:
        said += (
            " Your reason is on record with your name."
            if named
            else " Your reason is on record without your name (start it with `named` to sign it)."
        )
    if dropped:
        said += (
            f" Your earlier reason went with your earlier vote: give one with "
            f"`/wg vote {statement.number} {choice.value} REASON`."
        )
    return Reply.ok(said, ephemeral=True)


def _earlier_reason(
    ctx: Context, statement: Statement, choice: Choice
) -> tuple[tuple[str, bool] | None, bool]:
    """((reason, named) to keep, or None; whether an earlier reason is dropped): a button
    press on the same choice keeps the reason typed before; a different choice drops it
    (a reason for disagreeing is no reason for agreeing), and the reply says so."""
    assert statement.id is not None
    earlier = ctx.store.votes.get(statement.id, ctx.actor.key)
    if earlier is None or not earlier.reason:
        return None, False
    if earlier.choice == choice.value:
        return (earlier.reason, earlier.named), False
    return None, True


def vote(ctx: Context, args: Args) -> Reply:
    number = args.opt_int("number")
    assert number is not None
    raw = args.text("choice")
    choice = Choice.parse(raw)
    if choice is None:
        raise UsageError(
            f"`{raw}` is not a vote: use {CHOICES_HINT}. "
            f"Usage: `/wg vote {number} agree|disagree|pass [REASON…]`"
        )
    return cast(ctx, numbered_statement(ctx, number), choice, args.opt_text("reason"))


def on_button(ctx: Context, value: str) -> Reply:
    """`vote:agree|disagree|pass` buttons; the value is `CHOICE:STATEMENT_ID`, so the group is
    the statement's whatever channel the button is in."""
    raw_choice, _, statement_id = value.partition(":")
    choice = Choice.parse(raw_choice)
    if choice is None or not statement_id.isdigit():
        raise UserError("That button is no longer valid: type `/wg vote N agree|disagree|pass`.")
    statement = ctx.store.statements.by_id(int(statement_id))
    if statement is None:
        raise UserError("That statement no longer exists.")
    return cast(ctx, statement, choice, None, button=True)
