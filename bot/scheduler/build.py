"""What a due message says, built from the database as it is when it is sent (a first try,
a retry or a resumed claim all say the current state, and the digest its claimed pairs)."""

from __future__ import annotations

from datetime import datetime

from bot.core.messages import Reply
from bot.core.ports import DeliveryError
from bot.core.settings import CommandSettings
from bot.domain.uptake import output_of_period
from bot.ground.states import SponsorState
from bot.overview.digest import overlaps_digest
from bot.scheduler import messages, messages_uptake, recipients
from bot.scheduler.messages_cycle import build_cycle
from bot.scheduler.plan import (
    BOARD_LINK,
    COVERAGE,
    DEADLINE,
    ESCALATION,
    FAILURE_REPORT,
    NUDGE,
    OVERLAP_DIGEST,
    UPTAKE_ASK,
    VOTE_REMINDER,
    WELCOME,
    DueItem,
)
from bot.scheduler.plan_cycle import KINDS as CYCLE_KINDS
from storage.consensus.models import StatementStatus
from storage.store import Store


def build(store: Store, settings: CommandSettings, item: DueItem, now: datetime) -> Reply:
    """The message for `item`; DeliveryError(permanent) when what it was about is gone."""
    if item.kind == OVERLAP_DIGEST:
        claim = store.deliveries.by_key(item.key)
        pairs = store.reported_overlaps.marked_at(claim.created_at) if claim else set()
        digest = overlaps_digest(store, pairs)
        if digest is None:
            raise DeliveryError("the digest's pairs are gone", permanent=True)
        return digest
    if item.kind == BOARD_LINK:
        return _board_link(store, item, now)
    if item.kind in CYCLE_KINDS:
        return build_cycle(store, settings, item, now)
    group = store.groups.get(item.group_id)
    if group is None:
        raise DeliveryError(f"group {item.group_id} is gone", permanent=True)
    if item.kind == UPTAKE_ASK:
        output_id = output_of_period(item.period)
        output = store.outputs.by_id(output_id) if output_id is not None else None
        if output is None or output.group_id != group.id:
            raise DeliveryError("the output was removed", permanent=True)
        return messages_uptake.uptake_ask(store, group, output, item.period)
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


def _board_link(store: Store, item: DueItem, now: datetime) -> Reply:
    """The link, made again from its row (the same link on a retry); never once revoked."""
    from bot.web.links import BoardSigner
    from bot.web.settings import web_settings

    link = store.board_links.get(int(item.period[1:]))
    if link is None or link.revoked_at is not None or link.expires_at <= now:
        raise DeliveryError("the link was revoked or has expired", permanent=True)
    web = web_settings()
    if not web.board_ready:
        raise DeliveryError("WGBOT_WEB_URL and WGBOT_WEB_SECRET are not set", permanent=True)
    return messages_uptake.board_link(BoardSigner(web.secrets, web.base_url), link, now)
