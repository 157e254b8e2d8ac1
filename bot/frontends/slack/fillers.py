"""The record's history readers, one per workspace: a single-token install has one (workspace
""); an OAuth install has one per installed workspace, with that workspace's bot token (from
the installation store) and its own row of the shared history budget (per workspace and
method, every process), so that no workspace's request reads history unpaced or sleeps on a
429, and one workspace's reading never spends another's budget.

A filler is made the first time its workspace needs one (a request, a bind, an invite) and
for every workspace with jobs left when the process starts. Making one is a lookup in the
database, never a Web API call: it may happen on an ack's path."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store import Bot

from bot.app import App
from bot.core import notices
from bot.core.dispatcher import Dispatcher
from bot.core.messages import Actor, Invocation, Platform, Where
from bot.core.ports import DeliveryPort, Services
from bot.frontends.slack.blocks import render
from bot.frontends.slack.budget import allowance
from bot.frontends.slack.client import make_web_client
from bot.frontends.slack.history import SlackPager
from bot.frontends.slack.posting import post_messages
from bot.frontends.slack.settings import slack_settings
from bot.frontends.slack.stores import DatabaseInstallationStore
from bot.frontends.slack.text import mrkdwn
from bot.frontends.slack.users import NameCache
from bot.record.budget import SharedPacer
from bot.record.filler import Filler
from bot.record.listening import Listening
from bot.record.pacing import HistoryPacer
from storage.record.models import JobState, RecordJob
from storage.slack.repo import SlackWorkspaceRepo
from storage.store import Store


class FillerHost(Protocol):
    """What a filler needs of the Slack runtime (runtime.py), named here so that this
    module does not import it back."""

    @property
    def core(self) -> App: ...
    @property
    def names(self) -> NameCache: ...
    @property
    def delivery(self) -> DeliveryPort: ...
    @property
    def listening(self) -> Listening: ...
    @property
    def dispatcher(self) -> Dispatcher: ...


log = logging.getLogger(__name__)


def make_filler(
    runtime: FillerHost,
    client: WebClient,
    workspace: str,
    history_clock: Callable[[], float],
    pacer: HistoryPacer | None = None,
    allowed: Callable[[], bool] | None = None,
) -> Filler:
    """A filler reading with `client`'s token within `workspace`'s shared budget; what it
    tells the chair goes with the same token."""
    core = runtime.core
    budget = allowance(slack_settings(core.settings))
    pager = SlackPager(client, runtime.names, budget.interval, budget.per_call)
    shared = SharedPacer(core.database, Platform.SLACK.value, workspace, budget, history_clock)
    return Filler(
        core.database,
        pager,
        pacer or shared,
        runtime.dispatcher.clock,
        keep_days=core.settings.wgbot_record_days,
        on_done=lambda job: history_read(runtime, client, job),
        notify=lambda job, text: fill_progress(client, job, text),
        workspace=workspace,
        allowed=allowed,
    )


class WorkspaceFillers:
    """The fillers of an OAuth install's workspaces, keyed by team id (or the org's id)."""

    def __init__(self, runtime: FillerHost, history_clock: Callable[[], float]) -> None:
        settings = slack_settings(runtime.core.settings)
        assert settings.slack_client_id is not None
        self.runtime = runtime
        self.history_clock = history_clock
        self.client_id = settings.slack_client_id
        self.installations = DatabaseInstallationStore(runtime.core.database, self.client_id)
        self._fillers: dict[str, Filler] = {}
        self._teams: dict[str, str] = {}  # bot token → workspace (a token never moves)
        self._tokens: dict[str, str] = {}  # workspace → the token its filler reads with
        self._gone: set[str] = set()  # tokens of workspaces that removed the app
        self._lock = threading.Lock()

    def for_token(self, token: str | None) -> Filler | None:
        """The filler of the workspace `token` is the bot token of (None: not installed)."""
        if not token:
            return None
        team = self._teams.get(token)
        if team is None:
            with self.runtime.core.database.session(readonly=True) as session:
                teams = SlackWorkspaceRepo(session).installed_teams(self.client_id)
            for team_id, enterprise_id in teams:
                bot = self._bot(team_id, enterprise_id)
                if bot is not None and bot.bot_token == token:
                    team = team_id or enterprise_id or ""
                    break
            if not team:
                return None
            self._teams[token] = team
        with self._lock:
            stale = team in self._fillers and self._tokens.get(team) != token
            old = self._fillers.pop(team) if stale else None
        if old is not None:  # reinstalled: a new token; the old filler stops off this thread
            threading.Thread(target=old.stop, name="wgbot-fill-stop", daemon=True).start()
        return self.for_team(team)

    def for_team(self, team: str | None, enterprise: str | None = None) -> Filler | None:
        """The filler of this workspace (made and started when first needed)."""
        workspace = team or enterprise or ""
        if not workspace:
            return None
        with self._lock:
            found = self._fillers.get(workspace)
        if found is not None and not found.stopped:
            return found
        bot = self._bot(team, enterprise)
        if bot is None or not bot.bot_token or bot.bot_token in self._gone:
            return None  # uninstalled: nothing of it is read any more
        token = bot.bot_token
        slack = slack_settings(self.runtime.core.settings)
        client = make_web_client(slack, wait_on_rate_limit=True, token=token)

        def allowed() -> bool:
            """Still installed with this token (another process may have seen it go)."""
            if token in self._gone:
                return False
            now = self._bot(team, enterprise)
            return now is not None and now.bot_token == token

        with self._lock:
            current = self._fillers.get(workspace)
            if current is None or current.stopped:
                filler = make_filler(
                    self.runtime, client, workspace, self.history_clock, allowed=allowed
                )
                self._fillers[workspace] = filler
                self._tokens[workspace] = bot.bot_token
                filler.start()
            return self._fillers[workspace]

    def resume(self) -> None:
        """A filler for every workspace whose jobs a stopped process left unread."""
        with self.runtime.core.database.session(readonly=True) as session:
            pending = Store(session).record_gaps.pending_workspaces(Platform.SLACK.value)
        for workspace in pending:
            if workspace:
                self.for_team(workspace) or self.for_team(None, workspace)

    def remove(self, team: str | None, enterprise: str | None) -> None:
        """The workspace removed the app (app_uninstalled, tokens_revoked): its filler stops
        before its installation is deleted, so no read with its token follows; its jobs stay
        pending for a reinstall."""
        workspace = team or enterprise or ""
        with self._lock:
            filler = self._fillers.pop(workspace, None)
            token = self._tokens.pop(workspace, None)
            if token is not None:
                self._gone.add(token)
                self._teams.pop(token, None)
        bot = self._bot(team, enterprise)
        if bot is not None and bot.bot_token:
            self._gone.add(bot.bot_token)
        if filler is not None:
            filler.stop()

    def all(self) -> list[Filler]:
        with self._lock:
            return list(self._fillers.values())

    def stop(self) -> None:
        for filler in self.all():
            filler.stop()

    def _bot(self, team: str | None, enterprise: str | None) -> Bot | None:
        bot = self.installations.find_bot(enterprise_id=enterprise, team_id=team)
        if bot is None and enterprise is not None:  # an org-wide (Enterprise Grid) install
            bot = self.installations.find_bot(
                enterprise_id=enterprise, team_id=team, is_enterprise_install=True
            )
        return bot


def fill_progress(client: WebClient, job: RecordJob, text: str) -> None:
    """Progress of a /summarize waiting for history, to the chair who asked."""
    request = json.loads(job.request or "null")
    if not request:
        return
    try:
        client.chat_postEphemeral(
            channel=request["channel"],
            user=request["user_id"],
            text=mrkdwn(notices.progress(text)),
        )
    except SlackApiError as exc:
        log.info("progress of history job %s not shown: %s", job.id, exc)


def history_read(runtime: FillerHost, client: WebClient, job: RecordJob) -> None:
    """A /summarize waited for history: run it again (from the record, no further history
    reads) and post its result to the chair, as it would have been answered."""
    request = json.loads(job.request or "null")
    if job.kind != "summary" or not request:
        return
    where = Where(
        Platform.SLACK,
        request["channel"],
        request["thread"],
        team_id=request.get("team"),
        enterprise_id=request.get("enterprise"),
    )
    actor = Actor(Platform.SLACK, request["user_id"], request["name"])
    invocation = Invocation(actor, where, ("summarize",), request["args"])
    services = Services(delivery=runtime.delivery, live_since=runtime.listening.since)
    reply = runtime.dispatcher.handle(invocation, services)
    if job.state == JobState.FAILED.value:
        note = mrkdwn(notices.history_unread("Slack", job.note or "no reason given"))
        client.chat_postEphemeral(channel=where.channel_id, user=actor.user_id, text=note)
    messages = render(reply)
    if reply.ephemeral:
        for message in messages:
            client.chat_postEphemeral(
                channel=where.channel_id,
                user=actor.user_id,
                text=message.text,
                blocks=message.blocks,
            )
    else:
        post_messages(client, where.channel_id, messages, where.thread_id)
