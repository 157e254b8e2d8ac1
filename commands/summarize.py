"""`/summarize`: the discussion becomes a draft of recommendations, for the chair to review.

Three phases, so no database transaction is open while the LLM works (on SQLite every
transaction is BEGIN IMMEDIATE and would block all writers for minutes):
  1. one short transaction: checks (opt-out, rate limit), the group's lock, what to read;
  2. no transaction: read the platform's history, call the LLM (or the offline drafter);
  3. one short transaction: store the draft version, the audit of what was sent, release.
The lock is released in every case; a failed run stores no draft.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.core.context import Context
from bot.core.messages import Button, ButtonStyle, Platform, Reply, Section, Where
from bot.core.params import Args, Kind, Param
from bot.core.ports import ChatMessage
from bot.core.registry import Command, Registry, Role
from bot.domain.wording import plural
from bot.ground.errors import Conflict, UserError
from bot.record import reading
from bot.record.reading import Wanted
from bot.summarizer.brief import Brief
from bot.summarizer.endpoint import Capabilities
from bot.summarizer.engine import LLMConfig, RosterEntry, Summarizer, missing_perspectives
from bot.summarizer.llm import LLMError
from bot.summarizer.render import stored_body, to_markdown, to_reply
from bot.summarizer.result import Draft
from bot.summarizer.scope import DEFAULT_DAYS, USAGE, Scope, parse_scope
from commands.consensus_view import STATEMENTS_HEADING, plain_lines, with_statements
from commands.consensus_view import results as consensus_results
from storage.store import Store
from storage.summaries.models import DraftRecord, DraftStatus

REPROBE = timedelta(days=1)  # what was learned of an LLM endpoint is asked again after this
RATE_LIMIT = 5  # summaries a person may send to the LLM per window
RATE_WINDOW = timedelta(hours=1)
STALE_LOCK = timedelta(minutes=30)  # a run that died is forgotten after this
MAX_MESSAGES = 20_000
MAX_SCOPE = 600  # a link, a period, a language and `public`


@dataclass(frozen=True)
class _Plan:
    group_id: int
    group_name: str
    holder: str
    wanted: Wanted
    source: str
    roster: list[RosterEntry]
    stakeholder_groups: list[str]
    brief: Brief
    capabilities: Capabilities | None  # what is known of the LLM endpoint (None: probe it)
    lists: tuple[Wanted, ...] = ()  # the group's mailing lists, read from the record too


def _plan(ctx: Context, scope: Scope, holder: str) -> _Plan:
    """Phase 1, inside a short transaction."""
    group = ctx.require_group()
    store = ctx.store
    channel = scope.channel_id or ctx.bound_channel_id
    platform = ctx.where.platform.value
    bound = {b.channel_id for b in store.groups.channels(ctx.group_id) if b.platform == platform}
    if channel not in bound:
        if store.groups.by_channel(platform, channel) is None:
            raise UserError(
                "That link points to a channel no working group is bound to: link a message "
                "of this group's channel, or create a group there first."
            )
        raise UserError("That link points to a channel of another group: summarise it there.")
    if store.summarizer.opted_out(platform, channel):
        raise UserError(
            "This channel has opted out of summaries (`\ue000/wg summaries on` turns them back on)."
        )
    recent = store.summarizer.llm_runs_since(ctx.actor.key, ctx.now - RATE_WINDOW)
    if recent >= RATE_LIMIT:
        raise UserError(
            f"You ran {recent} summaries through the LLM in the last hour, the limit is "
            f"{RATE_LIMIT}: please wait a little."
        )
    lock = store.summarizer.claim(ctx.group_id, holder, ctx.actor.key, ctx.now, STALE_LOCK)
    if lock.holder != holder:
        raise Conflict(
            f"A summary of this group is already being made (started "
            f"{lock.started_at:%H:%M} UTC): wait for it, then try again."
        )
    since, source = scope.since, scope.link or ""
    if scope.thread_id is None and since is None:
        latest = store.summarizer.latest(ctx.group_id, kept_only=True)
        if latest is not None and latest.last_at is not None:
            since, source = latest.last_at + timedelta(microseconds=1), "since the last draft"
        else:
            since = ctx.now - timedelta(days=DEFAULT_DAYS)
            source = f"the last {DEFAULT_DAYS} days"
    elif scope.thread_id is None and since is not None:
        source = f"since {since:%Y-%m-%d %H:%M} UTC"
    lists = _lists(ctx, platform, since) if scope.thread_id is None else ()
    members = store.members.of_group(ctx.group_id)
    problem = store.charter.answers(ctx.group_id).get(1)  # "What is the problem?"
    llm = LLMConfig.from_settings(ctx.settings)
    known = (
        store.llm_endpoints.get(llm.endpoint, llm.model, ctx.now - REPROBE) if llm.online else None
    )
    return _Plan(
        group_id=ctx.group_id,
        group_name=group.name,
        holder=holder,
        wanted=_wanted(ctx, channel, since, scope.thread_id),
        source=" + ".join([f"#{channel}", *(f"list {w.where.channel_id}" for w in lists)])
        + f" {source}".rstrip(),
        roster=[
            RosterEntry(m.user_id, m.stakeholder_group, m.region)
            for m in members
            if m.platform == platform
        ],
        stakeholder_groups=list(ctx.settings.stakeholders.names),
        brief=Brief(goal=group.goal, problem=problem.answer if problem else None),
        capabilities=Capabilities.from_json(known) if known else None,
        lists=lists,
    )


def _lists(ctx: Context, platform: str, since: datetime | None) -> tuple[Wanted, ...]:
    """A group bound to a mailing list reads the list's posts of the same period with its
    channel's: the poller and the LMTP endpoint keep them in the record (no history to ask)."""
    if platform == Platform.EMAIL.value:
        return ()
    lists = [
        b.channel_id
        for b in ctx.store.groups.channels(ctx.group_id)
        if b.platform == Platform.EMAIL.value
        and not ctx.store.summarizer.opted_out(b.platform, b.channel_id)
    ]
    if ctx.store.list_threads.bound(ctx.group_id):  # list threads it owns: their lists' posts
        lists += [a for a in ctx.store.list_threads.lists_of(ctx.group_id) if a not in lists]
    return tuple(Wanted(Where(Platform.EMAIL, address), since, None) for address in lists)


