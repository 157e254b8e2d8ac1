"""The APScheduler jobs: fixed ids, coalescing, one instance at a time, and a catch-up sweep
as soon as the scheduler starts."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from bot.scheduler.service import ON_THE_HOUR_JOB, SWEEP_JOB, build_scheduler
from tests.harness import BotHarness
from tests.scheduler.helpers import RecordingPort, make_group, sweeper


def test_fixed_jobs_and_a_catch_up_sweep_on_start(bot: BotHarness) -> None:
    make_group(bot, 1, sponsor="mag1", deadline_days=5)
    port = RecordingPort()
    scheduler = build_scheduler(sweeper(bot, port), sweep_minutes=15)
    scheduler.start()
    try:
        jobs = {job.id: job for job in scheduler.get_jobs()}
        assert set(jobs) == {SWEEP_JOB, ON_THE_HOUR_JOB}
        for job in jobs.values():
            assert job.coalesce is True and job.max_instances == 1
        deadline = time.monotonic() + 20
        while len(port.sent) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        # The catch-up ran once; the next regular sweep is an interval away.
        upcoming = scheduler.get_job(SWEEP_JOB).next_run_time
        assert upcoming - datetime.now(UTC) > timedelta(minutes=14)
    finally:
        scheduler.shutdown(wait=True)
    assert sorted(s.kind for s in port.sent) == ["coverage", "deadline", "nudge", "welcome"]
