"""A stand-in for Discord's HTTP API on 127.0.0.1 (payloads.py: what Discord sends).

Messages the bot creates are kept per channel and answered by GET …/messages like Discord:
newest first, `before`/`after`/`limit`, without the nonce; a repeat of a nonce sent with
`enforce_nonce` returns the first message instead of creating one. A DM channel is the same
for the same recipient. `stall_post(n)` stores the n-th message but never answers (a test
kills the sender meanwhile).

This is the ONE module that touches discord.py internals: it points `discord.http.Route.BASE`
at the stand-in and feeds gateway payloads to `ConnectionState.parse_*`, exactly where the
gateway would. Everything between that and the HTTP requests is the real discord.py and the
real bot.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import discord
import discord.http
from aiohttp import web

from bot.app import App
from bot.frontends.discord.client import WgClient
from testkit.discord.payloads import (
    APP_ID,
    BOT_ID,
    CHANNEL_ID,
    GUILD_ID,
    TOKEN,
    button_click,
    member,
    message,
    modal_submit,
    slash,
    snowflake,
    user,
)

__all__ = [
    "APP_ID",
    "BOT_ID",
    "CHANNEL_ID",
    "GUILD_ID",
    "TOKEN",
    "button_click",
    "member",
    "message",
    "modal_submit",
    "slash",
    "snowflake",
    "user",
]


def _json(data: Any, status: int = 200) -> web.Response:
    """Exactly `application/json`, as Discord sends it (discord.py compares the header)."""
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"}
    )


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    body: Any  # JSON body, or for multipart the payload_json plus `_files`
    at: float = field(default_factory=time.perf_counter)

    @property
    def json(self) -> Any:
        return self.body


@dataclass
class StandIn:
    """Discord's REST API as far as the bot uses it; every request is recorded."""

    requests: list[Recorded] = field(default_factory=list)
    history: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # (METHOD, path regex) → (status, json): the next matching request fails once.
    failures: list[tuple[str, str, int, dict[str, Any]]] = field(default_factory=list)
    base: str = ""
    posted: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    dms: dict[str, str] = field(default_factory=dict)  # recipient → DM channel id
    nonces: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    # When set, new messages get snowflakes (and timestamps) of this clock's time.
    clock: Callable[[], datetime] | None = None
    stall_nth: int | None = None
    stalled: threading.Event = field(default_factory=threading.Event)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def created(self) -> list[dict[str, Any]]:
        """Every message the bot created, in order."""
        rows = [m for channel in self.posted.values() for m in channel]
        return sorted(rows, key=lambda m: int(m["id"]))

    def _create(self, channel_id: str, body: dict[str, Any]) -> dict[str, Any]:
        nonce = str(body.get("nonce")) if body.get("nonce") is not None else None
        if nonce and body.get("enforce_nonce") and (channel_id, nonce) in self.nonces:
            return self.nonces[(channel_id, nonce)]  # Discord: the first one, no new message
        extra: dict[str, Any] = {}
        if self.clock is not None:
            at = self.clock()
            ident = discord.utils.time_snowflake(at) + next(self._ids)
            extra = {"message_id": str(ident), "timestamp": at.isoformat()}
        created = message(
            channel_id,
            content=body.get("content") or "",
            embeds=body.get("embeds") or [],
            components=body.get("components") or [],
            **extra,
        )
        self.posted.setdefault(channel_id, []).append(created)
        if nonce:
            self.nonces[(channel_id, nonce)] = created
        return {**created, "nonce": nonce} if nonce else created

    def calls(self, method: str, pattern: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and re.search(pattern, r.path)]

    def callbacks(self) -> list[Recorded]:
        return self.calls("POST", r"/interactions/\d+/[^/]+/callback$")

    async def handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path.removeprefix("/api/v10")
        body: Any = None
        if request.content_type == "application/json":
            body = await request.json()
        elif request.content_type.startswith("multipart/"):
            body, files = {}, []
            async for part in await request.multipart():
                data = await part.read()  # type: ignore[union-attr]
                if part.name == "payload_json":
                    body.update(json.loads(data))
                else:
                    files.append((part.filename, data))
            body["_files"] = files
        self.requests.append(Recorded(request.method, path, dict(request.query), body))
        for index, (method, pattern, status, error) in enumerate(self.failures):
            if method == request.method and re.search(pattern, path):
                del self.failures[index]
                return _json(error, status=status)
        answer = self.answer(request.method, path, dict(request.query), body)
        posts = self.calls("POST", r"^/channels/\d+/messages$")
        is_post = request.method == "POST" and re.fullmatch(r"/channels/\d+/messages", path)
        if is_post and len(posts) == self.stall_nth:
            self.stalled.set()
            await self.release.wait()  # created, not answered while the sender lives
        return answer

    def answer(
        self, method: str, path: str, query: dict[str, str], body: Any
    ) -> web.StreamResponse:
        if path == "/users/@me":
            return _json(user(BOT_ID, "wgbot", bot=True))
        if path == "/oauth2/applications/@me":
            return _json(
                {
                    "id": str(APP_ID),
                    "name": "wgbot",
                    "description": "",
                    "icon": None,
                    "bot_public": True,
                    "bot_require_code_grant": False,
                    "owner": user(1, "owner"),
                    "verify_key": "00",
                    "flags": 0,
                }
            )
        match = re.fullmatch(r"/interactions/(\d+)/[^/]+/callback", path)
        if match:
            return _json(
                {
                    "interaction": {"id": match.group(1), "type": 2},
                    "resource": {"type": body["type"]},
                }
            )
        if method == "DELETE":
            return web.Response(status=204)
        if path == "/users/@me/channels":
            recipient = str(body["recipient_id"])
            channel_id = self.dms.setdefault(recipient, snowflake())
            return _json({"id": channel_id, "type": 1, "recipients": [user(recipient, "x")]})
        match = re.fullmatch(r"/channels/(\d+)/messages", path)
        if match and method == "GET":
            return _json(self._history(match.group(1), query))
        match = re.fullmatch(r"/applications/\d+(?:/guilds/\d+)?/commands", path)
        if match and method == "PUT":
            return _json(
                [dict(c, id=snowflake(), application_id=str(APP_ID), version="1") for c in body]
            )
        match = re.fullmatch(r"/channels/(\d+)/messages", path)
        if match and method == "POST":
            return _json(self._create(match.group(1), body or {}))
        if re.fullmatch(r"/(channels/\d+/messages|webhooks/\d+/[^/]+(/messages/.+)?)", path):
            channel = re.match(r"/channels/(\d+)", path)
            embeds = (body or {}).get("embeds") or []
            return _json(
                message(
                    channel.group(1) if channel else CHANNEL_ID,
                    content=(body or {}).get("content") or "",
                    embeds=embeds,
                )
            )
        return _json({"message": f"stand-in: no route {method} {path}"}, status=404)

    def _history(self, channel_id: str, query: dict[str, str]) -> list[dict[str, Any]]:
        """Like Discord: newest first; `after` gives the oldest `limit` after it."""
        rows = self.history.get(channel_id, []) + self.posted.get(channel_id, [])
        rows = sorted(rows, key=lambda m: int(m["id"]))
        limit = int(query.get("limit", 50))
        if "after" in query:
            rows = [m for m in rows if int(m["id"]) > int(query["after"])][:limit]
        else:
            if "before" in query:
                rows = [m for m in rows if int(m["id"]) < int(query["before"])]
            rows = rows[-limit:]
        return list(reversed(rows))


