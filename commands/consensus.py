"""Statements and the convergence map (docs/consensus.md): `/wg propose`, `/wg consensus`, and
the registration of voting (`/wg vote` and its buttons live in consensus_vote.py)."""

from __future__ import annotations

import re
from datetime import date

from bot.core.context import Context
from bot.core.messages import Attachment, Field, Reply, Section, Tone
from bot.core.params import Args, Kind, Param
from bot.core.registry import ActionSpec, Command, Registry
from bot.domain.consensus import Choice, Verdict, verdict_phrase
from bot.domain.wording import plural
from bot.ground.errors import UsageError
from commands.consensus_view import (
    dissent,
    map_of,
    plain_lines,
    quote,
    results,
    state_phrase,
    tally_phrase,
)
from commands.consensus_vote import (
    MAX_REASON,
    numbered_statement,
    on_button,
    vote,
    vote_buttons,
    voter,
)
from storage.consensus.models import Statement, StatementStatus
from storage.groups.models import WorkingGroup

MAX_STATEMENT = 1000
MAX_YEARS_AHEAD = 5
MAX_NUMBER = 999_999  # statement numbers (a 20-digit number is refused, not overflowed)
VERBS = ("close", "withdraw", "from-draft")
_BY = re.compile(r"\s+by:(\S*)\s*$", re.IGNORECASE)


def _closing_date(raw: str, today: date) -> date:
    try:
        when = date.fromisoformat(raw)
    except ValueError:
        raise UsageError(
            f"`by:{raw}` is not a closing date: write it as `by:2027-03-01`."
        ) from None
    if when < today:
        raise UsageError(f"The closing date {when.isoformat()} has passed: give a later one.")
    if when.year > today.year + MAX_YEARS_AHEAD:
        raise UsageError(f"The closing date {when.isoformat()} is too far away.")
    return when


def _statement_reply(statement: Statement, group: WorkingGroup, today: date) -> Reply:
    assert statement.id is not None
    return Reply(
        title=f"Statement #{statement.number} for {group.name}",
        text=statement.text,
        fields=(
            Field("Proposed by", statement.proposed_by_name or statement.proposed_by),
            Field("Voting", state_phrase(statement, today)),
        ),
        sections=(
            Section(
                "How to vote",
                (
                    "Members with a stakeholder group press a button, or type "
                    f"`/wg vote {statement.number} agree|disagree|pass [REASON…]`. "
                    "A second vote replaces the first.",
                ),
            ),
        ),
        buttons=vote_buttons(statement),
        tone=Tone.SUCCESS,
    )


def _propose_text(ctx: Context, raw: str) -> Reply:
    group = ctx.require_group()
    if not (ctx.is_admin or ctx.is_chair()):
        voter(ctx, group)
    closes_on = None
    match = _BY.search(" " + raw)
    if match:
        closes_on = _closing_date(match.group(1), ctx.today)
        raw = (" " + raw)[: match.start()]
    text = raw.strip()  # the core's input boundary refused control characters already
    if not text:
        raise UsageError("Missing TEXT: write the statement, e.g. `/wg propose Adopt BCP 38`.")
    if len(text) > MAX_STATEMENT:
        raise UsageError(
            f"That statement is {len(text)} characters: keep it under {MAX_STATEMENT}."
        )
    return _add(ctx, group, text, closes_on, None)


def _add(
    ctx: Context, group: WorkingGroup, text: str, closes_on: date | None, source: str | None
) -> Reply:
    row = ctx.store.statements.add(
        ctx.group_id, text, closes_on, source, ctx.actor.key, ctx.actor.name, ctx.now
    )
    return _statement_reply(row, group, ctx.today)


def _from_draft(ctx: Context, number: int) -> Reply:
    from bot.domain.draft_schema import DraftBody

    group = ctx.require_group()
    if not (ctx.is_admin or ctx.is_chair()):
        voter(ctx, group)
    draft = ctx.store.summarizer.latest(ctx.group_id, kept_only=True)
    if draft is None:
        raise UsageError("There is no draft yet: a chair makes one with `/summarize`.")
    recommendations = DraftBody.model_validate_json(draft.body_json).recommendations
    if not 1 <= number <= len(recommendations):
        raise UsageError(
            f"Draft v{draft.version} has {plural(len(recommendations), 'recommendation')}: "
            f"pick a number from 1 to {len(recommendations)}."
            if recommendations
            else f"Draft v{draft.version} has no recommendations to vote on."
        )
    text = " ".join(recommendations[number - 1].text.split())[:MAX_STATEMENT]
    source = f"draft v{draft.version}, recommendation {number}"
    return _add(ctx, group, text, None, source)


def _set_status(ctx: Context, number: int, status: StatementStatus) -> Reply:
    ctx.require_chair()
    row = numbered_statement(ctx, number)
    if row.status != StatementStatus.OPEN.value:
        raise UsageError(f"Statement #{number} is already {row.status}.")
    ctx.store.statements.set_status(row, status, ctx.actor.key, ctx.now)
    if status is StatementStatus.CLOSED:
        return Reply.ok(
            f"Statement #{number} closed: its results are frozen (`/wg consensus {number}`)."
        )
    return Reply.ok(f"Statement #{number} withdrawn: it is left out of drafts and exports.")


def propose(ctx: Context, args: Args) -> Reply:
    raw = args.text("text")
    words = raw.split()
    verb = words[0].lower()
    if verb in VERBS and len(words) <= 2:
        if len(words) == 1 or not words[1].isdigit() or not 1 <= int(words[1]) <= MAX_NUMBER:
            given = f"`{words[1]}` is not" if len(words) == 2 else "Missing"
            raise UsageError(f"{given} a statement number: write `/wg propose {verb} N`.")
        number = int(words[1])
        if verb == "from-draft":
            return _from_draft(ctx, number)
        status = StatementStatus.CLOSED if verb == "close" else StatementStatus.WITHDRAWN
        return _set_status(ctx, number, status)
    return _propose_text(ctx, raw)


