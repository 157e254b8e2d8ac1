"""One sweep: resume what earlier sweeps left (retries, abandoned claims), then claim and
send everything due. The claim is an INSERT on the delivery table's unique key, committed before the
message goes out; see docs/scheduler.md for the exact guarantee."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.clock import Clock, system_clock
from bot.core.delivery_tags import DELIVERY_KEY
from bot.core.messages import Platform, Reply
from bot.core.ports import DeliveryError, DeliveryPort, ReconcilingPort
from bot.core.settings import CommandSettings
from bot.record.retention import purge
from bot.scheduler import recipients, zones
from bot.scheduler.build import build
from bot.scheduler.digest import ALL_GROUPS, claim_overlap_digest
from bot.scheduler.plan import (
    BOARD_LINK,
    KNOWN_WINDOW,
    OVERLAP_DIGEST,
    WELCOME,
    DueItem,
    group_ids,
    plan_board_links,
    plan_failure_reports,
    plan_group,
)
from bot.scheduler.plan_cycle import LATE_DIGEST, RENEWAL, plan_cycle, plan_late_digest
from bot.scheduler.retry import RetryPolicy
from bot.scheduler.spelling import spelled
from storage.database import Database
from storage.deliveries.models import Delivery, DeliveryStatus
from storage.store import Store

log = logging.getLogger(__name__)

# A claim is owned this long; a sender must finish (with inline retries) well within it.
DEFAULT_LEASE = timedelta(minutes=15)
# Passes per sweep: the second one sends escalations and failure reports the first caused.
PASSES = 3

SENT, WOULD_SEND, RETRY_LATER, GAVE_UP = "sent", "would-send", "retry-later", "gave-up"
WOULD_RETRY = "would-retry"


@dataclass(frozen=True)
class Outcome:
    """What happened to one delivery in a sweep (printed by `wgbot nudge --now`)."""

    kind: str
    group: str
    recipient: str
    period: str
    outcome: str
    detail: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "group": self.group,
            "recipient": self.recipient,
            "period": self.period,
            "outcome": self.outcome,
            "detail": self.detail,
        }


def spread(items: list[DueItem]) -> list[DueItem]:
    """Round-robin over recipients: platforms limit messages per channel (Slack: about one a
    second), so two messages to one channel should not go out back to back."""
    queues: dict[str, list[DueItem]] = {}
    for item in items:
        queues.setdefault(item.recipient, []).append(item)
    rounds = max((len(q) for q in queues.values()), default=0)
    return [q[n] for n in range(rounds) for q in queues.values() if n < len(q)]


def default_owner() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Sweeper:
    def __init__(
        self,
        database: Database,
        settings: CommandSettings,
        ports: Mapping[Platform, DeliveryPort],
        clock: Clock = system_clock,
        *,
        owner: str | None = None,
        lease: timedelta = DEFAULT_LEASE,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.database = database
        self.settings = settings
        self.ports = dict(ports)
        self.clock = clock
        self.owner = owner or default_owner()
        self.lease = lease
        self.policy = policy or RetryPolicy(max_attempts=settings.wgbot_delivery_max_attempts)
        self.sleep = sleep
        self._running = threading.Lock()

    # -- entry points -------------------------------------------------------------------

    def sweep(self, *, dry_run: bool = False) -> list[Outcome]:
        with self._running:
            now = self.clock()
            if dry_run:
                planned = self._dry_run(now)
                digest = self._digest(now, dry_run=True)
                if digest is not None:
                    planned.append(digest)
                return planned
            # Sponsors' timezones from their platform profiles, before anything is planned.
            zones.learn(self.database, self.ports, now)
            outcomes = self._resume(now)
            for _ in range(PASSES):
                sent = [o for item in self._plan(now) if (o := self._claim_and_send(item))]
                outcomes.extend(sent)
                if not sent:
                    break
            digest = self._digest(now)
            if digest is not None:
                outcomes.append(digest)
            # The discussion record's retention period: old words go (docs/record.md).
            purged = purge(self.database, days=self.settings.wgbot_record_days, now=now)
            if purged:
                log.info("retention: %d rows (messages, drafts, votes) lost their words", purged)
            return outcomes

    def deliver_now(self, group_id: int) -> list[Outcome]:
        """A group's welcomes and renewal questions, at once (bot/scheduler/send_now.py):
        claimed like any sweep's, so a sweep running meanwhile cannot send them twice, and
        retried by the sweeps."""
        now = self.clock()
        zones.learn(self.database, self.ports, now, [group_id])
        with self.database.session() as session:
            store = Store(session)
            known = store.deliveries.keys_since(now - KNOWN_WINDOW)
            group = store.groups.get(group_id)
            planned = (
                []
                if group is None
                else [
                    *plan_group(store, self.settings, group, now, known),
                    *plan_cycle(store, self.settings, group, now, known),
                ]
            )
            planned += [i for i in plan_board_links(store, now, known) if i.group_id == group_id]
        # Welcomes, the rollover's "continue?" questions and board links go out at once.
        at_once = (WELCOME, RENEWAL, BOARD_LINK)
        items = [i for i in planned if i.kind in at_once and self._deliverable(i.recipient)]
        return [o for item in items if (o := self._claim_and_send(item))]

    def _digest(self, now: datetime, *, dry_run: bool = False) -> Outcome | None:
        """The weekly overlap digest: claimed (marking its pairs) like any message, then sent."""
        claimed = claim_overlap_digest(
            self.database,
            self.settings,
            self.ports,
            now,
            owner=self.owner,
            lease_until=now + self.lease,
            dry_run=dry_run,
        )
        if claimed is None:
            return None
        delivery_id, item = claimed
        if delivery_id is None:
            return Outcome(item.kind, item.group_name, item.recipient, item.period, WOULD_SEND)
        return self._deliver(delivery_id, item, attempts=0, since=None)

    def run_job(self) -> None:
        """APScheduler's entry: a failing sweep is logged, and the next one tries again."""
        try:
            outcomes = self.sweep()
        except Exception:
            log.exception("scheduler sweep failed")
            return
        if outcomes:
            counts: dict[str, int] = {}
            for o in outcomes:
                counts[o.outcome] = counts.get(o.outcome, 0) + 1
            log.info("sweep: %s", ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))

    # -- planning -----------------------------------------------------------------------

    def _deliverable(self, recipient: str) -> bool:
        return recipients.decode(recipient).platform in self.ports

    def _plan(self, now: datetime) -> list[DueItem]:
        with self.database.session() as session:
            known = Store(session).deliveries.keys_since(now - KNOWN_WINDOW)
        items: list[DueItem] = []
        for gid in group_ids(self.database):
            try:
                with self.database.session() as session:
                    store = Store(session)
                    group = store.groups.get(gid)
                    if group is not None:
                        items.extend(plan_group(store, self.settings, group, now, known))
                        items.extend(plan_cycle(store, self.settings, group, now, known))
            except Exception:
                # One group's bad data must not silence every other group's messages.
                log.exception("planning group %s failed; the other groups go on", gid)
        with self.database.session() as session:
            items.extend(plan_failure_reports(Store(session), self.settings, now, known))
            items.extend(plan_board_links(Store(session), now, known))
        with self.database.session() as session:
            items.extend(plan_late_digest(Store(session), self.settings, now, known))
        return spread([i for i in items if self._deliverable(i.recipient)])

    def _dry_run(self, now: datetime) -> list[Outcome]:
        out = [
            Outcome(i.kind, i.group_name, i.recipient, i.period, WOULD_SEND)
            for i in self._plan(now)
        ]
        for row in self._resumable(now):
            item = self._item(row)
            out.append(
                Outcome(item.kind, item.group_name, item.recipient, item.period, WOULD_RETRY)
            )
        return out

    # -- claiming and sending -------------------------------------------------------------

    def _claim_and_send(self, item: DueItem) -> Outcome | None:
        now = self.clock()
        with self.database.session() as session:
            delivery_id = Store(session).deliveries.claim(
                item.key, self.owner, now, now + self.lease
            )
        # Committed: from here on this process alone may send it.
        if delivery_id is None:
            return None  # another process claimed it first
        return self._deliver(delivery_id, item, attempts=0, since=None)

    def _resumable(self, now: datetime) -> list[Delivery]:
        with self.database.session() as session:
            repo = Store(session).deliveries
            rows = repo.retry_due(now) + repo.lease_expired(now)
        return [r for r in rows if self._deliverable(r.recipient)]

    def _item(self, row: Delivery) -> DueItem:
        with self.database.session() as session:
            group = Store(session).groups.get(row.group_id)
        name = group.name if group else f"group {row.group_id}"
        if row.kind in (OVERLAP_DIGEST, LATE_DIGEST, BOARD_LINK):
            name = ALL_GROUPS
        return DueItem(row.kind, row.group_id, name, row.recipient, row.period)

    def _resume(self, now: datetime) -> list[Outcome]:
        """Failed rows whose backoff is over, rows whose fate is unknown, and rows left
        `sending` by a process that died (its lease ran out). Taking one over is a
        compare-and-set, so one process wins. A row that may be on the platform already is
        looked up (since its claim) before anything is sent again."""
        outcomes = []
        for row in self._resumable(now):
            abandoned = row.status == DeliveryStatus.SENDING.value
            maybe_sent = abandoned or row.status == DeliveryStatus.UNKNOWN.value
            # The crashed try counts, so a message that kills its sender cannot loop forever.
            attempts = row.attempts + 1 if abandoned else row.attempts
            with self.database.session() as session:
                won = Store(session).deliveries.take_over(
                    row, self.owner, self.clock(), self.clock() + self.lease, attempts
                )
            if not won or row.id is None:
                continue
            item = self._item(row)
            if abandoned:
                log.warning("resuming %s %s abandoned by %s", row.kind, row.period, row.claimed_by)
            since = row.created_at if maybe_sent else None
            may_send = attempts < self.policy.max_attempts
            outcomes.append(self._deliver(row.id, item, attempts, since, may_send=may_send))
        return outcomes

    def _give_up(self, delivery_id: int, item: DueItem, attempts: int) -> Outcome:
        error = f"abandoned by crashed senders; {attempts} tries"
        with self.database.session() as session:
            Store(session).deliveries.mark_failed(
                delivery_id, self.owner, error, self.clock(), None, count=False
            )
        log.error("giving up on %s %s: %s", item.kind, item.period, error)
        return Outcome(item.kind, item.group_name, item.recipient, item.period, GAVE_UP, error)

    def _deliver(
        self,
        delivery_id: int,
        item: DueItem,
        attempts: int,
        since: datetime | None,
        *,
        may_send: bool = True,
    ) -> Outcome:
        """Look up (when `since` says it may be out since then), send, record. A message
        that may already be on the platform is never sent again without a lookup that says
        it is not there; a lookup that cannot tell leaves it unknown, to look again later."""
        to = recipients.decode(item.recipient)
        port = self.ports[to.platform]
        key = "|".join((item.kind, str(item.group_id), item.recipient, item.period))

        def outcome(result: str, detail: str = "") -> Outcome:
            return Outcome(item.kind, item.group_name, item.recipient, item.period, result, detail)

        message_id: str | None = None
        if since is not None and isinstance(port, ReconcilingPort):
            try:
                message_id = port.find_sent(to, key, since)
            except Exception as exc:  # paced, rate-limited or failed: it stays unknown
                return self._unknown(delivery_id, key, attempts, exc, outcome)
            if message_id is not None:
                log.warning("%s was on the platform already (%s): not sent again", key, message_id)
        if message_id is None and not may_send:
            return self._give_up(delivery_id, item, attempts)
        error: DeliveryError | None = None
        try:
            if message_id is None:
                reply = spelled(self._build(item), to.platform)
                reply = replace(reply, metadata={**reply.metadata, DELIVERY_KEY: key})
                for attempt in self.policy.inline(self.sleep):
                    with attempt:
                        message_id = port.send(to, reply)
        except DeliveryError as exc:
            error = exc
        except Exception as exc:  # a bug or an unexpected library error: it may be out
            log.exception("sending %s failed unexpectedly", key)
            error = DeliveryError(f"{type(exc).__name__}: {exc}", maybe_sent=True)

        now = self.clock()
        if error is None:
            assert message_id is not None
            with self.database.session() as session:
                kept = Store(session).deliveries.mark_sent(delivery_id, self.owner, message_id, now)
            if not kept:
                log.error("claim on %s was taken over while sending: possible duplicate", key)
            return outcome(SENT, message_id)
        next_at = self.policy.next_attempt(attempts + 1, error, now)
        with self.database.session() as session:
            Store(session).deliveries.mark_failed(
                delivery_id, self.owner, str(error), now, next_at, maybe_sent=error.maybe_sent
            )
        if next_at is None:
            log.error("giving up on %s after %d attempts: %s", key, attempts + 1, error)
            return outcome(GAVE_UP, str(error))
        return outcome(RETRY_LATER, f"{error} (next try {next_at.isoformat()})")

    def _unknown(
        self,
        delivery_id: int,
        key: str,
        attempts: int,
        exc: Exception,
        outcome: Callable[[str, str], Outcome],
    ) -> Outcome:
        """The lookup could not tell: the row stays unknown and is looked up again later. A
        paced or rate-limited lookup is no failed attempt; any other failure is."""
        now = self.clock()
        paced = isinstance(exc, DeliveryError) and exc.retry_after is not None
        error = exc if isinstance(exc, DeliveryError) else DeliveryError(f"{type(exc).__name__}")
        if paced:
            next_at: datetime | None = now + timedelta(seconds=error.retry_after or 0.0)
        else:
            log.warning("looking up %s failed: %s", key, exc)
            next_at = self.policy.next_attempt(attempts + 1, error, now)
        detail = f"cannot tell whether it went out: {error}"
        with self.database.session() as session:
            Store(session).deliveries.mark_failed(
                delivery_id, self.owner, detail, now, next_at, count=not paced, maybe_sent=True
            )
        if next_at is None:
            log.error("giving up on %s: %s", key, detail)
            return outcome(GAVE_UP, detail)
        return outcome(RETRY_LATER, f"{detail} (next look {next_at.isoformat()})")

    def _build(self, item: DueItem) -> Reply:
        """The message, from the database as it is now."""
        with self.database.session() as session:
            return build(Store(session), self.settings, item, self.clock())
