"""APScheduler 3.x runs a few fixed sweep jobs. Each sweep computes what is due from the
database, so the jobs hold no per-group state and any number of processes may run them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.scheduler.sweep import Sweeper

SWEEP_JOB = "wgbot-sweep"  # every WGBOT_SWEEP_MINUTES, first run at start (the catch-up)
ON_THE_HOUR_JOB = "wgbot-on-the-hour"  # weekly moments are whole or half local hours

JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600}


def build_scheduler(sweeper: Sweeper, sweep_minutes: int, **options: Any) -> BackgroundScheduler:
    """A scheduler (not started) with the fixed jobs; `start()` runs a catch-up sweep at once."""
    scheduler = BackgroundScheduler(timezone=UTC, job_defaults=JOB_DEFAULTS, **options)
    scheduler.add_job(
        sweeper.run_job,
        IntervalTrigger(minutes=sweep_minutes, timezone=UTC),
        id=SWEEP_JOB,
        name="sweep: retries, catch-up and anything due",
        replace_existing=True,
        next_run_time=datetime.now(UTC),  # APScheduler runs on real time
    )
    scheduler.add_job(
        sweeper.run_job,
        CronTrigger(minute="0,30", second=5, timezone=UTC),
        id=ON_THE_HOUR_JOB,
        name="sweep at the weekly and daily moments",
        replace_existing=True,
    )
    return scheduler