def _chart(ctx: Context, number: int, by_group: dict[str, tuple[int, int, int]]) -> Attachment:
    from bot.overview.chart import consensus_png

    return Attachment(
        filename=f"statement-{number}.png",
        content=consensus_png(by_group, f"Statement #{number}: votes per stakeholder group"),
        mime_type="image/png",
        title=f"Statement #{number}: votes per stakeholder group",
    )


def _one(ctx: Context, number: int) -> Reply:
    statement = numbered_statement(ctx, number)
    if statement.status == StatementStatus.WITHDRAWN.value:
        raise UsageError(f"Statement #{number} was withdrawn: it has no consensus map.")
    assert statement.id is not None
    votes = ctx.store.votes.of_statement(statement.id)
    result = map_of(ctx.settings, votes)
    thresholds = ctx.settings.consensus_thresholds
    lean = {n: t.leans(thresholds) for n, t in result.by_group.items()}
    lean_word = {
        Choice.AGREE: " → mostly agree",
        Choice.DISAGREE: " → mostly disagree",
        None: "",
    }
    group_lines = tuple(
        f"{name}: {tally_phrase(t)}{lean_word[lean[name]]}" for name, t in result.by_group.items()
    ) or ("No votes yet.",)
    region_lines = tuple(f"{name}: {tally_phrase(t)}" for name, t in result.by_region.items())
    not_heard = []
    if result.groups_not_heard:
        not_heard.append(f"Stakeholder groups: {', '.join(result.groups_not_heard)}")
    if result.regions_not_heard:
        not_heard.append(f"Regions: {', '.join(result.regions_not_heard)}")
    sections = [Section("By stakeholder group", group_lines)]
    if region_lines:
        sections.append(Section("By UN region", region_lines))
    if not_heard:
        sections.append(Section("Not heard", tuple(not_heard)))
    reasons = dissent(votes)
    sections.append(
        Section("Dissent", tuple(reasons) or ("No reasons given with a disagree vote.",))
    )
    attachments: tuple[Attachment, ...] = ()
    if result.by_group:
        counts = {n: (t.agree, t.disagree, t.passed) for n, t in result.by_group.items()}
        attachments = (_chart(ctx, number, counts),)
    people = plural(result.total.total, "person", "people")
    return Reply(
        title=f"Statement #{number}: where the stakeholder groups stand",
        text=f"{quote(statement.text)}\nVerdict: {verdict_phrase(result, thresholds)}.",
        fields=(
            Field("Votes", f"{people} from {plural(result.groups_heard, 'stakeholder group')}"),
            Field("Voting", state_phrase(statement, ctx.today)),
        ),
        sections=tuple(sections),
        attachments=attachments,
        tone=Tone.WARNING if result.verdict is Verdict.DIVERGING else Tone.INFO,
    )


def consensus(ctx: Context, args: Args) -> Reply:
    number = args.opt_int("number")
    if number is not None:
        return _one(ctx, number)
    items = results(ctx.store, ctx.settings, ctx.group_id)
    if not items:
        return Reply(
            text="No statements yet: put one to the group with `/wg propose TEXT`.",
            ephemeral=True,
        )
    lines = plain_lines(items, ctx.today)
    return Reply(
        title=f"{ctx.require_group().name}: statements",
        text="The verdict is computed per stakeholder group, not per head: "
        "`/wg consensus N` shows one statement in full.",
        sections=(Section("Statements", lines),),
    )


def register(registry: Registry) -> None:
    registry.add(
        Command(
            path=("wg", "propose"),
            summary="Put a statement to the group to vote on; chairs `close N` or `withdraw N`.",
            handler=propose,
            params=(
                Param(
                    "text",
                    Kind.TEXT,
                    "the statement (`by:2027-03-01` ends the vote), or `from-draft N`",
                ),
            ),
            details=(
                "`/wg propose TEXT… [by:DATE]` puts a numbered statement to the group; "
                "`/wg propose from-draft N` takes recommendation N of the latest draft; "
                "chairs end the vote with `/wg propose close N` or take it back with "
                "`/wg propose withdraw N`."
            ),
        )
    )
    registry.add(
        Command(
            path=("wg", "vote"),
            summary="Vote on a statement: agree, disagree or pass, with an optional reason.",
            handler=vote,
            params=(
                Param(
                    "number", Kind.INT, "the statement's number", min_value=1, max_value=MAX_NUMBER
                ),
                Param("choice", Kind.WORD, "agree, disagree or pass"),
                Param(
                    "reason",
                    Kind.TEXT,
                    "why (quoted by stakeholder group; start with `named` to sign it)",
                    required=False,
                    max_length=MAX_REASON + len("named "),
                ),
            ),
        )
    )
    registry.add(
        Command(
            path=("wg", "consensus"),
            readonly=True,
            # One statement comes with a PNG (matplotlib: seconds on a cold or busy process),
            # so front ends acknowledge first, as for /wg overview.
            slow=True,
            summary="Where the stakeholder groups converge or diverge, statement by statement.",
            handler=consensus,
            params=(
                Param(
                    "number",
                    Kind.INT,
                    "one statement's number",
                    required=False,
                    min_value=1,
                    max_value=MAX_NUMBER,
                ),
            ),
        )
    )
    registry.add_action(ActionSpec(prefix="vote", handler=on_button))