def _read(store: Store, plan: _Plan) -> list[ChatMessage]:
    """The channel's kept words and its lists', oldest first (the newest MAX_MESSAGES)."""
    messages = reading.read(store, plan.wanted, MAX_MESSAGES, plan.group_id)
    if not plan.lists:
        return messages
    for wanted in plan.lists:
        messages += reading.read(store, wanted, MAX_MESSAGES, plan.group_id)
    messages.sort(key=lambda m: m.at)
    return messages[-MAX_MESSAGES:]


def _wanted(ctx: Context, channel: str, since: datetime | None, thread: str | None) -> Wanted:
    """A group bound to a thread of its own reads that thread of the parent channel."""
    if thread is None and channel == ctx.where.thread_id:
        return Wanted(Where(ctx.where.platform, ctx.where.channel_id), None, channel)
    return Wanted(Where(ctx.where.platform, channel), since, thread)


def _request(ctx: Context, args: Args) -> str:
    """What to run again once the history is read: who asked, where, with what."""
    where = ctx.where
    return json.dumps(
        {
            "user_id": ctx.actor.user_id,
            "name": ctx.actor.display_name,
            "channel": where.channel_id,
            "thread": where.thread_id,
            "team": where.team_id,
            "enterprise": where.enterprise_id,
            "args": args.opt_text("scope") or "",
        }
    )


