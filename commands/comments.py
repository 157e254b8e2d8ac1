"""Comment rounds on a draft: `/wg comments open [vN] until DATE` (chairs) posts the draft
numbered; `/wg comment N TEXT` (anyone; by email, lines starting `N:`) comments on item N,
0 for general; `/wg disposition C accepted|partly|declined REASON` (chairs) answers comment C;
`/wg comments` lists them by state; `/wg comments close` ends the round with a summary."""

from __future__ import annotations

import re

from bot.comment_round import (
    GENERAL,
    MAX_COMMENT,
    comment_line,
    numbered_items,
    round_post,
    round_summary,
)
from bot.core.context import Context
from bot.core.messages import Reply, Section, Tone
from bot.core.params import Args, Kind, Param
from bot.core.registry import Command, Registry, Role
from bot.domain.cycle import parse_day
from bot.domain.wording import plural
from bot.ground.errors import UsageError
from bot.timeline import group_timeline
from storage.comments.models import Comment, CommentRound, Disposition, RoundStatus
from storage.summaries.models import DraftStatus

MAX_REASON = 1500
MAX_LISTED = 25
OPEN_USAGE = "`\ue000/wg comments open [vN] until 2027-06-01`"
_OPEN = re.compile(r"^open(?:\s+v(\d{1,6}))?\s+until\s+(\S+)$", re.IGNORECASE | re.ASCII)
DISPOSITIONS = {d.value for d in Disposition} | {"partial", "partially", "accept", "decline"}
ALIAS = {"partial": "partly", "partially": "partly", "accept": "accepted", "decline": "declined"}


def comments(ctx: Context, args: Args) -> Reply:
    text = (args.opt_text("text") or "").strip()
    if not text:
        return _list(ctx)
    verb = text.split()[0].lower()
    if verb == "open":
        ctx.require_chair()
        return _open(ctx, text)
    if verb == "close":
        ctx.require_chair()
        return close_round(ctx)
    raise UsageError(
        f"Write {OPEN_USAGE} to open a round, `\ue000/wg comments close` to end it, or "
        "`\ue000/wg comments` to list the comments."
    )


def _open(ctx: Context, text: str) -> Reply:
    match = _OPEN.match(" ".join(text.split()))
    if not match:
        raise UsageError(f"Open a round with {OPEN_USAGE} (the draft's version is optional).")
    closes = parse_day(match.group(2), "the round's last day")
    if closes <= ctx.today:
        raise UsageError(
            f"The round would end on {closes.isoformat()}, which is not in the future: give "
            f"a later day, like {OPEN_USAGE}."
        )
    group = ctx.require_group()
    line = group_timeline(ctx.store, ctx.settings, group)
    if line.closed:
        raise UsageError(f"The {line.year} cycle was handed over: it is read-only now.")
    if ctx.store.comments.open_round(ctx.group_id) is not None:
        raise UsageError("A comment round is open already: end it with `\ue000/wg comments close`.")
    wanted = int(match.group(1)) if match.group(1) else None
    kept = [
        d
        for d in ctx.store.summarizer.drafts(ctx.group_id)
        if d.status != DraftStatus.DISCARDED.value
    ]
    draft = (
        next((d for d in kept if d.version == wanted), None) if wanted else next(iter(kept), None)
    )
    if draft is None:
        which = f"no draft v{wanted}" if wanted else "no draft yet"
        raise UsageError(
            f"There is {which} to put out for comment: `/wg drafts` lists them, `/summarize` "
            "makes one."
        )
    items = numbered_items(draft)
    ctx.store.comments.start_round(
        ctx.group_id, line.year, draft.version, len(items), closes, ctx.actor.key, ctx.now
    )
    return round_post(group.name, draft, items, closes)


def current_round(ctx: Context) -> CommentRound:
    opened = ctx.store.comments.open_round(ctx.group_id)
    if opened is None:
        raise UsageError(f"No comment round is open: a chair opens one with {OPEN_USAGE}.")
    if opened.closes_on < ctx.today:
        raise UsageError(
            f"Comment round {opened.number} ended on {opened.closes_on.isoformat()}: "
            "comments are no longer taken."
        )
    return opened


def add_comment(ctx: Context, item: int, text: str, via: str) -> Comment:
    """One comment (from a command or an email line) in the open round, by the actor."""
    opened = current_round(ctx)
    if not GENERAL <= item <= opened.items:
        raise UsageError(
            f"Draft v{opened.draft_version} has items 1 to {opened.items}: give one of them, or "
            "0 for a general comment."
        )
    body = text.strip()
    if not body:
        raise UsageError("Say what you think after the number: `\ue000/wg comment N TEXT`.")
    if len(body) > MAX_COMMENT:
        raise UsageError(
            f"The comment is {len(body)} characters long: keep it under {MAX_COMMENT}, or send "
            "several."
        )
    assert opened.id is not None
    member = ctx.membership()
    return ctx.store.comments.add(
        Comment(
            group_id=ctx.group_id,
            round_id=opened.id,
            number=0,
            item=item,
            text=body,
            platform=ctx.actor.platform.value,
            user_id=ctx.actor.user_id,
            author_name=ctx.actor.name or "",
            stakeholder_group=member.stakeholder_group if member else None,
            region=member.region if member else None,
            via=via,
            at=ctx.now,
        )
    )


