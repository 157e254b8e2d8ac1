"""Words age out everywhere the record's words do (WGBOT_RECORD_DAYS): the retention purge of
stored drafts and vote reasons, called by `storage/consent/words.py` for its keepers.

A stored draft quotes and names the people whose messages it read: once the newest message it
read is older than the retention period, every word it rests on is gone from the record, so its
text goes too (the row stays, with its version, dates and counts: what `/wg drafts` lists). A
vote reason and the voter's shown name go once the vote is older than the period; the vote
stays counted, by stakeholder group."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from storage.audit.models import AuditEntry
from storage.consensus.models import Vote
from storage.consent.quotes import withdraw_reasons
from storage.summaries.models import DraftRecord

EXPIRED = "[older than the retention period (WGBOT_RECORD_DAYS): its text was removed]"
EXPIRED_REASON = "[a reason older than the retention period]"
# What an aged-out draft keeps: a body every reader accepts (no points, no recommendations).
EXPIRED_BODY = json.dumps({"problem_statement": EXPIRED})


def purge_drafts(session: Session, cutoff: datetime, batch: int) -> int:
    """Drafts whose newest message (else their making) is older than the cutoff lose their
    text, at most `batch` of them; returns how many."""
    newest = func.coalesce(col(DraftRecord.last_at), col(DraftRecord.created_at))
    drafts = session.exec(
        select(DraftRecord)
        .where(newest < cutoff, col(DraftRecord.body_json) != EXPIRED_BODY)
        .limit(batch)
    ).all()
    for draft in drafts:
        draft.body_json = EXPIRED_BODY
        draft.markdown = f"# Draft v{draft.version}\n\n{EXPIRED}\n"
        session.add(draft)
    session.flush()
    return len(drafts)


def purge_votes(session: Session, cutoff: datetime, batch: int) -> int:
    """Reasons and shown names of votes cast before the cutoff, at most `batch`; returns how
    many votes lost them."""
    rows = session.exec(
        select(Vote.id, Vote.group_id, Vote.reason)
        .where(col(Vote.cast_at) < cutoff)
        .where((col(Vote.reason).is_not(None)) | (col(Vote.voter_name) != ""))
        .limit(batch)
    ).all()
    if not rows:
        return 0
    ids = [vote_id for vote_id, _, _ in rows]
    by_group: dict[int, list[str]] = {}
    for _, group_id, reason in rows:
        if reason:
            by_group.setdefault(group_id, []).append(reason)
    for group_id, reasons in by_group.items():  # their quotes in stored drafts go with them
        withdraw_reasons(session, group_id, reasons, EXPIRED_REASON)
    stmt = update(Vote).where(col(Vote.id).in_(ids)).values(reason=None, named=False, voter_name="")
    session.exec(stmt)
    return len(ids)


def purge_vote_audit(session: Session, cutoff: datetime, batch: int) -> int:
    """Audit entries of votes written before votes stopped quoting reasons (they may hold a
    choice and a reason), older than the cutoff: rewritten to "vote cast", at most `batch`."""
    ids = list(
        session.exec(
            select(AuditEntry.id)
            .where(
                col(AuditEntry.at) < cutoff,
                col(AuditEntry.action).in_(["vote.cast", "vote.change"]),
                col(AuditEntry.new).not_like("%vote cast"),
            )
            .limit(batch)
        )
    )
    if not ids:
        return 0
    stmt = update(AuditEntry).where(col(AuditEntry.id).in_(ids)).values(old=None, new="vote cast")
    session.exec(stmt)
    return len(ids)
