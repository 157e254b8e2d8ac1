"""A stand-in for Discord's HTTP API on 127.0.0.1, and payloads shaped as Discord sends them.

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
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any

import discord
import discord.http
from aiohttp import web

from bot.app import App
from bot.frontends.discord.client import WgClient

APP_ID = 900000000000000001
BOT_ID = 900000000000000002
GUILD_ID = 800000000000000001
CHANNEL_ID = 700000000000000001
TOKEN = "test-token"

_snowflakes = itertools.count(1_000_000_000_000_000_000)


def snowflake() -> str:
    return str(next(_snowflakes))


def user(user_id: int | str, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name.lower(),
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
    }


def member(user_id: int | str, name: str) -> dict[str, Any]:
    return {
        "user": user(user_id, name),
        "roles": [],
        "joined_at": "2026-01-05T10:00:00+00:00",
        "deaf": False,
        "mute": False,
        "flags": 0,
        "permissions": "2147483647",
    }


def message(
    channel_id: int | str,
    *,
    author: dict[str, Any] | None = None,
    content: str = "",
    message_id: str | None = None,
    timestamp: str = "2027-01-11T09:00:00+00:00",
    embeds: list[Any] | None = None,
    components: list[Any] | None = None,
) -> dict[str, Any]:
    return {
        "id": message_id or snowflake(),
        "channel_id": str(channel_id),
        "author": author or user(BOT_ID, "wgbot", bot=True),
        "content": content,
        "timestamp": timestamp,
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": embeds or [],
        "components": components or [],
        "pinned": False,
        "type": 0,
        "flags": 0,
    }


def _interaction(
    kind: int,
    data: dict[str, Any],
    *,
    user_id: int,
    name: str,
    channel_id: int,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    interaction_id = snowflake()
    payload: dict[str, Any] = {
        "id": interaction_id,
        "application_id": str(APP_ID),
        "type": kind,
        "data": data,
        "guild_id": str(GUILD_ID),
        "channel_id": str(channel_id),
        "channel": {
            "id": str(channel_id),
            "type": 0,
            "name": "wg-cyber",
            "guild_id": str(GUILD_ID),
            "position": 3,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
            "permissions": "2147483647",
        },
        "member": member(user_id, name),
        "token": f"itoken-{interaction_id}",
        "version": 1,
        "app_permissions": "2147483647",
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(GUILD_ID)},
        "context": 0,
        "attachment_size_limit": 8 * 1024 * 1024,
    }
    payload.update(extra or {})
    return payload


def slash(
    path: tuple[str, ...],
    options: dict[str, Any] | None = None,
    *,
    user_id: int = 111,
    name: str = "Ana",
    channel_id: int = CHANNEL_ID,
    focused: str | None = None,
    users: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """An APPLICATION_COMMAND (type 2), or an APPLICATION_COMMAND_AUTOCOMPLETE (type 4) when
    `focused` names the option being typed. Option types: str 3, int 4, user 6."""
    leaf = []
    for key, value in (options or {}).items():
        kind = 4 if isinstance(value, int) else 3
        if users and key in users:
            kind = 6
        option: dict[str, Any] = {"name": key, "type": kind, "value": value}
        if key == focused:
            option["focused"] = True
        leaf.append(option)
    data: dict[str, Any] = {"id": snowflake(), "name": path[0], "type": 1}
    if len(path) == 2:
        data["options"] = [{"name": path[1], "type": 1, "options": leaf}]
    else:
        data["options"] = leaf
    if users:
        data["resolved"] = {
            "users": {u["id"]: u for u in users.values()},
            "members": {
                u["id"]: {k: v for k, v in member(u["id"], u["global_name"]).items() if k != "user"}
                for u in users.values()
            },
        }
    return _interaction(
        4 if focused else 2, data, user_id=user_id, name=name, channel_id=channel_id
    )


def button_click(
    custom_id: str, *, user_id: int = 111, name: str = "Ana", channel_id: int = CHANNEL_ID
) -> dict[str, Any]:
    """A MESSAGE_COMPONENT (type 3) click on a button (component type 2) of a bot message."""
    msg = message(
        channel_id,
        components=[
            {
                "type": 1,
                "components": [{"type": 2, "style": 1, "label": "x", "custom_id": custom_id}],
            }
        ],
    )
    return _interaction(
        3,
        {"custom_id": custom_id, "component_type": 2},
        user_id=user_id,
        name=name,
        channel_id=channel_id,
        extra={"message": msg},
    )


def modal_submit(
    custom_id: str,
    values: dict[str, str],
    *,
    user_id: int = 111,
    name: str = "Ana",
    channel_id: int = CHANNEL_ID,
) -> dict[str, Any]:
    """A MODAL_SUBMIT (type 5): one action row per text input, as Discord sends them."""
    rows = [
        {"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
        for key, value in values.items()
    ]
    return _interaction(
        5,
        {"custom_id": custom_id, "components": rows},
        user_id=user_id,
        name=name,
        channel_id=channel_id,
    )


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
        return self.answer(request.method, path, dict(request.query), body)

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
            return _json(
                {"id": snowflake(), "type": 1, "recipients": [user(body["recipient_id"], "x")]}
            )
        match = re.fullmatch(r"/channels/(\d+)/messages", path)
        if match and method == "GET":
            return _json(self._history(match.group(1), query))
        match = re.fullmatch(r"/applications/\d+(?:/guilds/\d+)?/commands", path)
        if match and method == "PUT":
            return _json(
                [dict(c, id=snowflake(), application_id=str(APP_ID), version="1") for c in body]
            )
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
        rows = sorted(self.history.get(channel_id, []), key=lambda m: int(m["id"]))
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
