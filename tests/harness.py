"""Drive the bot as people do: push a command as someone in a channel, read the reply
(errbot's test backend does the same). Everything below the front end is real."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from bot.app import App, build_app
from bot.clock import FrozenClock
from bot.config import Settings
from bot.core.messages import Actor, Platform, Reply, Where
from bot.core.ports import ChatMessage, HistoryQuery, Services
from bot.core.render_text import render_text
from bot.web.port import SiteLinks
from storage import Store

START = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)  # a Monday


def make_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {"wgbot_admins": ["admin"]}
    values.update(overrides)
    return Settings(_env_file=None, **values)


class ListHistory:
    """A platform's history as a list (the network edge of /summarize's gap-filling): the
    messages a channel had before the bot kept its record."""

    def __init__(self) -> None:
        self.messages: dict[str, list[ChatMessage]] = {}
        self.reads = 0

    def add(self, actor: Actor, where: Where, text: str, at: datetime) -> None:
        channel = self.messages.setdefault(where.channel_id, [])
        channel.append(
            ChatMessage(
                id=f"h{len(channel) + 1}",
                user_id=actor.user_id,
                user_name=actor.name,
                text=text,
                at=at,
                thread_id=where.thread_id,
            )
        )

    def read(self, query: HistoryQuery) -> list[ChatMessage]:
        self.reads += 1
        since, thread_id, limit = query.since, query.thread_id, query.limit
        found = [
            m
            for m in self.messages.get(query.where.channel_id, [])
            if (since is None or m.at >= since) and (thread_id is None or m.thread_id == thread_id)
        ]
        return found[-limit:] if limit else found


class BotHarness:
    def __init__(self, database_url: str, **settings: Any) -> None:
        self.clock = FrozenClock(START)
        self.app: App = build_app(
            make_settings(**settings), database_url=database_url, clock=self.clock, upgrade=False
        )
        # The web as a process that serves it hands it over: the commands read WGBOT_WEB_*.
        self.app.dispatcher.web = SiteLinks()
        self.channel = "wg-cyber"
        self.platform = Platform.CONSOLE

    def say(
        self,
        line: str,
        user: str = "ana",
        channel: str | None = None,
        name: str | None = None,
        services: Services | None = None,
    ) -> Reply:
        actor = Actor(self.platform, user, name or user.capitalize())
        where = Where(self.platform, channel or self.channel)
        reply = self.app.dispatcher.handle_line(actor, where, line, services)
        assert reply is not None, f"{line!r} is not a bot command"
        return reply

    def text(self, line: str, user: str = "ana", channel: str | None = None) -> str:
        return render_text(self.say(line, user=user, channel=channel))

    def chat(self, user: str, channel: str | None = None, times: int = 1) -> None:
        for _ in range(times):
            self.app.dispatcher.record_message(
                Actor(self.platform, user, user), Where(self.platform, channel or self.channel)
            )

    @contextmanager
    def read(self) -> Iterator[Store]:
        """A look at the database for assertions (its own transaction)."""
        with self.app.database.session() as session:
            yield Store(session)

    def audit_count(self) -> int:
        with self.read() as store:
            return store.audit.count()

    def setup_group(self) -> None:
        """A created group with a goal: the common starting point."""
        assert self.say("/wg create BPF Cybersecurity").tone.value == "success"
        self.say("/wg join civil society grulac")
