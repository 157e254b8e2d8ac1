"""Many workspaces: two installed through the real OAuth v2 flow (bolt's install page and
redirect over HTTP, `oauth.v2.access` on the local stand-in) share one database; each group's
nudges and reminders go out with its own workspace's token, and a workspace that uninstalls
the app gets nothing more while the other still does."""

from __future__ import annotations

import logging
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlmodel import select

from bot.app import App
from bot.clock import FrozenClock
from bot.core.dispatcher import Dispatcher
from bot.core.messages import Platform
from bot.frontends.slack.app import build_slack_app
from bot.frontends.slack.delivery import make_delivery
from bot.frontends.slack.server import make_http_server
from bot.http_server import stop_http_server
from bot.scheduler.retry import RetryPolicy
from bot.scheduler.sweep import Sweeper
from commands import build_registry
from storage import sealed
from storage.database import Database
from storage.groups.models import ChannelBinding
from storage.slack.models import SlackInstallation
from storage.slack.repo import SlackWorkspaceRepo
from storage.sponsors.models import Sponsor
from storage.store import Store
from testkit.slack.signed import SECRET, SlackSender
from testkit.slack.stand_in import SlackStandIn
from tests.harness import START, make_settings
from tests.scheduler.helpers import WEEK, Sleeps

KEY = sealed.new_key()
TOKENS = {"TA": "xoxb-workspace-a", "TB": "xoxb-workspace-b"}
CHANNELS = {"TA": "CA1", "TB": "CB1"}
SPONSORS = {"TA": "USPA", "TB": "USPB"}


@dataclass
class Served:
    core: App
    base: str
    send: SlackSender
    clock: FrozenClock


@pytest.fixture
def served(database_url: str, stand_in: SlackStandIn) -> Iterator[Served]:
    """wgbot in HTTP mode with SLACK_CLIENT_ID/SECRET and no SLACK_BOT_TOKEN."""
    settings = make_settings(
        slack_signing_secret=SECRET,
        slack_api_url=stand_in.api_url,
        slack_client_id="111.222",
        slack_client_secret="client-secret",
    )
    clock = FrozenClock(START)
    sealed.use_keys(KEY)  # what build_app does with WGBOT_SECRET_KEY
    database = Database(database_url)
    core = App(settings, database, Dispatcher(build_registry(), database, settings, clock))
    bolt, runtime = build_slack_app(core)
    server = make_http_server(bolt, "127.0.0.1", 0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.effective_port}"
    yield Served(core, base, SlackSender(base + "/slack/events", stand_in.url), clock)
    stop_http_server(server)
    thread.join(timeout=5)
    runtime.close()
    database.dispose()
    sealed.use_keys(None)


