"""Bolt listeners, one module per kind of request (as in slack-samples' starter template)."""

from __future__ import annotations

from slack_bolt import App as BoltApp

from bot.frontends.slack.listeners import actions, commands, events, shortcuts, views
from bot.frontends.slack.runtime import SlackRuntime


def register(bolt: BoltApp, runtime: SlackRuntime) -> None:
    for module in (commands, actions, views, shortcuts, events):
        module.register(bolt, runtime)