def _sent_summary(summarizer: Summarizer, messages: int, outcome: str) -> str | None:
    """The audit line of what was sent where; None when nothing went to an endpoint."""
    usage = summarizer.usage
    if usage.calls == 0:
        return None
    return (
        f"endpoint={summarizer.endpoint} model={summarizer.model} messages={messages} "
        f"calls={usage.calls} failed_calls={usage.failed_calls} "
        f"tokens_in={usage.prompt_tokens} tokens_out={usage.completion_tokens} outcome={outcome}"
    )


def summarize(ctx: Context, args: Args) -> Reply:
    scope = parse_scope(args.opt_text("scope") or "", ctx.now)
    holder = f"{ctx.actor.key}#{secrets.token_hex(4)}"
    with ctx.transaction() as store:
        plan = _plan(ctx, scope, holder)
        missing = reading.gaps(store, plan.wanted, ctx.now, ctx.services.live_since)
        started = reading.start_of(store, plan.wanted, ctx.now)
    days = ctx.settings.wgbot_record_days
    if plan.wanted.thread_id is not None and started < ctx.now - timedelta(days=days):
        _finish(ctx, plan, None, None)
        return Reply.error(retention_note(started, days))
    llm = LLMConfig.from_settings(ctx.settings)
    learned: list[Capabilities] = []  # kept in phase 3, so the next run does not probe again
    summarizer = Summarizer(llm, capabilities=plan.capabilities, on_learn=learned.append)
    messages: list[ChatMessage] = []
    unread: list[str] = []  # what a capped read left out: the draft says so
    try:
        history, filler = ctx.services.history, ctx.services.filler
        if missing and filler is not None:
            job = filler.start_job(
                plan.group_id,
                plan.wanted.where,
                [(plan.wanted.thread_id, p.start, p.end) for p in missing],
                kind="summary",
                actor=ctx.actor.key,
                request=_request(ctx, args),
            )
            status = filler.try_now(job)  # as far as the budget allows without waiting
            if status.state == "failed":
                raise UserError(status.text)
            if status.state == "waiting":
                _finish(ctx, plan, None, None)
                return Reply(text=f"⏳ {status.text}.", ephemeral=True)
        elif missing and history is not None:
            keep_after = ctx.now - timedelta(days=ctx.settings.wgbot_record_days)
            unread = reading.fill_inline(
                ctx.transaction, history, plan.wanted, plan.group_id, missing, keep_after
            )
        with ctx.transaction() as store:
            messages = _read(store, plan)
        if not messages:
            _finish(ctx, plan, None, None)
            return Reply.error(f"No messages to summarise in {plan.source}.")
        ctx.services.progress(f"reading {plural(len(messages), 'message')}…")
        draft = summarizer.run(
            messages,
            group_name=plan.group_name,
            language=scope.language,
            stakeholder_of=_stakeholder_lookup(plan),
            missing=missing_perspectives(
                plan.roster, {m.user_id for m in messages}, plan.stakeholder_groups
            ),
            source=plan.source,
            progress=ctx.services.progress,
            brief=plan.brief,
        )
    except LLMError as exc:
        _finish(ctx, plan, None, _sent_summary(summarizer, len(messages), "failed"), learned)
        return Reply.error(f"No draft this time: {exc}")
    except BaseException:
        _finish(ctx, plan, None, _sent_summary(summarizer, len(messages), "error"), learned)
        raise
    try:
        record = _finish(
            ctx,
            plan,
            draft,
            _sent_summary(summarizer, len(messages), "ok"),
            learned,
            posted=scope.public,
        )
    except BaseException:
        # Storing failed and rolled back the release with it: release on its own.
        with ctx.transaction() as store:
            store.summarizer.release(plan.group_id, plan.holder)
        raise
    assert record is not None and record.id is not None
    reply = to_reply(draft, record.version, ephemeral=not scope.public)
    with ctx.transaction() as store:
        statements = consensus_results(store, ctx.settings, plan.group_id)
    if statements:
        section = Section(STATEMENTS_HEADING, plain_lines(statements, ctx.today))
        reply = replace(reply, sections=(*reply.sections, section))
    if unread:  # never a partial draft that looks whole
        reply = replace(reply, sections=(Section(NOT_READ_HEADING, tuple(unread)), *reply.sections))
    if scope.public:
        return reply
    buttons = (
        Button("Post to channel", "draft:post", f"post:{record.id}", ButtonStyle.PRIMARY),
        Button("Discard", "draft:discard", f"discard:{record.id}", ButtonStyle.DANGER),
    )
    return replace(reply, buttons=buttons)


