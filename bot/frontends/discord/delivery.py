"""Sends nudges and reminders without serving: a DM (created on demand) or a channel message
over discord.py's HTTP client, no gateway connection. discord.py waits out rate limits; other
failures become DeliveryError (permanent for Forbidden / NotFound).

Exactly once: each part goes with a nonce made from its delivery key (discord.py sends it with
`enforce_nonce`, so Discord itself returns the first message for a repeat within minutes)
and a footer reference the bot reads back from the channel's history (which does not return
nonces): `find_sent` looks there after a crash (reconcile.py).
"""

from __future__ import annotations

import asyncio
from datetime import datetime

import aiohttp
import discord

from bot.core.delivery_tags import DELIVERY_KEY, PartsOnTheWire, part_tag
from bot.core.messages import Platform, Reply
from bot.core.ports import DeliveryError, Recipient, RecipientKind
from bot.frontends.discord.reconcile import find_parts, mark
from bot.frontends.discord.render import render
from bot.frontends.discord.settings import discord_settings


class DiscordDelivery:
    platform = Platform.DISCORD

    def __init__(self, token: str) -> None:
        # Scheduled messages arrive with commands as Discord spells them (bot/scheduler).
        self.token = token
        self.parts = PartsOnTheWire()

    def send(self, to: Recipient, reply: Reply) -> str:
        """Synchronous for scheduler threads: one short-lived HTTP session per send."""
        return asyncio.run(self.send_async(to, reply))

    def find_sent(self, to: Recipient, delivery_key: str, since: datetime) -> str | None:
        return asyncio.run(self.find_async(to, delivery_key, since))

    async def _channel(self, client: discord.Client, to: Recipient) -> discord.abc.Messageable:
        try:
            target_id = int(to.id)
        except ValueError:
            raise DeliveryError(f"{to.id!r} is not a Discord id", permanent=True) from None
        if to.kind is RecipientKind.USER:
            return await client.create_dm(discord.Object(id=target_id))
        return client.get_partial_messageable(target_id)

    def _client(self) -> discord.Client:
        return discord.Client(
            intents=discord.Intents(guilds=True),
            allowed_mentions=discord.AllowedMentions.none(),
        )

    async def send_async(self, to: Recipient, reply: Reply) -> str:
        key = reply.metadata.get(DELIVERY_KEY)
        done = self.parts.known(key) if key else {}
        try:
            async with self._client() as client:
                await client.login(self.token)
                channel = await self._channel(client, to)
                messages = render(reply)
                for index, message in enumerate(messages):
                    if index in done:
                        continue  # on Discord already (before a failure, or found by a lookup)
                    kwargs = message.kwargs()
                    if key:
                        mark(message, key, index, len(messages))
                        kwargs = {**message.kwargs(), "nonce": part_tag(key, index)}
                    done[index] = str((await channel.send(**kwargs)).id)
                    if key:
                        self.parts.add(key, index, done[index])
        except Exception as exc:
            raise _delivery_error(exc, maybe_sent=bool(done)) from exc
        if key:
            self.parts.forget(key)
        return done[0]

    async def find_async(self, to: Recipient, key: str, since: datetime) -> str | None:
        try:
            async with self._client() as client:
                await client.login(self.token)
                channel = await self._channel(client, to)
                assert client.user is not None
                found, total = await find_parts(channel, client.user.id, key, since)
        except DeliveryError:
            raise
        except Exception as exc:
            raise _delivery_error(exc, maybe_sent=False) from exc
        for index, message_id in found.items():
            self.parts.add(key, index, message_id)
        known = self.parts.known(key)
        if total is not None and len(known) >= total:
            return known.get(0)
        return None


def _delivery_error(exc: Exception, *, maybe_sent: bool) -> DeliveryError:
    """Discord's answer as a DeliveryError; `maybe_sent` when a part is out already or no
    answer came (a server error, a dropped connection: the message may be there)."""
    if isinstance(exc, DeliveryError):
        return exc
    if isinstance(exc, discord.Forbidden | discord.NotFound):
        return DeliveryError(f"Discord refused: {exc}", permanent=True, maybe_sent=maybe_sent)
    if isinstance(exc, discord.LoginFailure):
        return DeliveryError(f"DISCORD_TOKEN was refused: {exc}", permanent=True)
    if isinstance(exc, discord.RateLimited):
        return DeliveryError(
            f"rate limited: {exc}", retry_after=exc.retry_after, maybe_sent=maybe_sent
        )
    if isinstance(exc, discord.HTTPException):
        unanswered = exc.status >= 500
        return DeliveryError(
            f"Discord error {exc.status}: {exc.text}", maybe_sent=maybe_sent or unanswered
        )
    if isinstance(exc, aiohttp.ClientError | TimeoutError):
        return DeliveryError(f"could not reach Discord: {exc}", maybe_sent=True)
    return DeliveryError(f"{type(exc).__name__}: {exc}", maybe_sent=True)


def make_delivery(settings: object) -> DiscordDelivery:
    """The port, from the settings the process hands the front end (Discord's section)."""
    token = discord_settings(settings).discord_token
    if token is None:
        raise ValueError("DISCORD_TOKEN is not set")
    return DiscordDelivery(token.get_secret_value())
