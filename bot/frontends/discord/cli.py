"""`wgbot discord sync [--guild ID]`: register the application commands with Discord."""

from __future__ import annotations

import argparse
from typing import Any


def add_discord_parser(sub: Any) -> None:
    """Called with one line from bot/cli.py's build_parser."""
    discord_parser = sub.add_parser("discord", help="Discord maintenance")
    actions = discord_parser.add_subparsers(dest="discord_command", required=True, metavar="ACTION")
    sync = actions.add_parser(
        "sync",
        help="register the slash commands with Discord",
        description="With --guild the commands appear in that server at once (for testing); "
        "without, globally (Discord may take up to an hour to show changes).",
    )
    sync.add_argument("--guild", type=int, default=None, help="a server (guild) id")
    sync.set_defaults(func=cmd_sync)
    invite = actions.add_parser(
        "invite",
        help="print the URL that adds the bot to a server",
        description="Scopes bot + applications.commands, with only the permissions it needs.",
    )
    invite.add_argument(
        "--client-id", type=int, required=True, help="the application id (developer portal)"
    )
    invite.set_defaults(func=cmd_invite)


def cmd_invite(args: argparse.Namespace) -> int:
    from bot.frontends.discord.invite import invite_url

    print(invite_url(args.client_id))
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    import asyncio

    from bot.app import build_app, configure_logging
    from bot.core.settings import CommandSettings
    from bot.frontends.discord.settings import discord_settings

    settings: CommandSettings = args.load_settings()  # every section (bot/cli.py)
    token = discord_settings(settings).discord_token
    if token is None:
        print("wgbot: DISCORD_TOKEN is not set (see docs/discord.md).")
        return 2
    configure_logging(settings.wgbot_log_level)
    app = build_app(settings)
    try:
        names = asyncio.run(sync_commands(app, token.get_secret_value(), args.guild))
    finally:
        app.database.dispose()
    where = f"guild {args.guild}" if args.guild else "all servers (global)"
    print(f"synced {len(names)} commands to {where}: {', '.join('/' + n for n in names)}")
    return 0


async def sync_commands(app: Any, token: str, guild_id: int | None) -> list[str]:
    """Log in over HTTP only (no gateway) and PUT the generated commands."""
    import discord

    from bot.frontends.discord.client import WgClient

    async with WgClient(app, intents=discord.Intents(guilds=True)) as client:
        await client.login(token)
        if guild_id is None:
            synced = await client.tree.sync()
        else:
            guild = discord.Object(id=guild_id)
            client.tree.copy_global_to(guild=guild)
            synced = await client.tree.sync(guild=guild)
    return [command.name for command in synced]
