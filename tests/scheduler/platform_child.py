"""A scheduler process sending through a platform's real delivery port, over HTTP to a
stand-in the test runs (Slack's testkit/slack/stand_in.py, Discord's tests/frontends/discord/
fake_discord.py). Run as `python -m tests.scheduler.platform_child PLATFORM URL NOW API`."""

from __future__ import annotations

import argparse
import contextlib
import os
from datetime import datetime

from bot.clock import FrozenClock
from bot.core.messages import Platform
from bot.core.ports import DeliveryPort
from bot.scheduler.retry import RetryPolicy
from bot.scheduler.sweep import Sweeper
from storage.database import Database
from tests.harness import make_settings

SLACK_TOKEN = "xoxb-test"
DISCORD_TOKEN = "test-token"


def port_for(platform: Platform, api: str, database_url: str) -> DeliveryPort:
    """The platform's own delivery port (its front end's `delivery`), pointed at the stand-in
    and at the test's database (Slack's lookup shares the history budget kept there)."""
    from bot.frontends.registry import front_end

    if platform is Platform.SLACK:
        settings = make_settings(
            slack_bot_token=SLACK_TOKEN, slack_api_url=api, database_url=database_url
        )
    else:
        settings = make_settings(discord_token=DISCORD_TOKEN, database_url=database_url)
    return front_end(platform).delivery(settings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("platform", choices=["slack", "discord"])
    parser.add_argument("url")
    parser.add_argument("now")
    parser.add_argument("api")
    args = parser.parse_args()
    platform = Platform(args.platform)
    pointed: contextlib.AbstractContextManager[None] = contextlib.nullcontext()
    if platform is Platform.DISCORD:
        from testkit.discord.fake_discord import pointed_at

        pointed = pointed_at(args.api)
    database = Database(args.url)
    with pointed:
        Sweeper(
            database,
            make_settings(),
            {platform: port_for(platform, args.api, args.url)},
            FrozenClock(datetime.fromisoformat(args.now)),
            owner=f"child-{os.getpid()}",
            policy=RetryPolicy(max_attempts=3),
        ).sweep()
    database.dispose()


if __name__ == "__main__":
    main()
