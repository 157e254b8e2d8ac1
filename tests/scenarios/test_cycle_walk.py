"""A whole IGF cycle under a frozen clock: every milestone reminder reaches each person once
and only once (chairs: a week before and on the day; members: the call for input and the
comment round), at the nudge hour of their own timezone, on SQLite and PostgreSQL, across a
restart of the scheduler halfway through. Moved and done milestones are not announced."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.app import build_app
from bot.core.delivery_tags import DELIVERY_KEY
from bot.core.messages import Platform, Reply
from bot.core.ports import Recipient
from bot.scheduler.plan_cycle import MILESTONE
from bot.scheduler.sweep import Sweeper
from tests.harness import BotHarness, make_settings

STEP = timedelta(hours=12)  # 09:00 and 21:00 UTC: a sweep every half day
END = datetime(2027, 12, 23, 0, 0, tzinfo=UTC)  # the day after the uptake review
ZONES = {"ana": "UTC", "kofi": "Africa/Nairobi", "mei": "Asia/Singapore"}
CHAIR_MILESTONES = 10
MEMBER_MILESTONES = 4  # call-opens, call-closes, comments-open, comments-close


@dataclass
class TimedPort:
    """The wire, with the moment each message reached it."""

    clock: object
    sent: list[tuple[str, Recipient, Reply, datetime]] = field(default_factory=list)
    platform: Platform = Platform.CONSOLE

    def send(self, to: Recipient, reply: Reply) -> str:
        now = self.clock()  # type: ignore[operator]
        self.sent.append((reply.metadata[DELIVERY_KEY], to, reply, now))
        return f"m{len(self.sent)}"


def _sweeper(database_url: str, bot: BotHarness, port: TimedPort) -> Sweeper:
    """A scheduler process of its own (its own app and connections) on the shared database."""
    app = build_app(make_settings(), database_url=database_url, clock=bot.clock, upgrade=False)
    return Sweeper(app.database, app.settings, {Platform.CONSOLE: port}, bot.clock)


def test_a_whole_cycle_sends_every_milestone_reminder_once(
    bot: BotHarness, database_url: str
) -> None:
    bot.setup_group()  # ana: chair
    bot.say("/wg join tech africa", user="kofi")
    bot.say("/wg join private sector apac", user="mei")
    for user in ("kofi", "mei"):
        assert bot.say(f"/wg timezone {ZONES[user]}", user=user).tone.value == "success"
    bot.say("/wg cycle 2027 meeting 2027-06-22", user="admin")
    port = TimedPort(bot.clock)
    sweeper = _sweeper(database_url, bot, port)
    restarted = False
    moved = done = False
    while bot.clock() < END:
        sweeper.sweep()
        if bot.clock() >= datetime(2027, 4, 21, tzinfo=UTC) and not moved:
            # After the draft's week-before reminder: the chair moves it a week later.
            assert bot.say("/wg milestone draft 2027-05-04").tone.value == "success"
            moved = True
        if bot.clock() >= datetime(2027, 6, 9, tzinfo=UTC) and not done:
            # After the frozen text's week-before reminder: done early, no reminder on the day.
            assert bot.say("/wg milestone frozen done").tone.value == "success"
            done = True
        if bot.clock() >= datetime(2027, 6, 1, tzinfo=UTC) and not restarted:
            sweeper.sweep()  # a second sweep at the same moment sends nothing more
            sweeper.database.dispose()
            sweeper = _sweeper(database_url, bot, port)  # the restart
            restarted = True
        bot.clock.advance(STEP)
    sweeper.sweep()
    sweeper.database.dispose()

    reminders = [s for s in port.sent if s[0].startswith(MILESTONE + "|")]
    keys = Counter(key for key, *_ in reminders)
    assert keys and max(keys.values()) == 1, [k for k, n in keys.items() if n > 1]
    by_person = Counter(to.id for _, to, _, _ in reminders)
    # The chair: 2 per milestone, the draft once more (moved after its first reminder: its
    # new date's week-before and day), the frozen text once less (done before its day).
    assert by_person["ana"] == 2 * CHAIR_MILESTONES + 1 - 1
    assert by_person["kofi"] == by_person["mei"] == 2 * MEMBER_MILESTONES
    draft = sorted(k.split("|")[3] for k, to, _, _ in reminders if ":draft:" in k)
    # The moved draft gets reminders of its own date.
    assert draft == [
        "2027:draft:2027-04-27:T-7",
        "2027:draft:2027-05-04:T-0",
        "2027:draft:2027-05-04:T-7",
    ]
    assert not [k for k in keys if ":frozen:" in k and k.endswith("T-0")]
    for key, to, reply, at in reminders:
        local = at.astimezone(ZoneInfo(ZONES[to.id]))
        # Not before the nudge hour (09:00) where the person lives, and within one step of it.
        _year, _key, day, label = key.split("|")[3].split(":")
        moment = datetime.fromisoformat(day).replace(hour=9, tzinfo=ZoneInfo(ZONES[to.id]))
        start = moment - timedelta(days=int(label.removeprefix("T-")))
        assert start <= local < start + STEP, (key, local)
        assert reply.title and reply.title.startswith("BPF Cybersecurity: ")
    chair_text = next(r.text for k, to, r, _ in reminders if to.id == "ana" and ":draft:" in k)
    assert "`/wg milestone draft done`" in chair_text
    member_text = next(
        r.text for k, to, r, _ in reminders if to.id == "kofi" and ":comments-open:" in k
    )
    assert "`/wg comment N TEXT`" in member_text


def test_each_person_is_reminded_at_their_own_morning(bot: BotHarness, database_url: str) -> None:
    """Hour by hour around one milestone: Singapore's 09:00 comes 8 hours before London's."""
    bot.setup_group()
    bot.say("/wg join private sector apac", user="mei")
    bot.say("/wg timezone Asia/Singapore", user="mei")
    bot.say("/wg cycle 2027 meeting 2027-06-22", user="admin")
    bot.clock.now = datetime(2027, 2, 15, 23, 0, tzinfo=UTC)  # call-opens is 2027-02-16
    port = TimedPort(bot.clock)
    sweeper = _sweeper(database_url, bot, port)
    try:
        for _ in range(12):
            sweeper.sweep()
            bot.clock.advance(timedelta(hours=1))
    finally:
        sweeper.database.dispose()
    day = [(to.id, at.hour) for key, to, _, at in port.sent if "call-opens:2027-02-16:T-0" in key]
    assert day == [("mei", 1), ("ana", 9)]  # 09:00 in Singapore, then 09:00 UTC
