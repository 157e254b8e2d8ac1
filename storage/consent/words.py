"""Every copy of a person's words, in one place (docs/data-protection.md).

`/wg forget me` and the retention purge go through here and nowhere else, so a copy added
later is forgotten with the others as soon as it is declared here. A table that keeps text
declares each of its text columns once, either as a `Keeper` (the columns that hold what a
person said or a person's name, with how to forget them and how the retention period takes
them out) or in `NOT_WORDS` with the reason it holds none. `tests/storage/test_words_schema.py`
reads the schema and fails when a table has a text column declared in neither place, and
when docs/data-protection.md does not name a keeper's table.

To add a table that keeps people's words (e.g. comment rounds): write `forget` (take this
person's words and name out of the group's rows; return how many rows changed) and, when
the words age out, `purge` (take out words said before the cutoff, at most `batch` rows;
return how many), then add a `Keeper` to `KEEPERS` and a line to docs/data-protection.md.
Only the record keeps a tombstone (`record_forget`): an insert path of a new table that can
receive a forgotten person's words later must refuse them with `is_forgotten` below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from storage.audit.models import AuditEntry
from storage.comments.repo import CommentRepo
from storage.consensus.models import Vote
from storage.consent.aging import purge_drafts, purge_vote_audit, purge_votes
from storage.consent.quotes import withdraw_reasons
from storage.consent.redact import redact_draft
from storage.record.models import RecordForget, RecordMessage
from storage.record.repo import RecordRepo
from storage.summaries.models import DraftRecord
from storage.uptake.repo import UptakeRepo

WITHDRAWN = "[withdrawn by its author]"


@dataclass(frozen=True)
class Forgotten:
    """Who asked to be forgotten, in which group: every identity they speak under (their chat
    account, the address they post to the group's mailing list from), their member key
    (`platform:user_id`, what votes and the audit log name) and the names shown for them."""

    group_id: int
    identities: tuple[tuple[str, str], ...]
    key: str
    names: tuple[str, ...]
    actor: str


Forget = Callable[[Session, Forgotten, datetime], int]
Purge = Callable[[Session, datetime, int], int]


@dataclass(frozen=True)
class Keeper:
    """A table that keeps people's words or names: which columns, and how they go."""

    table: str
    words: tuple[str, ...]  # what a person said
    names: tuple[str, ...]  # a person's name, or the link to what they said
    forget: Forget
    purge: Purge | None  # None: kept as long as the group (the doc says why)


def is_forgotten(
    session: Session, group_id: int, platform: str, user_id: str, at: datetime
) -> bool:
    """The tombstone: this person asked to be forgotten in this group after `at`."""
    row = session.exec(
        select(RecordForget).where(
            RecordForget.group_id == group_id,
            RecordForget.platform == platform,
            RecordForget.user_id == user_id,
        )
    ).first()
    return row is not None and row.forgotten_at >= at


# -- how each keeper forgets ------------------------------------------------------------------


def _forget_record(session: Session, who: Forgotten, now: datetime) -> int:
    """Record rows (chat messages and mailing-list posts): words, name and permalink out, a
    tombstone per identity so later deliveries and history reads are refused their words."""
    repo = RecordRepo(session)
    return sum(
        repo.forget(who.group_id, platform, user_id, who.actor, now)
        for platform, user_id in who.identities
    )


def _purge_record(session: Session, cutoff: datetime, batch: int) -> int:
    return RecordRepo(session).purge_before(cutoff, batch)


def _forget_votes(session: Session, who: Forgotten, _now: datetime) -> int:
    """Vote reasons (quoted by `/wg consensus` and the export) and the voter's shown name go;
    the vote itself stays counted, by stakeholder group."""
    stmt = (
        update(Vote)
        .where(col(Vote.group_id) == who.group_id, col(Vote.voter) == who.key)
        .where((col(Vote.reason).is_not(None)) | (col(Vote.voter_name) != ""))
        .values(reason=None, named=False, voter_name="")
    )
    return int(session.exec(stmt).rowcount or 0)


def _forget_audit(session: Session, who: Forgotten, _now: datetime) -> int:
    """Audit entries of this person's votes written before votes stopped quoting reasons."""
    stmt = (
        update(AuditEntry)
        .where(
            col(AuditEntry.group_id) == who.group_id,
            col(AuditEntry.actor) == who.key,
            col(AuditEntry.action).in_(["vote.cast", "vote.change"]),
            col(AuditEntry.new).not_like("%vote cast"),
        )
        .values(old=None, new="vote cast")
    )
    return int(session.exec(stmt).rowcount or 0)


def _forget_drafts(session: Session, who: Forgotten, _now: datetime) -> int:
    """Stored drafts (what "Post to channel", `/wg drafts` and the export show): each line that
    rests on their messages becomes WITHDRAWN, their name goes, and so does each quote of
    their vote reasons (a draft stores the statements' consensus); redacted in place."""
    reasons = session.exec(
        select(Vote.reason).where(
            col(Vote.group_id) == who.group_id,
            col(Vote.voter) == who.key,
            col(Vote.reason).is_not(None),
        )
    ).all()
    changed = withdraw_reasons(session, who.group_id, [r for r in reasons if r], WITHDRAWN)
    user_ids = {user_id for _, user_id in who.identities}
    drafts = session.exec(select(DraftRecord).where(DraftRecord.group_id == who.group_id))
    for draft in drafts:
        redacted = redact_draft(draft.body_json, draft.markdown, user_ids, who.names)
        if redacted is None:
            continue
        draft.body_json, draft.markdown = redacted
        session.add(draft)
        changed.add(draft.id or 0)
    return len(changed)


def _forget_comments(session: Session, who: Forgotten, now: datetime) -> int:
    """Comments on drafts (comment rounds, docs/cycle.md), typed or mailed: the words and
    the name go; that they commented, on what, from which stakeholder group, and the chairs'
    answer stay (the round's summary and the export keep their rows)."""
    repo = CommentRepo(session)
    return sum(
        repo.forget_person(who.group_id, platform, user_id, who.actor, now)
        for platform, user_id in who.identities
    )


def _forget_uptake(session: Session, who: Forgotten, now: datetime) -> int:
    """Notes given with uptake evidence (issue 27) and the recorder's shown name go; the
    evidence itself (a body, a status, a public URL) is about the output and stays."""
    repo = UptakeRepo(session)
    return sum(
        repo.forget_author(who.group_id, platform, user_id, who.actor, now)
        for platform, user_id in who.identities
    )


KEEPERS: tuple[Keeper, ...] = (
    Keeper(
        "record_message",
        words=("text",),
        names=("user_name", "permalink"),
        forget=_forget_record,
        purge=_purge_record,
    ),
    Keeper(
        "draft",
        words=("body_json", "markdown"),
        names=(),
        forget=_forget_drafts,
        purge=purge_drafts,
    ),
    Keeper(
        "vote", words=("reason",), names=("voter_name",), forget=_forget_votes, purge=purge_votes
    ),
    Keeper(
        "audit_entry",
        words=("old", "new"),
        names=(),
        forget=_forget_audit,
        purge=purge_vote_audit,
    ),
    Keeper("comment", words=("text",), names=("author_name",), forget=_forget_comments, purge=None),
    Keeper(
        "uptake", words=("note",), names=("recorded_by_name",), forget=_forget_uptake, purge=None
    ),
)

# Text columns that hold no person's words, and why. Names kept here are those of people
# acting in a role (who created, proposed, sponsored, muted): the group's accountability,
# kept as long as the group and shown only to its members.
_ID = "an identifier, not words"
_STATE = "a state or kind the bot writes"
_ROLE = "the name of someone acting in a role, kept for accountability"
_GROUP = "text written for the group in a role (chair, proposer), kept as the group's"
NOT_WORDS: dict[str, dict[str, str]] = {
    # The IGF cycle (docs/cycle.md).
    "comment": {
        "platform": _ID,
        "user_id": _ID,
        "stakeholder_group": _STATE,
        "region": _STATE,
        "via": _STATE,
        "disposition": _STATE,
        "reason": _GROUP,
        "answered_by": _ID,
    },
    "comment_round": {"status": _STATE, "opened_by": _ID},
    "cycle": {"set_by": _ID},
    "group_cycle": {"closed_by": _ID},
    "milestone_mark": {"key": _STATE, "updated_by": _ID},
    "renewal": {"platform": _ID, "user_id": _ID, "answer": _STATE},
    "ask": {
        "text": _GROUP,
        "asked_by": _ID,
        "asked_by_name": _ROLE,
        "status": _STATE,
        "closed_by": _ID,
    },
    "audit_entry": {"actor": _ID, "action": _STATE},
    "channel_binding": dict.fromkeys(
        ("platform", "channel_id", "team_id", "enterprise_id", "bound_by"), _ID
    ),
    "charter_answer": {"answer": _GROUP, "answered_by": _ID, "answered_by_name": _ROLE},
    "coverage_mute": {"topic": _STATE, "reason": _GROUP, "muted_by": _ID, "muted_by_name": _ROLE},
    "delivery": {
        "kind": _STATE,
        "recipient": _ID,
        "period": _STATE,
        "status": _STATE,
        "claimed_by": _ID,
        "message_id": _ID,
        "last_error": "a platform's error",
    },
    "draft": {
        "status": _STATE,
        "created_by": _ID,
        "source": "the link or period summarised",
        "model": _STATE,
        "language": _STATE,
    },
    "email_code": dict.fromkeys(("platform", "user_id", "address", "code_hash"), _ID),
    "email_identity": dict.fromkeys(("address", "platform", "user_id"), _ID),
    "email_list_stat": {"list_address": _ID, "reason": _STATE},
    "email_seen": {"message_key": _ID, "outcome": _STATE},
    "email_source": {"name": _ID, "last_error": "a server's error"},
    "liaison": {"org_key": _ID, "org_name": _ROLE, "contact": _ROLE, "added_by": _ID},
    "llm_endpoint": {"endpoint": _ID, "model": _ID, "capabilities": _STATE},
    "member": {
        "platform": _ID,
        "user_id": _ID,
        "team_id": _ID,
        "enterprise_id": _ID,
        "display_name": "a member's name while a member (`/wg leave` removes it)",
        "stakeholder_group": _STATE,
        "region": _STATE,
        "role": _STATE,
    },
    "participation": dict.fromkeys(("platform", "user_id"), _ID),
    "person": {
        "platform": _ID,
        "user_id": _ID,
        "timezone": _STATE,
        "timezone_source": _STATE,
        "platform_timezone": _STATE,
    },
    "record_forget": dict.fromkeys(("platform", "user_id"), _ID),
    "record_job": {
        "platform": _ID,
        "workspace": _ID,
        "channel_id": _ID,
        "kind": _STATE,
        "gaps": _STATE,
        "cursor": _ID,
        "state": _STATE,
        "request": "the /summarize asked for",
        "note": _STATE,
        "created_by": _ID,
        "lease_holder": _ID,
    },
    "history_budget": dict.fromkeys(("platform", "workspace", "method"), _ID),
    "record_listener": {"platform": _ID},
    "record_message": dict.fromkeys(
        ("platform", "channel_id", "thread_id", "message_id", "user_id"), _ID
    ),
    "record_span": dict.fromkeys(("platform", "channel_id", "thread_id"), _ID),
    "slack_event_seen": {"event_id": _ID},
    "slack_installation": {
        "client_id": _ID,
        "enterprise_key": _ID,
        "team_key": _ID,
        "data": "the workspace's tokens, encrypted (WGBOT_SECRET_KEY)",
    },
    "slack_oauth_state": {"state": _ID},
    "sponsor": {
        "platform": _ID,
        "user_id": _ID,
        "team_id": _ID,
        "enterprise_id": _ID,
        "display_name": _ROLE,
        "state": _STATE,
        "assigned_by": _ID,
    },
    "statement": {
        "text": _GROUP,
        "source": "the draft it came from",
        "proposed_by": _ID,
        "proposed_by_name": _ROLE,
        "status": _STATE,
        "closed_by": _ID,
    },
    "summarize_opt_out": dict.fromkeys(("platform", "channel_id", "set_by"), _ID),
    "summary_lock": {"holder": _ID},
    # issue 27: outputs, their uptake, public pages, the MAG board's links
    "output": {"title": _GROUP, "url": "a published output's public address", "added_by": _ID},
    "uptake": {
        "body_key": _ID,
        "body_name": "an outside body's name, not a person's",
        "url": "the public address of the evidence",
        "status": _STATE,
        "recorded_by": _ID,
    },
    "public_page": {"published_by": _ID},
    "board_link": {"issued_to": _ID, "recipient": _ID, "revoked_by": _ID},
    "vote": {"voter": _ID, "stakeholder_group": _STATE, "region": _STATE, "choice": _STATE},
    "working_group": {
        "name": _GROUP,
        "name_key": _ID,
        "format": _STATE,
        "goal": _GROUP,
        "timezone": _STATE,
        "created_by": _ID,
    },
}


def names_in_record(session: Session, who: Forgotten) -> tuple[str, ...]:
    """Every name the record shows for this person in the group (they may have renamed)."""
    found = set(who.names)
    for platform, user_id in who.identities:
        found |= set(
            session.exec(
                select(RecordMessage.user_name).where(
                    RecordMessage.group_id == who.group_id,
                    RecordMessage.platform == platform,
                    RecordMessage.user_id == user_id,
                )
            ).all()
        )
    return tuple(sorted(n for n in found if n))


def forget(session: Session, who: Forgotten, now: datetime) -> dict[str, int]:
    """Take this person's words and name out of every keeper, in the caller's transaction;
    returns table → rows changed (what the reply and the audit say)."""
    who = replace(who, names=names_in_record(session, who))
    return {keeper.table: keeper.forget(session, who, now) for keeper in KEEPERS}


class WordsRepo:
    """The Store's door to this module (`store.words`)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def forget(self, who: Forgotten, now: datetime) -> dict[str, int]:
        return forget(self.session, who, now)

    def forgotten(self, group_id: int, platform: str, user_id: str, at: datetime) -> bool:
        """`is_forgotten`: for insert paths outside storage (a late mailed comment)."""
        return is_forgotten(self.session, group_id, platform, user_id, at)


def purge(session: Session, cutoff: datetime, batch: int) -> int:
    """One batch of each keeper's words older than the retention period; returns how many
    rows lost words (the caller repeats while a batch comes back full)."""
    return sum(keeper.purge(session, cutoff, batch) for keeper in KEEPERS if keeper.purge)
