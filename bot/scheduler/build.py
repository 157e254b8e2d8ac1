"""What a due message says, built from the database as it is when it is sent (a first try,
a retry or a resumed claim all say the current state, and the digest its claimed pairs)."""

from __future__ import annotations

from datetime import datetime

from bot.config import Settings
from bot.core.messages import Reply
from bot.core.ports import DeliveryError
from bot.ground.states import SponsorState
from bot.overview.digest import overlaps_digest
from bot.scheduler import messages, recipients
from bot.scheduler.messages_cycle import build_cycle
from bot.scheduler.plan import (
    COVERAGE,
    DEADLINE,
    ESCALATION,
    FAILURE_REPORT,
    NUDGE,
    OVERLAP_DIGEST,
    VOTE_REMINDER,
    WELCOME,
    DueItem,
)
from bot.scheduler.plan_cycle import KINDS as CYCLE_KINDS
from storage.consensus.models import StatementStatus
from storage.store import Store


def build(store: Store, settings: Settings, item: DueItem, now: datetime) -> Reply:
    """The message for `item`; DeliveryError(permanent) when what it was about is gone."""
    if item.kind == OVERLAP_DIGEST:
        claim = store.deliveries.by_key(item.key)
        pairs = store.reported_overlaps.marked_at(claim.created_at) if claim else set()
        digest = overlaps_digest(store, pairs)
        if digest is None:
            raise DeliveryError("the digest's pairs are gone", permanent=True)
        return digest
    if item.kind in CYCLE_KINDS:
        return build_cycle(store, settings, item, now)
    group = store.groups.get(item.group_id)
    if group is None:
        raise DeliveryError(f"group {item.group_id} is gone", permanent=True)
    to = recipients.decode(item.recipient)
    if item.kind in (NUDGE, WELCOME):
        sponsor = store.sponsors.get(item.group_id, to.platform.value, to.id)
        if sponsor is None:
            raise DeliveryError("the sponsor is gone", permanent=True)
        if item.kind == WELCOME:
            if sponsor.state == SponsorState.STEPPED_DOWN.value:
                raise DeliveryError("the sponsor stepped down already", permanent=True)
            return messages.welcome(store, settings, group, sponsor, now)
        return messages.nudge(store, settings, group, sponsor, now)
    if item.kind == DEADLINE:
        return messages.deadline(group, item.period, now)
    if item.kind == COVERAGE:
        coverage = messages.group_warnings(store, settings, group, now)
        return messages.coverage_warning(coverage, group)
    if item.kind == VOTE_REMINDER:
        statement = store.statements.by_id(int(item.period[1:].split(":")[0]))
        if statement is None or statement.status != StatementStatus.OPEN.value:
            raise DeliveryError("the statement was closed or withdrawn", permanent=True)
        return messages.vote_reminder(store, settings, group, statement, now)
    if item.kind == ESCALATION:
        sponsor_id = int(item.period[1:].split(":")[0])
        sponsors = store.sponsors.of_group(item.group_id, include_stepped_down=True)
        sponsor = next(s for s in sponsors if s.id == sponsor_id)
        dm = recipients.encode(recipients.user(sponsor.platform, sponsor.user_id))
        unanswered = store.deliveries.sent_since(NUDGE, item.group_id, dm, sponsor.updated_at)
        return messages.escalation(group, sponsor, unanswered)
    if item.kind == FAILURE_REPORT:
        failed = store.deliveries.get(int(item.period[1:]))
        if failed is None:
            raise DeliveryError("the failed delivery is gone", permanent=True)
        about = "all groups" if failed.kind == OVERLAP_DIGEST else group.name
        return messages.failure_report(about, failed)
    raise DeliveryError(f"unknown kind {item.kind}", permanent=True)
