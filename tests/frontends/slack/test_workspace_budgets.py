"""An OAuth install's history reads, paced per workspace: two workspaces installed through
the real OAuth v2 flow over HTTP each summarise a 420-message thread older than the bot. By
default an OAuth install is taken for an unlisted distributed app (one call a minute, 15
messages a call, per workspace and method). Each workspace's reads go with its own token
through its own filler and its own row of the shared budget: the stand-in (which answers 429
past the budget per token and method, as Slack does) refuses nothing, no request waits,
each chair sees what is not read yet, and both drafts follow."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlmodel import select

from bot.app import App
from bot.clock import FrozenClock
from bot.core.dispatcher import Dispatcher
from bot.frontends.slack.app import build_slack_app
from bot.frontends.slack.runtime import SlackRuntime
from bot.frontends.slack.server import make_http_server
from bot.frontends.slack.stores import DatabaseInstallationStore
from bot.http_server import stop_http_server
from commands import build_registry
from storage import sealed
from storage.budget.models import HistoryBudget
from storage.database import Database
from storage.record.models import RecordJob
from testkit.slack.signed import SECRET, SlackSender
from testkit.slack.stand_in import SlackStandIn
from tests.frontends.slack.helpers import Ticks
from tests.frontends.slack.test_workspaces import CHANNELS, KEY, TOKENS, Served, install
from tests.harness import START, make_settings

# Real time: each command acked within Slack's 3 s (see test_storm).
pytestmark = pytest.mark.xdist_group("realtime")

REPLIES = 419
ACK_BUDGET = 3.0  # seconds: Slack's ack window


@dataclass
class Rig:
    served: Served
    runtime: SlackRuntime
    ticks: Ticks


@pytest.fixture
def rig(database_url: str, stand_in: SlackStandIn) -> Iterator[Rig]:
    """wgbot over HTTP with SLACK_CLIENT_ID/SECRET, no SLACK_BOT_TOKEN and no budget set."""
    settings = make_settings(
        slack_signing_secret=SECRET,
        slack_api_url=stand_in.api_url,
        slack_client_id="111.222",
        slack_client_secret="client-secret",
        wgbot_backfill_days=30,
    )
    sealed.use_keys(KEY)  # what build_app does with WGBOT_SECRET_KEY (tokens are sealed)
    ticks = Ticks()
    stand_in.paced()  # Slack's budget for unlisted apps, per token and method
    stand_in.monotonic = ticks
    database = Database(database_url)
    clock = FrozenClock(START)
    core = App(settings, database, Dispatcher(build_registry(), database, settings, clock))
    bolt, runtime = build_slack_app(core, history_clock=ticks)
    server = make_http_server(bolt, "127.0.0.1", 0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.effective_port}"
    send = SlackSender(base + "/slack/events", stand_in.url)
    yield Rig(Served(core, base, send, clock), runtime, ticks)
    stop_http_server(server)
    thread.join(timeout=5)
    runtime.close()
    database.dispose()
    sealed.use_keys(None)


def said(user: str, text: str, ts: str, **extra: Any) -> dict[str, Any]:
    return {"type": "message", "user": user, "text": text, "ts": ts, **extra}


def old_thread(stand_in: SlackStandIn, channel: str, start: float) -> str:
    parent = f"{start:.6f}"
    replies = [
        said(f"U{n % 7}", f"Reply {n}: filter spoofed traffic.", f"{start + n:.6f}")
        | {"thread_ts": parent}
        for n in range(1, REPLIES + 1)
    ]
    stand_in.add(channel, said("UANA", "Shall we adopt BCP 38?", parent), *replies)
    return f"https://igf.slack.com/archives/{channel}/p{parent.replace('.', '')}"


def command(served: Served, team: str, text: str, name: str = "/wg") -> None:
    """A chair of `team` types a command in the team's channel: acked within Slack's 3 s
    (nothing sleeps on the request's thread, whatever the history budget)."""
    began = time.monotonic()
    response = served.send.command(
        text, user=f"UCH{team}", channel=CHANNELS[team], team=team, command=name
    )
    assert time.monotonic() - began < ACK_BUDGET
    assert response.status == 200, response.body


def next_minute(rig: Rig) -> None:
    """The clock moves a minute while no filler has a call on the wire (Slack and the budget
    then agree on when each call went)."""
    assert rig.runtime.fillers is not None
    fillers = rig.runtime.fillers.all()
    for filler in fillers:
        filler._busy.acquire()
    rig.ticks.advance(60)
    for filler in fillers:
        filler._busy.release()
        filler.wake()


def drafts_by_token(stand_in: SlackStandIn) -> set[str]:
    return {
        c.token
        for c in stand_in.calls_to("chat.postEphemeral")
        if "Draft recommendations" in str(c.params.get("blocks"))
    }


def test_each_oauth_workspace_reads_within_its_own_budget(rig: Rig, stand_in: SlackStandIn) -> None:
    served, links = rig.served, {}
    for n, team in enumerate(sorted(TOKENS)):
        install(served, stand_in, team)
        links[team] = old_thread(stand_in, CHANNELS[team], START.timestamp() - 3 * 86400 + n)
        command(served, team, f"create BPF {team}")
    # Each workspace's backfill: this minute's history call, with its own token.
    stand_in.wait_for(
        "conversations.history",
        where=lambda c: c.token == TOKENS["TA"],
        timeout=30,
    )
    stand_in.wait_for(
        "conversations.history",
        where=lambda c: c.token == TOKENS["TB"],
        timeout=30,
    )
    next_minute(rig)
    for team in sorted(TOKENS):
        command(served, team, links[team], "/summarize")
    waiting = stand_in.wait_for(
        "response_url", 2, where=lambda c: "not yet read" in str(c.params.get("text")), timeout=30
    )
    assert "Draft recommendations" not in str(stand_in.calls_to("response_url"))
    assert all("reading Slack history" in str(c.params["text"]) for c in waiting)
    assert rig.runtime.fillers is not None
    for _minute in range(70):
        if drafts_by_token(stand_in) == set(TOKENS.values()):
            break
        next_minute(rig)
        time.sleep(0.25)
    deadline = time.monotonic() + 30
    while drafts_by_token(stand_in) != set(TOKENS.values()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert drafts_by_token(stand_in) == set(TOKENS.values())
    for c in stand_in.calls_to("chat.postEphemeral"):
        if "Draft recommendations" in str(c.params.get("blocks")):
            assert f"Read {REPLIES + 1} messages" in str(c.params["blocks"])
    # Every history read went through a workspace's own budget: Slack refused none.
    assert stand_in.refused == 0
    for method in ("conversations.history", "conversations.replies"):
        calls = stand_in.calls_to(method)
        assert {c.token for c in calls} <= set(TOKENS.values())
        assert stand_in.history_calls_per_minute(method) <= 1
        for call in calls:
            assert int(call.params["limit"]) == 15
    assert {c.token for c in stand_in.calls_to("conversations.replies")} == set(TOKENS.values())
    with rig.served.core.database.session(readonly=True) as session:
        rows = session.exec(select(HistoryBudget)).all()
        assert {(r.workspace, r.method) for r in rows} >= {
            ("TA", "replies"),
            ("TB", "replies"),
            ("TA", "history"),
            ("TB", "history"),
        }
        jobs = session.exec(select(RecordJob)).all()
        assert {j.workspace for j in jobs} == {"TA", "TB"}


def test_a_restarted_process_resumes_each_workspace_s_jobs(
    rig: Rig, stand_in: SlackStandIn
) -> None:
    """A job left by a stopped process is read by a filler of its own workspace."""
    served = rig.served
    install(served, stand_in, "TA")
    old_thread(stand_in, CHANNELS["TA"], START.timestamp() - 3 * 86400)
    command(served, "TA", "create BPF TA")
    stand_in.wait_for("conversations.history", where=lambda c: c.token == TOKENS["TA"], timeout=30)
    rig.runtime.close()  # leases released; the job is left pending
    _bolt, again = build_slack_app(served.core, history_clock=rig.ticks)
    try:
        assert again.fillers is not None
        assert [f.workspace for f in again.fillers.all()] == ["TA"]
        rig.ticks.advance(60)
        again.fillers.all()[0].wake()
        stand_in.wait_for(
            "conversations.replies", where=lambda c: c.token == TOKENS["TA"], timeout=30
        )
    finally:
        again.close()


def test_a_reinstalled_workspace_is_read_with_its_new_token(
    rig: Rig, stand_in: SlackStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(rig.served, stand_in, "TA")
    fillers = rig.runtime.fillers
    assert fillers is not None
    first = fillers.for_token(TOKENS["TA"])
    assert first is not None and first.workspace == "TA"
    monkeypatch.setitem(TOKENS, "TA", "xoxb-workspace-a-again")
    install(rig.served, stand_in, "TA")  # the old token is revoked by the reinstall
    again = fillers.for_token("xoxb-workspace-a-again")
    assert again is not None and again is not first and again.workspace == "TA"
    assert again.pager.client.token == "xoxb-workspace-a-again"  # type: ignore[attr-defined]
    assert fillers.for_token("xoxb-workspace-a-again") is again
    assert [f.workspace for f in fillers.all()] == ["TA"]


def test_a_workspace_removed_by_another_process_is_read_no_more(
    rig: Rig, stand_in: SlackStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another replica handled app_uninstalled: this process's reader of that workspace
    stops before its next call, leaving the backfill pending; a reinstall resumes it."""
    served = rig.served
    install(served, stand_in, "TA")
    old_thread(stand_in, CHANNELS["TA"], START.timestamp() - 3 * 86400)
    command(served, "TA", "create BPF TA")
    stand_in.wait_for("conversations.history", where=lambda c: c.token == TOKENS["TA"], timeout=30)
    assert rig.runtime.fillers is not None
    [reader] = rig.runtime.fillers.all()
    with reader._busy:  # its call on the wire (and the page's permalinks) done first
        DatabaseInstallationStore(served.core.database, "111.222").delete_all(
            enterprise_id=None, team_id="TA"
        )
        stand_in.revoked.add(TOKENS["TA"])
        stand_in.calls.clear()
    next_minute(rig)
    assert reader._thread is not None
    reader._thread.join(timeout=10)  # it stops itself, its leases released on the way out
    assert reader.stopped and not reader._thread.is_alive()
    assert [c.method for c in stand_in.calls if c.token == TOKENS["TA"]] == []
    with served.core.database.session(readonly=True) as session:
        [job] = session.exec(select(RecordJob)).all()
    assert job.state == "pending" and job.lease_holder is None  # kept for a reinstall

    monkeypatch.setitem(TOKENS, "TA", "xoxb-workspace-a-again")
    install(served, stand_in, "TA")
    again = rig.runtime.fillers.for_team("TA")
    assert again is not None and again is not reader
    next_minute(rig)
    stand_in.wait_for("conversations.replies", where=lambda c: c.token == TOKENS["TA"], timeout=30)


def test_a_token_slack_refuses_stops_the_reader_and_keeps_its_job(
    rig: Rig, stand_in: SlackStandIn
) -> None:
    """Slack revoked the token before any process heard of it (the event is on its way): the
    read answers token_revoked; the reader stops, and the backfill waits for a reinstall
    instead of failing."""
    served = rig.served
    install(served, stand_in, "TA")
    old_thread(stand_in, CHANNELS["TA"], START.timestamp() - 3 * 86400)
    command(served, "TA", "create BPF TA")
    stand_in.wait_for("conversations.history", where=lambda c: c.token == TOKENS["TA"], timeout=30)
    assert rig.runtime.fillers is not None
    [reader] = rig.runtime.fillers.all()
    with reader._busy:
        stand_in.revoked.add(TOKENS["TA"])
    next_minute(rig)
    assert reader._thread is not None
    reader._thread.join(timeout=10)
    assert reader.stopped and not reader._thread.is_alive()
    refused = stand_in.calls_to("conversations.replies")
    assert [c.token for c in refused] == [TOKENS["TA"]]  # one refused read, then no more
    with served.core.database.session(readonly=True) as session:
        [job] = session.exec(select(RecordJob)).all()
    assert job.state == "pending" and job.lease_holder is None and job.note is None