NOT_READ_HEADING = "⚠️ Not read: this draft is partial"


def retention_note(started: datetime, days: int) -> str:
    """The messages exist; the bot chose not to keep them: say so, and what can be done."""
    return (
        f"This thread started on {started:%Y-%m-%d}, more than {days} days ago: the record "
        f"keeps people's words for {days} days (WGBOT_RECORD_DAYS), so I do not read or keep "
        "it. A chair can summarise a more recent period (`/summarize 30d`) or paste the key "
        "points into a new thread; an administrator can lengthen WGBOT_RECORD_DAYS."
    )


def _stakeholder_lookup(plan: _Plan) -> Callable[[ChatMessage], str | None]:
    by_user = {e.user_id: e.stakeholder for e in plan.roster}
    return lambda m: by_user.get(m.user_id)


def _finish(
    ctx: Context,
    plan: _Plan,
    draft: Draft | None,
    sent: str | None,
    learned: list[Capabilities] | None = None,
    *,
    posted: bool = False,
) -> DraftRecord | None:
    """Phase 3, in a short transaction: the draft (if any), the audit, what was learned of
    the endpoint, the lock released."""
    with ctx.transaction() as store:
        record = None
        if learned:
            llm = LLMConfig.from_settings(ctx.settings)
            store.llm_endpoints.put(llm.endpoint, llm.model, learned[-1].to_json(), ctx.now)
        if sent is not None:
            store.summarizer.record_sent(plan.group_id, ctx.actor.key, ctx.now, sent)
        if draft is not None:
            record = store.summarizer.add(
                DraftRecord(
                    group_id=plan.group_id,
                    version=0,
                    status=DraftStatus.POSTED.value if posted else DraftStatus.DRAFT.value,
                    created_by=ctx.actor.key,
                    created_at=ctx.now,
                    source=draft.source[:500],
                    message_count=draft.message_count,
                    first_at=draft.first_at,
                    last_at=draft.last_at,
                    model=draft.model[:200],
                    offline=draft.offline,
                    language=draft.language,
                    tokens_in=draft.tokens_in,
                    tokens_out=draft.tokens_out,
                    body_json=draft.body.model_dump_json(),
                    markdown="",
                ),
                ctx.actor.key,
                ctx.now,
            )
            statements = consensus_results(store, ctx.settings, plan.group_id)
            record.markdown = with_statements(
                to_markdown(draft, record.version), statements, ctx.today
            )
            extra = [(STATEMENTS_HEADING, plain_lines(statements, ctx.today))] if statements else []
            record.body_json = stored_body(draft, record.version, extra)
            store.session.add(record)
        store.summarizer.release(plan.group_id, plan.holder)
        return record


def register(registry: Registry) -> None:
    registry.add(
        Command(
            path=("summarize",),
            summary="Draft recommendations with citations from the discussion.",
            handler=summarize,
            params=(
                Param(
                    "scope",
                    Kind.TEXT,
                    "a thread or message link, `7d`, `since 2027-01-10`; `lang:fr`; `public`",
                    required=False,
                    max_length=MAX_SCOPE,
                    prose=False,
                ),
            ),
            role=Role.CHAIR,
            slow=True,
            own_transactions=True,
            details=(
                f"Usage: `{USAGE}`. Without a link or period: since the last draft, or the "
                f"last {DEFAULT_DAYS} days. The draft goes to you only, with buttons to post "
                "or discard it; `public` posts it at once."
            ),
        )
    )
