"""A kickoff call where everyone joins at once, while Slack rate-limits the bot: every slash
command, button and modal is acked within Slack's 3 s, and a request delivered twice (a
retry, a double submission) is done once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import select

from bot.frontends.slack.server import HTTP_THREADS
from storage.audit.models import AuditEntry
from storage.groups.models import Ask, Member
from storage.store import Store
from testkit.slack.signed import Response
from tests.frontends.slack.conftest import RigFactory, SlackRig

# Real time: each ack within Slack's 3 s. One xdist worker runs these tests one at a time
# (pyproject: --dist loadgroup), never two at once on a loaded 2-core machine.
pytestmark = pytest.mark.xdist_group("realtime")

ACK_LIMIT = 3.0  # seconds: Slack shows the person a failure after this
RATE_LIMITED = (
    "chat.postMessage",
    "chat.postEphemeral",
    "chat.update",
    "views.open",
    "views.publish",
    "users.info",
    "conversations.open",
    "files.getUploadURLExternal",
)


def storm(rig: SlackRig, retry_after: str = "2") -> None:
    """Every Web API call the bot makes is answered 429 with Retry-After, for a long while."""
    for method in RATE_LIMITED:
        rig.api.fail(method, status=429, headers={"Retry-After": retry_after}, times=1000)


def join_values(group: str) -> dict[str, object]:
    return {"group": {"value": {"selected_option": {"value": group}}}}


def test_a_429_storm_never_fails_an_ack_and_repeats_are_done_once(
    slack_rig: RigFactory,
) -> None:
    rig = slack_rig(threads=HTTP_THREADS)  # the production server's threads
    assert rig.send.command("create BPF Cybersecurity").status == 200
    joins_before = audit_actions(rig).count("member.join")
    storm(rig)

    requests: list[Callable[[], Response]] = []
    for n in range(12):  # join forms, each submitted twice (a double click: same view)
        view_id = f"VJOIN{n}"
        for _ in range(2):
            requests.append(
                lambda n=n, v=view_id: rig.send.view_submission(
                    "wg_join", join_values("Civil society"), user=f"UJ{n}", view_id=v
                )
            )
    for n in range(8):  # asks, each delivered twice with the same trigger id
        trigger = f"13345224609.1.ask{n}"
        for _ in range(2):
            requests.append(
                lambda n=n, t=trigger: rig.send.command(
                    f"ask please review section {n}", user=f"UA{n}", trigger_id=t
                )
            )
    for n in range(6):
        requests.append(lambda n=n: rig.send.command("status", user=f"US{n}"))
    for n in range(4):  # bare `/wg join` opens a modal: views.open is rate-limited too
        requests.append(lambda n=n: rig.send.command("join", user=f"UM{n}"))
    for n in range(4):  # a button (refused: not the sponsor) answered through response_url
        requests.append(lambda n=n: rig.send.block_action("nudge:commit", "x", user=f"UB{n}"))
    assert len(requests) >= 30

    start = threading.Barrier(len(requests))

    def fire(request: Callable[[], Response]) -> Response:
        start.wait()
        return request()

    with ThreadPoolExecutor(len(requests)) as pool:
        responses = list(pool.map(fire, requests))

    failed = [(r.status, round(r.elapsed, 2)) for r in responses if r.status != 200]
    slow = [round(r.elapsed, 2) for r in responses if r.elapsed >= ACK_LIMIT]
    assert failed == [] and slow == [], (failed, slow)

    with rig.core.database.session() as session:
        store = Store(session)
        group = store.groups.by_channel("slack", "C1")
        assert group is not None and group.id is not None
        asks = list(session.exec(select(Ask).where(Ask.group_id == group.id)))
        members = list(session.exec(select(Member).where(Member.group_id == group.id)))
    audit = audit_actions(rig)
    assert sorted(a.text for a in asks) == [f"please review section {n}" for n in range(8)]
    assert sorted(a.number for a in asks) == list(range(1, 9))
    joined = sorted(m.user_id for m in members if m.user_id.startswith("UJ"))
    assert joined == sorted(f"UJ{n}" for n in range(12))
    assert audit.count("ask.add") == 8
    assert audit.count("member.join") == joins_before + 12

    # The repeated deliveries were answered, not run: each ask's twin says so in its ack.
    twins = [r.json() for r in responses[24:40] if r.body]
    assert sum("arrived twice" in str(body) for body in twins) == 8

    # The work after the ack still happens, off the ack path: the modals' views.open was
    # tried (refused by the 429 at once, the trigger would be gone) and each person told.
    rig.api.wait_for("views.open", 4)
    rig.api.wait_for("response_url", 4, where=lambda c: "could not open the form" in str(c.params))
    # The storm ends: the work still retrying after a Retry-After gets through, so stopping
    # the process does not wait out its retries (the teardown took 16 s).
    rig.api.clear_failures()


def audit_actions(rig: SlackRig) -> list[str]:
    with rig.core.database.session() as session:
        return [entry.action for entry in session.exec(select(AuditEntry))]
