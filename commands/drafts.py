"""Stored drafts: `/wg drafts`, `/wg export`, `/wg summaries on|off`, and the draft's buttons
("Post to channel" / "Discard", action prefix `draft`)."""

from __future__ import annotations

import re

from bot.comment_round import comments_table
from bot.core.context import Context
from bot.core.messages import Attachment, Reply, Section, Tone
from bot.core.params import Args, Kind, Param
from bot.core.registry import ActionSpec, Command, Registry, Role
from bot.domain.charter import CHARTER_QUESTIONS
from bot.domain.dates import days_left_phrase
from bot.domain.wording import plural
from bot.ground.errors import PermissionDenied, UsageError, UserError
from bot.ground.normalise import parse_id
from bot.summarizer.render import reply_from_record
from bot.timeline import timeline_markdown
from bot.uptake.export import outputs_markdown
from commands.consensus_view import markdown_section as consensus_markdown
from commands.consensus_view import results as consensus_results
from commands.list_threads import follow_list_threads
from commands.presenters import group_coverage
from storage.groups.models import MemberRole
from storage.summaries.models import DraftRecord, DraftStatus

MAX_LISTED = 15


def drafts(ctx: Context, _args: Args) -> Reply:
    rows = ctx.store.summarizer.drafts(ctx.group_id)
    if not rows:
        return Reply(text="No drafts yet: a chair makes one with `/summarize`.", ephemeral=True)
    lines = [
        f"v{d.version} · {d.created_at:%Y-%m-%d %H:%M} · {d.message_count} messages · "
        f"{'offline' if d.offline else d.model} · {d.status}"
        for d in rows[:MAX_LISTED]
    ]
    if len(rows) > MAX_LISTED:
        lines.append(f"… and {len(rows) - MAX_LISTED} older")
    return Reply(
        title=f"{ctx.require_group().name}: drafts",
        text=f"{plural(len(rows), 'version')}; `\ue000/wg export` builds the outcome document from "
        "the latest.",
        sections=(Section("Versions, newest first", tuple(lines)),),
        ephemeral=True,
    )


def _demote(markdown: str) -> str:
    """The draft's headings one level down, to sit under the outcome document's."""
    return re.sub(r"^(#+) ", lambda m: "#" + m.group(1) + " ", markdown, flags=re.MULTILINE)


def outcome_document(ctx: Context) -> str:
    group = ctx.require_group()
    answers = ctx.store.charter.answers(ctx.group_id)
    coverage, _ = group_coverage(ctx)
    latest = ctx.store.summarizer.latest(ctx.group_id, kept_only=True)
    out = [
        f"# Outcome document: {group.name}",
        "",
        f"Format: {group.format} · Deadline: {days_left_phrase(group.deadline, ctx.today)} · "
        f"Exported {ctx.now:%Y-%m-%d %H:%M} UTC",
        "",
        "## Goal (desired outcome)",
        group.goal or "_Not set._",
        "",
        "## Charter",
    ]
    for n, question in enumerate(CHARTER_QUESTIONS, start=1):
        answer = answers[n].answer if n in answers else "_Not answered._"
        out += [f"{n}. **{question}**", f"   {answer}"]
    out += ["", "## Coverage", f"Members: {coverage.members}"]
    out += [f"- {name}: {count}" for name, count in coverage.stakeholder_counts]
    out += [f"- ⚠ {w}" for w in coverage.warnings]
    out += ["", "## Statements and where the stakeholder groups stand"]
    statements = consensus_results(ctx.store, ctx.settings, ctx.group_id)
    if statements:
        out.append(
            "Verdicts are computed per stakeholder group, not per head (see docs/consensus.md)."
        )
        out += ["", *consensus_markdown(statements, ctx.today)]
    else:
        out.append("_No statements put to the group yet (`/wg propose`)._")
    out += ["", *timeline_markdown(ctx.store, ctx.settings, group, ctx.today)]
    out += ["", *comments_table(ctx.store, ctx.group_id)]
    out += ["", *outputs_markdown(ctx.store, ctx.group_id)]
    out += ["", "## Latest draft"]
    if latest is None:
        out.append("_No draft yet: a chair makes one with `/summarize`._")
    else:
        out += [f"Version {latest.version} ({latest.status}).", "", _demote(latest.markdown)]
    return "\n".join(out).rstrip() + "\n"


