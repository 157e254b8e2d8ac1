"""Filling the record's gaps from a platform's history, one paced call at a time.

A gap-filling job (`record_job`) holds the periods to read and where the reading stands (the
period, the platform's cursor), committed after every call: a restart, or another process
taking over an abandoned job, resumes from there and never reads a page twice. Calls are
paced by the platform's budget (Slack, apps outside its Marketplace: one call a minute, 15
messages a call), on the filler's own thread, never where a platform waits for an ack. When a
job for /summarize is done, `on_done` runs the summary again (now from the record) and
delivers it to the chair who asked.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.core.messages import Platform, Where
from bot.core.ports import AccessRevoked, FillStatus, HistoryPager, RateLimited
from bot.ground.errors import UserError
from bot.record import reading
from bot.record.budget import HISTORY, REPLIES
from bot.record.pacing import HistoryPacer
from bot.record.reading import said_of
from storage.database import Database
from storage.record.gaps import Period
from storage.record.models import JobState, RecordJob
from storage.store import Store

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)  # a job whose process stops renewing this is taken over
IDLE_POLL = 30.0  # seconds between looks for new jobs when nothing is queued
# A platform that serves fewer messages than asked is on its strictest budget (Slack: apps
# outside its Marketplace, one call a minute).
CAPPED_INTERVAL = 60.0
# /summarize reads on its worker thread (never an ack's) as long as the budget's next call is
# this close, for at most INLINE_FOR seconds; the rest goes on in the background.
INLINE_WAIT = 5.0
INLINE_FOR = 40.0
RECHECK_FOR, RECHECK_EVERY = 5.0, 0.5  # after a wake: look again this often, this long


def _periods(job: RecordJob) -> list[dict[str, str | None]]:
    return list(json.loads(job.gaps))


def encode_periods(periods: list[tuple[str | None, datetime, datetime]]) -> str:
    return json.dumps(
        [{"thread": t, "start": s.isoformat(), "end": e.isoformat()} for t, s, e in periods]
    )


class Filler:
    def __init__(
        self,
        database: Database,
        pager: HistoryPager,
        pacer: HistoryPacer,
        clock: Clock,
        *,
        keep_days: int,
        on_done: Callable[[RecordJob], None] = lambda _job: None,
        notify: Callable[[RecordJob, str], None] = lambda _job, _text: None,
        workspace: str = "",
        allowed: Callable[[], bool] | None = None,
    ) -> None:
        self.database = database
        # Asked before each read: False (its workspace removed the app, maybe through another
        # process) stops this filler, its jobs left pending for a reinstall to resume.
        self.allowed = allowed
        self._refused = False
        self.workspace = workspace  # whose jobs it reads (its pager's token, its budget)
        self.pager = pager
        self.platform: Platform = pager.platform
        self.pacer = pacer
        self.clock = clock
        self.keep_days = keep_days
        self.on_done = on_done
        self.notify = notify
        self.holder = uuid.uuid4().hex[:16]
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._busy = threading.Lock()
        self._blocked: str | None = None  # the method whose budget stopped the last step
        self._recheck_until = 0.0

    # -- jobs -------------------------------------------------------------------------------

    def start_job(
        self,
        group_id: int,
        where: Where,
        periods: list[tuple[str | None, datetime, datetime]],
        *,
        kind: str,
        actor: str,
        request: str | None = None,
    ) -> int:
        now = self.clock()
        with self.database.session() as session:
            job = Store(session).record_gaps.add_job(
                RecordJob(
                    group_id=group_id,
                    platform=self.platform.value,
                    workspace=self.workspace,
                    channel_id=where.channel_id,
                    kind=kind,
                    gaps=encode_periods(periods),
                    request=request,
                    created_by=actor,
                    created_at=now,
                    updated_at=now,
                    lease_holder=self.holder,
                    lease_until=now + LEASE,
                )
            )
            assert job.id is not None
            return job.id

    def try_now(self, job_id: int) -> FillStatus:
        """Read as far as the budget allows without a long wait (called by /summarize on its
        worker thread, never an ack's); what is left goes on in the background."""
        deadline = time.monotonic() + INLINE_FOR
        while True:
            status = self._step(job_id)
            if status is not None:
                return status
            if self._blocked is not None:
                wait = self.pacer.wait_time(self._blocked)
                if wait > INLINE_WAIT or time.monotonic() + wait > deadline:
                    break
                time.sleep(wait)  # Tier 3's second or so: the chair gets the draft directly
        self.wake()
        with self.database.session(readonly=True) as session:
            job = Store(session).record_gaps.job(job_id)
        assert job is not None
        return FillStatus("waiting", self.progress_text(job))

    def progress_text(self, job: RecordJob) -> str:
        """Which part is not read yet and how long it will take, never a silent wait."""
        name = self.platform.value.capitalize()
        per_call = max(self.pacer.per_call(REPLIES), 1)
        if not job.expected:  # the platform has not said how many yet
            minutes = max(1, round(self.pacer.interval / 60))
            return (
                f"reading {name} history: read {job.fetched} messages so far, the rest not yet "
                f"read ({per_call} a call, a call every {minutes} min or less); I will post "
                "when done"
            )
        expected = max(job.expected, job.fetched + 1)
        left = expected - job.fetched
        calls_left = max(1, -(-left // per_call))
        seconds = calls_left * self.pacer.interval
        when = f"about {max(1, round(seconds / 60))} min" if seconds >= 60 else "under a minute"
        return (
            f"reading {name} history: read {job.fetched} of ~{expected} messages; "
            f"{left} not yet read, {when}; I will post when done"
        )

    # -- one call ---------------------------------------------------------------------------

    def _step(self, job_id: int | None = None) -> FillStatus | None:
        """At most one history call for a job (the given one, or the oldest pending one);
        None when the job goes on. Returns a status when it finished (or there was none)."""
        with self._busy:
            self._blocked = None
            now = self.clock()
            with self.database.session() as session:
                store = Store(session)
                if job_id is None:
                    job = store.record_gaps.claim_job(
                        self.platform.value, self.holder, now, LEASE, self.workspace
                    )
                else:
                    job = store.record_gaps.job(job_id)
                if job is None or job.state != JobState.PENDING.value:
                    return FillStatus("done", "")
                job.lease_holder, job.lease_until = self.holder, now + LEASE
                store.record_gaps.save_job(job, now)
            periods = _periods(job)
            if job.gap_index >= len(periods):
                return self._finish(job)
            period = periods[job.gap_index]
            where = Where(self.platform, job.channel_id)
            thread = period["thread"]
            method = REPLIES if thread else HISTORY
            left = self._unread(job.channel_id, thread, period)  # another job may have read it
            if left is None:
                return self._skip(job, periods)
            if job.cursor is None:  # a period not begun: only the part still unread
                period["start"], period["end"] = left.start.isoformat(), left.end.isoformat()
            if self.allowed is not None and not self.allowed():  # just before the call
                log.info("history of workspace %s no longer readable: stopping", self.workspace)
                self._refused = True
                self._stop.set()
                return None
            if not self.pacer.take(method):
                self._blocked = method
                return None
            start = datetime.fromisoformat(str(period["start"]))
            end = datetime.fromisoformat(str(period["end"]))
            try:
                page = self.pager.page(
                    where,
                    thread_id=thread,
                    oldest=start,
                    latest=end,
                    cursor=job.cursor,
                    limit=self.pacer.per_call(method),
                )
            except RateLimited as exc:
                self.pacer.hold(exc.retry_after, method)
                self._blocked = method
                return None
            except AccessRevoked as exc:
                if self.allowed is None:  # one configured token: the chair is told what to fix
                    return self._fail(job, exc.message)
                log.info("history of workspace %s refused: stopping (%s)", self.workspace, exc)
                self._refused = True  # a workspace's reader: its jobs wait for a reinstall
                self._stop.set()
                return None
            except UserError as exc:
                return self._fail(job, exc.message)
            if page.capped is not None:  # served fewer than asked: the platform's cap
                self.pacer.step_down(method, CAPPED_INTERVAL, page.capped)
                self.pacer.hold(CAPPED_INTERVAL, method)
            keep_after = self.clock() - timedelta(days=self.keep_days)
            people = [said_of(m, where) for m in page.messages if not m.is_bot]
            with self.database.session() as session:
                store = Store(session)
                fresh = store.record_gaps.job(job.id or 0)
                if fresh is None or fresh.state != JobState.PENDING.value:
                    return FillStatus("done", "")
                store.record.add_from_history(fresh.group_id, people, keep_after)
                fresh.fetched += len(people)
                fresh.calls += 1
                if page.expected is not None and fresh.cursor is None:
                    fresh.expected = (fresh.expected or 0) + page.expected
                for parent in page.threads:  # replies of threads that started in this period
                    periods.append(
                        {"thread": parent, "start": start.isoformat(), "end": end.isoformat()}
                    )
                fresh.gaps = json.dumps(periods)
                if page.cursor:
                    fresh.cursor = page.cursor
                else:
                    store.record_gaps.add_span(
                        self.platform.value, job.channel_id, thread, start, end
                    )
                    fresh.cursor, fresh.gap_index = None, fresh.gap_index + 1
                store.record_gaps.save_job(fresh, self.clock())
                job = fresh
            if job.gap_index >= len(periods):
                return self._finish(job)
            if job.calls % 5 == 0:
                self.notify(job, self.progress_text(job))
            return None

    def _unread(
        self, channel: str, thread: str | None, period: dict[str, str | None]
    ) -> Period | None:
        """What of `period` no read or listening vouches for yet (None: all is vouched for),
        so a backfill and a summary never spend the budget on one thread twice."""
        start = datetime.fromisoformat(str(period["start"]))
        end = datetime.fromisoformat(str(period["end"]))
        wanted = reading.Wanted(Where(self.platform, channel), start, thread)
        with self.database.session(readonly=True) as session:
            left = [
                Period(max(p.start, start), min(p.end, end))
                for p in reading.gaps(Store(session), wanted, end, None)
                if p.end > start and p.start < end
            ]
        if not left:
            return None
        return Period(min(p.start for p in left), max(p.end for p in left))

    def _skip(self, job: RecordJob, periods: list[dict[str, str | None]]) -> FillStatus | None:
        """The current period was read whole by another job: on to the next, no call."""
        with self.database.session() as session:
            store = Store(session)
            fresh = store.record_gaps.job(job.id or 0)
            if fresh is None or fresh.state != JobState.PENDING.value:
                return FillStatus("done", "")
            fresh.gap_index, fresh.cursor, fresh.gaps = (
                fresh.gap_index + 1,
                None,
                json.dumps(periods),
            )
            store.record_gaps.save_job(fresh, self.clock())
            job = fresh
        if job.gap_index >= len(periods):
            return self._finish(job)
        return None

    def _finish(self, job: RecordJob) -> FillStatus:
        with self.database.session() as session:
            store = Store(session)
            fresh = store.record_gaps.job(job.id or 0)
            if fresh is None or fresh.state != JobState.PENDING.value:
                return FillStatus("done", "")
            fresh.state, fresh.lease_holder, fresh.lease_until = JobState.DONE.value, None, None
            store.record_gaps.save_job(fresh, self.clock())
        return FillStatus("done", "")

    def _fail(self, job: RecordJob, message: str) -> FillStatus:
        with self.database.session() as session:
            store = Store(session)
            fresh = store.record_gaps.job(job.id or 0)
            if fresh is not None:
                fresh.state, fresh.note = JobState.FAILED.value, message[:500]
                fresh.lease_holder = fresh.lease_until = None
                store.record_gaps.save_job(fresh, self.clock())
        return FillStatus("failed", message)

    # -- the background thread ------------------------------------------------------------

    def wake(self) -> None:
        """A job was queued: look now, and again shortly for a few seconds (a command may
        wake the filler before its transaction, and so the job, is committed)."""
        self._recheck_until = time.monotonic() + RECHECK_FOR
        self._wake.set()

    def start(self) -> None:
        if self._thread is not None:
            return
        name = f"wgbot-record-fill-{self.workspace}" if self.workspace else "wgbot-record-fill"
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._release()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def _release(self) -> None:
        try:
            with self.database.session() as session:
                Store(session).record_gaps.release_jobs(self.holder)
        except Exception as exc:  # a lease left behind only delays the resume
            log.info("releasing history jobs failed: %s", exc)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self._background_step()
            except Exception:
                log.exception("filling the record from history failed; trying again later")
            wait = IDLE_POLL  # no job (or none due): look again later, or when woken
            if time.monotonic() < self._recheck_until:
                wait = RECHECK_EVERY
            if self._blocked is not None:
                wait = max(0.05, self.pacer.wait_time(self._blocked))
            self._wake.wait(min(wait, IDLE_POLL))
            self._wake.clear()
        if self._refused:  # stopped itself: its leases go now, not when they run out
            self._release()

    def _background_step(self) -> None:
        self._blocked = None
        while not self._stop.is_set() and self._blocked is None:
            now = self.clock()
            with self.database.session() as session:
                job = Store(session).record_gaps.claim_job(
                    self.platform.value, self.holder, now, LEASE, self.workspace
                )
            if job is None or job.id is None:
                return
            status = self._step(job.id)
            if status is not None:
                with self.database.session(readonly=True) as session:
                    done = Store(session).record_gaps.job(job.id)
                if done is not None and done.state != JobState.PENDING.value:
                    self.on_done(done)
