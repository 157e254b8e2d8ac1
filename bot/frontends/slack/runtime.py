"""What every listener shares: the core dispatcher, the Web API client, the name cache, the
history reader, and the thread pools.

Three pools, so that nothing that can sleep runs where Slack waits for an ack:
* `ack_pool` is bolt's `listener_executor`: listeners parse, run the core's transaction,
  render and ack there, and call no Web API (a 429 would not be waited out there anyway:
  `client.RateLimitRetryOffAckPath`);
* `slow_pool` takes everything after the ack that talks to Slack or an LLM (posting,
  uploads, `response_url`s, slow commands), where a Retry-After may be slept;
* `prompt_pool` opens modals: `views.open` must reach Slack within the trigger's 3 s, so it
  never queues behind sleeping work and never waits on a rate limit."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.app import App
from bot.core import notices
from bot.core.messages import Actor, Invocation, Platform, Reply, Where
from bot.core.ports import Services
from bot.frontends.slack.blocks import render
from bot.frontends.slack.client import ACK_THREAD_PREFIX
from bot.frontends.slack.delivery import own_delivery
from bot.frontends.slack.errors import user_hint
from bot.frontends.slack.fillers import WorkspaceFillers, make_filler
from bot.frontends.slack.history import SlackHistory
from bot.frontends.slack.once import EVENT_MEMORY, event_delivery
from bot.frontends.slack.posting import post_messages, upload_reply_files
from bot.frontends.slack.responding import (
    Respond,
    delivered,
    respond_all,
    tell_privately,
    with_reason,
)
from bot.frontends.slack.settings import slack_settings
from bot.frontends.slack.text import mrkdwn
from bot.frontends.slack.users import NameCache
from bot.record.backfill import queue_backfill
from bot.record.filler import Filler
from bot.record.listening import Listening
from bot.record.pacing import HistoryPacer
from storage.slack.repo import SlackEventRepo
from storage.store import Store

log = logging.getLogger(__name__)

SLOW_WORKERS = 8  # mostly waiting (on Slack, an LLM): threads are cheap
# Bolt's listener threads: each HTTP thread waits on one for its ack, and a listener keeps
# its thread a little after the ack (its transaction is done; it hands the rest on).
ACK_WORKERS = 32
PROMPT_WORKERS = 4
PROMPT_TIMEOUT = 2  # seconds: a trigger_id is valid for 3
NAME_LOOKUP_TIMEOUT = 1  # second: users.info runs before the ack
PROGRESS_INTERVAL = 3.0  # seconds between "working on it" edits
MAX_PROGRESS_UPDATES = 2  # the response_url takes 5 messages: note, 2 updates, result


class SlackRuntime:
    def __init__(
        self,
        core: App,
        client: WebClient,
        slow_workers: int = SLOW_WORKERS,
        ack_workers: int = ACK_WORKERS,
        pacer: HistoryPacer | None = None,
        history_clock: Callable[[], float] = time.time,
    ) -> None:
        self.core = core
        self.dispatcher = core.dispatcher
        self.client = client
        # Names are looked up in the ack's path: never wait on a rate limit or a slow API
        # there (the name falls back to the one Slack sent).
        self.names = NameCache(
            WebClient(
                token=client.token,
                base_url=client.base_url,
                timeout=NAME_LOOKUP_TIMEOUT,
                retry_handlers=[],
            )
        )
        self.history = SlackHistory(client, self.names)
        # One Slack port per process (bot/frontends/registry.py); built alone (tests), its own.
        ports = core.dispatcher.deliveries
        slack = slack_settings(core.settings)
        self.delivery = ports.get(Platform.SLACK) or own_delivery(slack, core.database, client)
        self.ack_pool = ThreadPoolExecutor(ack_workers, thread_name_prefix=ACK_THREAD_PREFIX)
        self.slow_pool = ThreadPoolExecutor(slow_workers, thread_name_prefix="wgbot-slow")
        self.prompt_pool = ThreadPoolExecutor(PROMPT_WORKERS, thread_name_prefix="wgbot-prompt")
        # From now on this process keeps the messages it receives: the record vouches for it.
        self.listening = Listening(core.database, Platform.SLACK, self.dispatcher.clock)
        self._events = 0
        self._histories: dict[str, SlackHistory] = {}
        self._histories_lock = threading.Lock()
        # The record's gaps are read from history within Slack's budget, on its own thread.
        # Its budget is the install's (Tier 3, or Slack's strict one for unlisted apps), kept
        # in the database: every process of the deployment spends the same one. An OAuth
        # install has one filler per workspace (its token, its budget): see fillers.py.
        self.filler = make_filler(self, client, "", history_clock, pacer)
        self.pager = self.filler.pager
        self.filler.start()
        self.fillers: WorkspaceFillers | None = None
        if slack.slack_oauth and slack.slack_client_id:
            self.fillers = WorkspaceFillers(self, history_clock)
            self.fillers.resume()

    def close(self) -> None:
        """Stops the pools: queued work that has not started is dropped."""
        self.filler.stop()
        if self.fillers is not None:
            self.fillers.stop()
        for pool in (self.prompt_pool, self.slow_pool, self.ack_pool):
            pool.shutdown(wait=True, cancel_futures=True)

    # -- after the ack --------------------------------------------------------------------

    def later(self, what: str, work: Callable[[], object]) -> Future[None]:
        """Runs `work` after the ack on the slow pool (it may wait on Slack's rate limits);
        a failure is logged with `what`, never lost in the pool."""

        def run() -> None:
            try:
                work()
            except Exception:
                log.exception("%s failed", what)

        return self.slow_pool.submit(run)

    def open_modal(self, client: WebClient, trigger_id: str, view: dict[str, Any]) -> None:
        """views.open within the trigger's 3 s: its own pool, no waiting on a 429. If Slack
        refuses, `on_error` in the slow pool tells the person (see listeners.commands)."""
        quick = WebClient(
            token=client.token, base_url=client.base_url, timeout=PROMPT_TIMEOUT, retry_handlers=[]
        )
        quick.views_open(trigger_id=trigger_id, view=view)

    def history_for(self, client: WebClient) -> SlackHistory:
        """The history reader of the request's workspace (its token, its permalink URL)."""
        if client.token == self.client.token:
            return self.history
        with self._histories_lock:
            if client.token not in self._histories:
                self._histories[str(client.token)] = SlackHistory(client, self.names)
            return self._histories[str(client.token)]

    # -- identity -------------------------------------------------------------------------

    def actor(
        self, user_id: str, fallback_name: str = "", client: WebClient | None = None
    ) -> Actor:
        token = client.token if client is not None else None
        return Actor(Platform.SLACK, user_id, self.names.name(user_id, fallback_name, token))

    def services(
        self, progress: Callable[[str], None] | None = None, client: WebClient | None = None
    ) -> Services:
        """`client`: the request's (bolt gives each the token of its workspace)."""
        history, delivery = self.history, self.delivery
        filler: Filler | None = self.filler
        if client is not None:
            history = self.history_for(client)
            if client.token != self.client.token:  # another workspace: its filler, budget
                filler = self.fillers.for_token(client.token) if self.fillers else None
        services = Services(
            history=history, delivery=delivery, live_since=self.listening.since, filler=filler
        )
        if progress is not None:
            services.progress = progress
        return services

    # -- events ---------------------------------------------------------------------------

    def count_message(
        self,
        actor: Actor,
        where: Where,
        at: datetime,
        event_id: str | None,
        *,
        message_id: str | None = None,
        text: str | None = None,
        permalink: str | None = None,
    ) -> bool:
        """Records a person's message once however often Slack redelivers it (in any process
        sharing the database): the event id is claimed in the record's transaction."""
        counted = self.dispatcher.record_message(
            actor,
            where,
            at,
            dedupe=event_delivery(event_id),
            message_id=message_id,
            text=text,
            permalink=permalink,
        )
        self._events += 1
        if self._events % 500 == 0:
            with self.core.database.session() as session:
                SlackEventRepo(session).forget_before(self.dispatcher.clock() - EVENT_MEMORY)
        return counted

    # -- the record's history reads ------------------------------------------------------

    def backfill(
        self, channel: str, team: str | None = None, enterprise: str | None = None
    ) -> bool:
        """Queue the reading of what the record lacks of a bound channel's recent past (with
        the filler of the channel's workspace on an OAuth install)."""
        filler: Filler | None = self.filler
        if self.fillers is not None and (team or enterprise):
            filler = self.fillers.for_team(team, enterprise)
        if filler is None:
            return False
        days = self.core.settings.wgbot_backfill_days
        with self.core.database.session() as session:
            store = Store(session)
            group = store.groups.by_channel(Platform.SLACK.value, channel)
            if group is None or group.id is None:
                return False
            where = Where(Platform.SLACK, channel)
            now = self.dispatcher.clock()
            queued = queue_backfill(
                store,
                where,
                group.id,
                days,
                now,
                "slack:bot",
                self.listening.since,
                workspace=filler.workspace,
            )
        if queued:
            filler.wake()
        return queued

    # -- slow commands --------------------------------------------------------------------

    def run_slow(
        self, invocation: Invocation, respond: Respond, label: str, client: WebClient | None = None
    ) -> Future[None]:
        """Called right after the ack: the work runs on the pool, never in the ack's path."""
        return self.slow_pool.submit(self._run_slow, invocation, respond, label, client)

    def _run_slow(
        self, invocation: Invocation, respond: Respond, label: str, client: WebClient | None
    ) -> None:
        try:
            self.work_slow(invocation, respond, label, client)
        except Exception:  # a pool swallows exceptions: make them visible
            log.exception("slow command %s failed", label)

    def work_slow(
        self,
        invocation: Invocation,
        respond: Respond,
        label: str,
        client: WebClient | None = None,
    ) -> None:
        """The "working on it" note goes only to the person who asked (a chair's private
        draft must not announce itself to the channel); it becomes the result when that is
        private, and gives way to a channel post when it is public."""
        channel = invocation.where.channel_id
        thread = invocation.where.thread_id
        respond(text=notices.working_on(label), response_type="ephemeral")
        last_update = [0.0]
        updates = [0]

        def progress(text: str) -> None:
            """A response_url takes 5 messages in 30 minutes: keep progress to a few."""
            now = time.monotonic()
            if updates[0] >= MAX_PROGRESS_UPDATES or now - last_update[0] < PROGRESS_INTERVAL:
                return
            last_update[0] = now
            updates[0] += 1
            try:
                respond(
                    text=mrkdwn(notices.progress(text)),
                    response_type="ephemeral",
                    replace_original=True,
                )
            except Exception as exc:  # progress is a courtesy: never fail the work for it
                log.info("progress update failed: %s", exc)

        reply = self.dispatcher.handle(invocation, self.services(progress, client))
        user = invocation.actor.user_id
        try:
            self.finish(reply, channel, respond, thread, user, client)
        except SlackApiError as exc:
            log.warning("%s finished but the reply could not be posted: %s", label, exc)
            note = Reply.error(user_hint(exc, f"`{label}` finished, but posting the result"))
            respond_or_tell(respond, client or self.client, channel, user, note)

    def finish(
        self,
        reply: Reply,
        channel: str,
        respond: Respond,
        thread: str | None,
        user: str,
        client: WebClient | None = None,
    ) -> None:
        """A private result replaces the private working note; a public one is posted in the
        channel (through the response_url if the bot is not a member) and the note removed."""
        client = client or self.client
        messages = render(reply)
        if reply.ephemeral:
            first, rest = messages[0], messages[1:]
            response = respond(
                text=first.text,
                blocks=first.blocks,
                response_type="ephemeral",
                replace_original=True,
                unfurl_links=False,
                unfurl_media=False,
            )
            if not delivered(response):  # e.g. a summary that outlived its response_url
                tell_privately(client, channel, user, reply)
            else:
                for message in rest:  # beyond the response_url's budget: posted ephemerally
                    client.chat_postEphemeral(
                        channel=channel, user=user, text=message.text, blocks=message.blocks
                    )
        else:
            try:
                post_messages(client, channel, messages, thread)
            except SlackApiError as exc:
                log.info(
                    "posting in %s failed (%s): answering through the response_url", channel, exc
                )
                respond_or_tell(respond, client, channel, user, reply)
            respond(delete_original=True)
        try:
            upload_reply_files(client, reply, channel, thread, private_to=user)
        except SlackApiError as exc:
            log.warning("file upload failed: %s", exc)
            note = Reply.error(user_hint(exc, "Uploading the file"))
            tell_privately(client, channel, user, note)


def respond_or_tell(
    respond: Respond,
    client: WebClient,
    channel: str,
    user: str,
    reply: Reply,
    replace_original: bool = False,
) -> None:
    """Through the response_url; when that is expired or used up, privately another way."""
    if not respond_all(respond, reply, replace_original):
        tell_privately(
            client,
            channel,
            user,
            with_reason(notices.link_expired("Slack"), reply),
        )