@contextmanager
def pointed_at(base: str) -> Iterator[None]:
    """Every discord.py request (REST and interaction webhooks) goes to the stand-in."""
    saved = discord.http.Route.BASE
    discord.http.Route.BASE = base
    try:
        yield
    finally:
        discord.http.Route.BASE = saved


@asynccontextmanager
async def standin_server() -> AsyncIterator[StandIn]:
    standin = StandIn()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", standin.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    standin.base = f"http://127.0.0.1:{port}/api/v10"
    try:
        with pointed_at(standin.base):
            yield standin
    finally:
        await runner.cleanup()


@contextmanager
def standin_in_thread() -> Iterator[StandIn]:
    """The stand-in served from a thread of its own, for synchronous callers (the scheduler's
    ports) and for other processes (its `base` URL)."""
    loop = asyncio.new_event_loop()
    ready, held = threading.Event(), threading.Event()
    found: list[StandIn] = []

    async def serve() -> None:
        async with standin_server() as standin:
            found.append(standin)
            ready.set()
            await asyncio.to_thread(held.wait)
            standin.release.set()

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    assert ready.wait(30), "the Discord stand-in did not start"
    try:
        yield found[0]
    finally:
        held.set()
        thread.join(30)
        loop.close()


@dataclass
class Session:
    client: WgClient
    server: StandIn

    async def feed(self, payload: dict[str, Any]) -> None:
        """Hand an INTERACTION_CREATE to discord.py as the gateway would, then wait for the
        tasks it started (command tree, views, modals) to finish."""
        await self._feed(self.client._connection.parse_interaction_create, payload)

    async def feed_message(self, payload: dict[str, Any]) -> None:
        """A MESSAGE_CREATE, as the gateway would deliver it."""
        await self._feed(self.client._connection.parse_message_create, payload)

    async def feed_edit(self, payload: dict[str, Any]) -> None:
        """A MESSAGE_UPDATE (the whole message, as Discord sends it now)."""
        await self._feed(self.client._connection.parse_message_update, payload)

    async def feed_delete(self, message_id: str, channel_id: int | str) -> None:
        payload = {"id": message_id, "channel_id": str(channel_id), "guild_id": str(GUILD_ID)}
        await self._feed(self.client._connection.parse_message_delete, payload)

    async def feed_bulk_delete(self, message_ids: list[str], channel_id: int | str) -> None:
        payload = {"ids": message_ids, "channel_id": str(channel_id), "guild_id": str(GUILD_ID)}
        await self._feed(self.client._connection.parse_message_delete_bulk, payload)

    async def _feed(self, parse: Callable[[Any], None], payload: dict[str, Any]) -> None:
        before = asyncio.all_tasks()
        parse(payload)
        started = asyncio.all_tasks() - before - {asyncio.current_task()}
        if started:
            await asyncio.wait_for(asyncio.gather(*started), timeout=20)


@asynccontextmanager
async def discord_session(app: App, **client_options: Any) -> AsyncIterator[Session]:
    async with standin_server() as server:
        client = WgClient(app, **client_options)
        async with client:
            await client.login(TOKEN)  # HTTP only: /users/@me, the app info, setup_hook
            yield Session(client, server)


def run(app: App, scenario: Callable[[Session], Awaitable[None]], **client_options: Any) -> None:
    async def main() -> None:
        async with discord_session(app, **client_options) as session:
            await scenario(session)

    asyncio.run(main())


def served(
    app: App, scenario: Callable[[Session], Awaitable[None]], **client_options: Any
) -> StandIn:
    """`run`, then the stand-in that recorded everything the bot sent."""
    captured: list[StandIn] = []

    async def wrapped(s: Session) -> None:
        captured.append(s.server)
        await scenario(s)

    run(app, wrapped, **client_options)
    return captured[0]
