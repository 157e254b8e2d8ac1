"""Sends nudges and reminders without serving: a DM (created on demand) or a channel message
over discord.py's HTTP client, no gateway connection. discord.py waits out rate limits; other
failures become DeliveryError (permanent for Forbidden / NotFound)."""

from __future__ import annotations

import asyncio

import aiohttp
import discord

from bot.config import Settings
from bot.core.messages import Platform, Reply
from bot.core.ports import DeliveryError, Recipient, RecipientKind
from bot.core.registry import Registry
from bot.frontends.discord.render import render


class DiscordDelivery:
    platform = Platform.DISCORD

    def __init__(self, token: str, registry: Registry | None = None) -> None:
        self.token = token
        # Commands named in nudges and reminders as Discord spells them (`/wg-chair goal`).
        self.registry = registry

    def send(self, to: Recipient, reply: Reply) -> str:
        """Synchronous for scheduler threads: one short-lived HTTP session per send."""
        return asyncio.run(self.send_async(to, reply))

    async def send_async(self, to: Recipient, reply: Reply) -> str:
        try:
            target_id = int(to.id)
        except ValueError:
            raise DeliveryError(f"{to.id!r} is not a Discord id", permanent=True) from None
        try:
            async with discord.Client(
                intents=discord.Intents(guilds=True),
                allowed_mentions=discord.AllowedMentions.none(),
            ) as client:
                await client.login(self.token)
                channel: discord.abc.Messageable
                if to.kind is RecipientKind.USER:
                    channel = await client.create_dm(discord.Object(id=target_id))
                else:
                    channel = client.get_partial_messageable(target_id)
                ids = [
                    str((await channel.send(**m.kwargs())).id) for m in render(self._spelled(reply))
                ]
                return ids[0]
        except (discord.Forbidden, discord.NotFound) as exc:
            raise DeliveryError(f"Discord refused: {exc}", permanent=True) from exc
        except discord.LoginFailure as exc:
            raise DeliveryError(f"DISCORD_TOKEN was refused: {exc}", permanent=True) from exc
        except discord.RateLimited as exc:
            raise DeliveryError(f"rate limited: {exc}", retry_after=exc.retry_after) from exc
        except discord.HTTPException as exc:
            raise DeliveryError(f"Discord error {exc.status}: {exc.text}") from exc
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise DeliveryError(f"could not reach Discord: {exc}") from exc

    def _spelled(self, reply: Reply) -> Reply:
        return self.registry.spell_reply(reply, "discord") if self.registry else reply


def make_delivery(settings: Settings) -> DiscordDelivery:
    from commands import build_registry  # the scheduler's messages name commands

    if settings.discord_token is None:
        raise ValueError("DISCORD_TOKEN is not set")
    return DiscordDelivery(settings.discord_token.get_secret_value(), build_registry())