def comment(ctx: Context, args: Args) -> Reply:
    item = args.opt_int("item")
    assert item is not None
    made = add_comment(ctx, item, args.text("text"), ctx.actor.platform.value)
    about = "a general comment" if item == GENERAL else f"a comment on item {item}"
    return Reply(
        text=f"Thank you: {about} is recorded as C{made.number}; the chairs will answer it.",
        tone=Tone.SUCCESS,
        ephemeral=True,
    )


def disposition(ctx: Context, args: Args) -> Reply:
    number = args.opt_int("comment")
    assert number is not None
    found = ctx.store.comments.by_number(ctx.group_id, number)
    if found is None:
        raise UsageError(f"There is no comment C{number}: `\ue000/wg comments` lists them.")
    word = args.text("answer").lower()
    if word not in DISPOSITIONS:
        raise UsageError("Answer a comment with `accepted`, `partly` or `declined`, then why.")
    reason = (args.opt_text("reason") or "").strip()
    if not reason:
        raise UsageError(
            f"Say why: `\ue000/wg disposition {number} {ALIAS.get(word, word)} REASON` (the reason "
            "goes into the outcome document)."
        )
    opened = next(r for r in ctx.store.comments.rounds(ctx.group_id) if r.id == found.round_id)
    line = group_timeline(ctx.store, ctx.settings, ctx.require_group(), opened.year)
    if line.closed:
        raise UsageError(f"The {line.year} cycle was handed over: it is read-only now.")
    ctx.store.comments.dispose(found, ALIAS.get(word, word), reason, ctx.actor.key, ctx.now)
    return Reply(
        title=f"C{number}: {ALIAS.get(word, word)}",
        text=comment_line(found),
        tone=Tone.SUCCESS,
    )


def _list(ctx: Context) -> Reply:
    latest = ctx.store.comments.latest_round(ctx.group_id)
    if latest is None or latest.id is None:
        return Reply(
            text=f"No comment round yet: a chair opens one with {OPEN_USAGE}.", ephemeral=True
        )
    found = ctx.store.comments.of_round(latest.id)
    states: dict[str, list[str]] = {"Without an answer": []}
    for d in Disposition:
        states[d.value.capitalize()] = []
    for c in found:
        key = c.disposition.capitalize() if c.disposition else "Without an answer"
        states[key].append(comment_line(c))
    sections = tuple(
        Section(f"{name} ({len(lines)})", tuple(lines[:MAX_LISTED]))
        for name, lines in states.items()
        if lines
    )
    is_open = latest.status == RoundStatus.OPEN.value and latest.closes_on >= ctx.today
    state = f"open until {latest.closes_on.isoformat()}" if is_open else "closed"
    return Reply(
        title=f"Comment round {latest.number} on draft v{latest.draft_version}: {state}",
        text=f"{plural(len(found), 'comment')}.",
        sections=sections,
        ephemeral=True,
    )


def close_round(ctx: Context) -> Reply:
    opened = ctx.store.comments.open_round(ctx.group_id)
    if opened is None:
        raise UsageError(f"No comment round is open: open one with {OPEN_USAGE}.")
    ctx.store.comments.close_round(opened, ctx.actor.key, ctx.now)
    return round_summary(ctx.store, ctx.settings, ctx.require_group().name, opened)


def register(registry: Registry) -> None:
    registry.add(
        Command(
            path=("wg", "comments"),
            discord_area="cycle",  # `/wg` is full on Discord
            summary="The comments on the draft by state; chairs: `open [vN] until DATE`, `close`.",
            handler=comments,
            params=(
                Param(
                    "text",
                    Kind.TEXT,
                    "nothing to list; `open v3 until 2027-06-01` or `close` (chairs)",
                    required=False,
                    max_length=60,
                    prose=False,
                ),
            ),
        )
    )
    registry.add(
        Command(
            path=("wg", "comment"),
            discord_area="cycle",  # `/wg` is full on Discord
            summary="Comment on item N of the draft open for comments (0: a general comment).",
            handler=comment,
            params=(
                Param(
                    "item",
                    Kind.INT,
                    "the paragraph's or recommendation's number; 0 for general",
                    min_value=0,
                    max_value=10_000,
                ),
                Param("text", Kind.TEXT, "your comment", max_length=MAX_COMMENT),
            ),
        )
    )
    registry.add(
        Command(
            path=("wg", "disposition"),
            summary="Answer comment C: accepted, partly or declined, and why.",
            handler=disposition,
            params=(
                Param(
                    "comment",
                    Kind.INT,
                    "the comment's number (C in `\ue000/wg comments`)",
                    min_value=1,
                    max_value=1_000_000,
                ),
                Param("answer", Kind.WORD, "`accepted`, `partly` or `declined`"),
                Param("reason", Kind.TEXT, "why, for the outcome document", max_length=MAX_REASON),
            ),
            role=Role.CHAIR,
        )
    )