def get(url: str, cookie: str = "") -> tuple[int, str, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(), response.headers.get("Set-Cookie", "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), ""


def install(served: Served, stand_in: SlackStandIn, team: str) -> None:
    """An admin of `team` opens the install page, approves on Slack, and comes back."""
    status, page, cookie = get(served.base + "/slack/install")
    assert status == 200, page
    link = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', page)
    assert link is not None, page
    state = re.search(r"state=([^&\"]+)", link.group(1))
    assert state is not None and "client_id=111.222" in link.group(1)
    assert "scope=commands" in link.group(1).replace("%2C", ",")
    stand_in.grant(f"code-{team}", team=team, token=TOKENS[team], installer=f"UADM{team}")
    status, page, _ = get(
        f"{served.base}/slack/oauth_redirect?code=code-{team}&state={state.group(1)}",
        cookie=cookie.split(";")[0],
    )
    assert status == 200, page


def set_up_group(served: Served, team: str) -> None:
    channel, sponsor = CHANNELS[team], SPONSORS[team]
    chair = f"UCH{team}"
    for text in (
        f"create BPF {team}",
        "deadline in 5 days",
        f"sponsor <@{sponsor}|sponsor>",
        "join cs grulac",
    ):
        response = served.send.command(text, user=chair, channel=channel, team=team)
        assert response.status == 200 and ":x:" not in response.body.decode(), response.body


def sweep(served: Served) -> None:
    port = make_delivery(served.core.settings, served.core.database)
    Sweeper(
        served.core.database,
        served.core.settings,
        {Platform.SLACK: port},
        served.clock,
        sleep=Sleeps(),
        policy=RetryPolicy(max_attempts=1),
    ).sweep()


def posts_by_token(stand_in: SlackStandIn) -> dict[str, set[str]]:
    """Which channels (DM channels are D+user) each token posted to."""
    out: dict[str, set[str]] = {}
    for call in stand_in.calls_to("chat.postMessage"):
        out.setdefault(call.token, set()).add(str(call.params.get("channel")))
    return out


def test_two_workspaces_installed_by_oauth_each_delivered_with_its_own_token(
    served: Served, stand_in: SlackStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        install(served, stand_in, "TA")
        install(served, stand_in, "TB")
    assert len(stand_in.calls_to("oauth.v2.access")) == 2
    # Issue 24: the tokens are encrypted at rest, and no log line carries one.
    with served.core.database.session() as session:
        stored = [row.data for row in session.exec(select(SlackInstallation))]
    assert len(stored) == 2 and all(data.startswith("fernet:") for data in stored)
    assert not any(token in data for data in stored for token in TOKENS.values())
    assert not any(token in caplog.text for token in TOKENS.values())
    with served.core.database.session() as session:
        assert sorted(SlackWorkspaceRepo(session).installed_teams("111.222")) == [
            ("TA", None),
            ("TB", None),
        ]

    # A request from each workspace is authorized with that workspace's installation.
    set_up_group(served, "TA")
    set_up_group(served, "TB")
    with served.core.database.session() as session:
        bindings = {b.channel_id: b.team_id for b in session.exec(select(ChannelBinding))}
        sponsors = {s.user_id: s.team_id for s in session.exec(select(Sponsor))}
    assert bindings == {"CA1": "TA", "CB1": "TB"}
    assert sponsors == {"USPA": "TA", "USPB": "TB"}
    assert {c.token for c in stand_in.calls_to("users.info")} <= set(TOKENS.values())

    stand_in.calls.clear()
    sweep(served)
    sent = posts_by_token(stand_in)
    # Nudges (DM to the sponsor), deadline reminders and coverage go to each group's own
    # channel or sponsor, each with its own workspace's bot token, and never crosswise.
    assert sent == {
        TOKENS["TA"]: {"CA1", "DUSPA"},
        TOKENS["TB"]: {"CB1", "DUSPB"},
    }
    opened = {(c.token, c.params.get("users")) for c in stand_in.calls_to("conversations.open")}
    assert opened == {(TOKENS["TA"], "USPA"), (TOKENS["TB"], "USPB")}

    # Workspace B uninstalls the app: Slack revokes its token and sends app_uninstalled; its
    # installation goes once its history reader (backfilling CB1) has stopped.
    stand_in.revoked.add(TOKENS["TB"])
    uninstalled = served.send.event(
        {"type": "app_uninstalled", "event_ts": "1.2"}, event_id="EvUninstall", team="TB"
    )
    assert uninstalled.status == 200
    deadline = 50
    while ("TB", None) in installed(served) and deadline:
        deadline -= 1
        threading.Event().wait(0.1)
    assert installed(served) == [("TA", None)]

    # A week later the nudges are due again: A's still go out, B's are not sent at all.
    served.clock.advance(WEEK)
    stand_in.calls.clear()
    sweep(served)
    sent = posts_by_token(stand_in)
    assert set(sent) == {TOKENS["TA"]}
    assert "DUSPA" in sent[TOKENS["TA"]]
    assert [c.method for c in stand_in.calls if c.token == TOKENS["TB"]] == []
    with served.core.database.session() as session:
        failed = [d for d in Store(session).deliveries.all() if d.recipient.endswith("USPB")]
    assert failed and all("not installed" in (d.last_error or "") for d in failed[-1:])

    # And a request from B is refused by bolt (no installation): no command runs.
    refused = served.send.command("status", user="UCHTB", channel="CB1", team="TB")
    assert "BPF TB" not in refused.body.decode(), refused


def installed(served: Served) -> list[tuple[str | None, str | None]]:
    with served.core.database.session() as session:
        return sorted(SlackWorkspaceRepo(session).installed_teams("111.222"))