def export(ctx: Context, _args: Args) -> Reply:
    group = ctx.require_group()
    document = outcome_document(ctx)
    slug = re.sub(r"[^a-z0-9]+", "-", group.name.lower()).strip("-") or "group"
    return Reply(
        title=f"{group.name}: outcome document",
        text="The outcome document (goal, charter, coverage, statements, timeline, comments "
        "and how they were addressed, published outputs and their uptake, latest draft) is "
        "attached.",
        attachments=(
            Attachment(
                filename=f"{slug}-outcome-{ctx.today.isoformat()}.md",
                content=document.encode("utf-8"),
                mime_type="text/markdown",
                title=f"{group.name}: outcome document",
            ),
        ),
        tone=Tone.SUCCESS,
    )


def summarize_switch(ctx: Context, args: Args) -> Reply:
    state = args.text("state").lower()
    if state not in ("on", "off"):
        raise UsageError(
            "Write `\ue000/wg summaries off` to opt this channel out, `on` to opt back in."
        )
    off = state == "off"
    changed = ctx.store.summarizer.set_opt_out(
        ctx.group_id, ctx.where.platform.value, ctx.bound_channel_id, off, ctx.actor.key, ctx.now
    )
    what = (
        "This channel's discussion will not be summarised, and the bot keeps none of its words."
        if off
        else "This channel's discussion may be summarised again (the bot keeps its words "
        "from now on)."
    )
    if off:  # the discussion record keeps no words of an opted-out channel, old ones neither
        ctx.store.record.drop_channel_text(
            ctx.group_id, ctx.where.platform.value, ctx.bound_channel_id
        )
    follow_list_threads(ctx, off)
    return Reply.ok(what + ("" if changed else " (It already was so.)"))


def _draft_for_button(ctx: Context, value: str) -> DraftRecord:
    draft_id = parse_id(value)
    if draft_id is None:
        raise UserError("That button is no longer valid.")
    draft = ctx.store.summarizer.get(draft_id)
    if draft is None:
        raise UserError("That draft no longer exists.")
    member = ctx.store.members.get(draft.group_id, ctx.actor.platform.value, ctx.actor.user_id)
    if not ctx.is_admin and (member is None or member.role != MemberRole.CHAIR.value):
        raise PermissionDenied("Only a chair of the group can post or discard its draft.")
    if draft.status != DraftStatus.DRAFT.value:
        raise UserError(f"Draft v{draft.version} is already {draft.status}.")
    return draft


def on_button(ctx: Context, value: str) -> Reply:
    """`draft:post` and `draft:discard` land here; handlers see only the value, so it
    carries `VERB:DRAFT_ID`."""
    verb, _, draft_id = value.partition(":")
    draft = _draft_for_button(ctx, draft_id)
    if verb == "post":
        ctx.store.summarizer.set_status(draft, DraftStatus.POSTED, ctx.actor.key, ctx.now)
        # What the chair reviewed, as neutral text each platform renders natively.
        return reply_from_record(draft.body_json, draft.markdown)
    if verb == "discard":
        ctx.store.summarizer.set_status(draft, DraftStatus.DISCARDED, ctx.actor.key, ctx.now)
        return Reply.ok(
            f"Draft v{draft.version} discarded; it stays listed in `/wg drafts`.", ephemeral=True
        )
    raise UserError("That button is no longer valid.")


def register(registry: Registry) -> None:
    registry.add(
        Command(
            path=("wg", "drafts"),
            readonly=True,
            summary="List the group's draft versions.",
            handler=drafts,
        )
    )
    registry.add(
        Command(
            path=("wg", "export"),
            summary="The outcome document (goal, charter, coverage, latest draft) as Markdown.",
            handler=export,
            role=Role.CHAIR,
        )
    )
    registry.add(
        Command(
            path=("wg", "summaries"),
            summary="Opt this channel out of summaries (`off`) or back in (`on`).",
            handler=summarize_switch,
            params=(Param("state", Kind.WORD, "`on` or `off`"),),
            role=Role.CHAIR,
        )
    )
    # Its first name, one letter from `/summarize`; still understood when typed.
    registry.add_alias(("wg", "summarize"), ("wg", "summaries"))
    registry.add_action(ActionSpec(prefix="draft", handler=on_button))
