"""The weekly digest of new topic overlaps, sent by the sweep to the admins' channel."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.core.ports import DeliveryError
from tests.harness import BotHarness
from tests.scenarios.test_exactly_once import _child, _kill_when_blocked
from tests.scheduler.helpers import WEEK, ReconcilingWirePort, RecordingPort, sweeper


def _group(bot: BotHarness, channel: str, name: str, goal: str) -> None:
    bot.say(f"/wg create {name}", user="chair", channel=channel)
    bot.say(f"/wg goal {goal}", user="chair", channel=channel)


def _digests(port: RecordingPort) -> list[str]:
    return [
        s.reply.title or "" for s in port.sent if s.reply.metadata.get("kind") == "overlap-digest"
    ]


def test_digest_goes_out_weekly_with_only_new_pairs(database_url: str) -> None:
    bot = BotHarness(database_url, wgbot_admin_channel="mag-admins")
    _group(bot, "c1", "BPF Cyber", "Cyber hygiene practices for ISPs and national CERTs")
    _group(bot, "c2", "DC Rights", "A rights charter on cyber hygiene for ISPs")
    _group(bot, "c3", "PN Access", "Meaningful access through community networks in rural areas")
    port = RecordingPort()
    run = sweeper(bot, port)
    planned = run.sweep(dry_run=True)  # the dry run shows the digest and sends nothing
    assert [o.outcome for o in planned if o.kind == "overlap_digest"] == ["would-send"]
    assert port.sent == []
    run.sweep()
    digests = [s for s in port.sent if s.reply.metadata.get("kind") == "overlap-digest"]
    assert len(digests) == 1 and digests[0].to.id == "mag-admins"
    lines = digests[0].reply.sections[0].lines
    assert len(lines) == 1 and "BPF Cyber ↔ DC Rights" in lines[0]

    run.sweep()  # same week: nothing more
    bot.clock.advance(timedelta(hours=5))
    run.sweep()
    assert len(_digests(port)) == 1

    _group(bot, "c4", "BPF Rural", "Community networks and meaningful access for rural areas")
    bot.clock.advance(WEEK)
    run.sweep()
    assert len(_digests(port)) == 2
    new = [s for s in port.sent if s.reply.metadata.get("kind") == "overlap-digest"][-1]
    assert [
        "PN Access ↔ BPF Rural" in line or "BPF Rural ↔ PN Access" in line
        for line in new.reply.sections[0].lines
    ] == [True]
    bot.app.database.dispose()


def test_failed_digest_is_sent_again_by_the_next_sweep(database_url: str) -> None:
    bot = BotHarness(database_url, wgbot_admin_channel="mag-admins")
    _group(bot, "c1", "BPF Cyber", "Cyber hygiene practices for ISPs and national CERTs")
    _group(bot, "c2", "DC Rights", "A rights charter on cyber hygiene for ISPs")
    down = {"on": True}

    def fail(_to: object, reply: object) -> DeliveryError | None:
        is_digest = getattr(reply, "metadata", {}).get("kind") == "overlap-digest"
        return DeliveryError("channel_not_found") if down["on"] and is_digest else None

    port = RecordingPort(fail=fail)
    run = sweeper(bot, port)
    outcomes = run.sweep()
    assert [o.outcome for o in outcomes if o.kind == "overlap_digest"] == ["retry-later"]
    down["on"] = False
    run.sweep()  # the retry waits for its backoff
    assert _digests(port) == []
    bot.clock.advance(timedelta(minutes=3))
    run.sweep()
    assert len(_digests(port)) == 1
    with bot.read() as store:  # one claim row for the week, sent on its second try
        rows = [d for d in store.deliveries.all() if d.kind == "overlap_digest"]
    assert [(r.status, r.attempts, r.recipient) for r in rows] == [
        ("sent", 2, "console:channel:mag-admins")
    ]
    bot.app.database.dispose()


def test_no_admin_channel_means_no_digest(bot: BotHarness) -> None:
    _group(bot, "c1", "BPF Cyber", "Cyber hygiene practices for ISPs and national CERTs")
    _group(bot, "c2", "DC Rights", "A rights charter on cyber hygiene for ISPs")
    port = RecordingPort()
    sweeper(bot, port).sweep()
    assert _digests(port) == []


def test_a_process_without_the_groups_platform_leaves_the_digest_alone(database_url: str) -> None:
    """Groups on Slack, admin channel unqualified: a console-only process (an ops machine
    running `wgbot nudge --now`) neither prints the digest nor marks its pairs reported."""
    from bot.core.messages import Platform

    bot = BotHarness(database_url, wgbot_admin_channel="C-ADMINS")
    bot.platform = Platform.SLACK
    _group(bot, "C1", "BPF Cyber", "Cyber hygiene practices for ISPs and national CERTs")
    _group(bot, "C2", "DC Rights", "A rights charter on cyber hygiene for ISPs")
    console = RecordingPort()
    sweeper(bot, console).sweep()
    assert _digests(console) == []
    slack = RecordingPort(platform=Platform.SLACK)
    from bot.scheduler.sweep import Sweeper

    Sweeper(bot.app.database, bot.app.settings, {Platform.SLACK: slack}, bot.clock).sweep()
    assert len(_digests(slack)) == 1 and slack.sent[-1].to.id == "C-ADMINS"
    bot.app.database.dispose()


def test_kill_after_the_digest_reached_the_wire(database_url: str, tmp_path: Path) -> None:
    """The digest has its own claim: a process killed after the platform took it and before
    it was recorded leaves it `sending`; the restart looks it up and does not send it again,
    and the marked pairs stay marked (the digest is not lost either)."""
    bot = BotHarness(database_url, wgbot_admin_channel="mag-admins")
    _group(bot, "c1", "BPF Cyber", "Cyber hygiene practices for ISPs and national CERTs")
    _group(bot, "c2", "DC Rights", "A rights charter on cyber hygiene for ISPs")
    planned = sweeper(bot, RecordingPort()).sweep(dry_run=True)
    assert planned[-1].kind == "overlap_digest"  # sent last, after the groups' messages
    wire = tmp_path / "wire"
    flags = ("--block-after", str(len(planned)), "--reconcile", "--admin", "mag-admins")
    child = _child(bot.app.database.url, bot.clock().isoformat(), wire, *flags)
    _kill_when_blocked(child, wire)
    with bot.read() as store:
        digest = [d for d in store.deliveries.all() if d.kind == "overlap_digest"]
        assert [d.status for d in digest] == ["sending"]
        assert len(store.reported_overlaps.pairs()) == 1

    bot.clock.advance(timedelta(minutes=20))
    port = ReconcilingWirePort(str(wire))
    sweeper(bot, port).sweep()
    lines = port.lines()
    assert len(lines) == len(planned) and len(set(lines)) == len(planned)
    assert sum(line.startswith("overlap_digest|") for line in lines) == 1
    with bot.read() as store:
        assert {d.status for d in store.deliveries.all()} == {"sent"}
    bot.app.database.dispose()
