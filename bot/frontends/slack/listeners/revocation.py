"""tokens_revoked and app_uninstalled: the workspace's installation is deleted as bolt's own
listeners do it (TokenRevocationListeners), but after the ack, on the slow pool, and only
once that workspace's history reader has stopped, so no call with a revoked token follows."""

from __future__ import annotations

from typing import Any

from slack_bolt import App as BoltApp
from slack_bolt import BoltContext
from slack_bolt.listener.builtins import TokenRevocationListeners
from slack_sdk.oauth.installation_store import InstallationStore

from bot.frontends.slack.runtime import SlackRuntime


def register(bolt: BoltApp, runtime: SlackRuntime, installations: InstallationStore) -> None:
    removal = TokenRevocationListeners(installations)

    def stop_then(context: BoltContext, delete: Any) -> None:
        team, enterprise = context.team_id, context.enterprise_id

        def work() -> None:
            if runtime.fillers is not None:
                runtime.fillers.remove(team, enterprise)
            delete()

        runtime.later("removing a workspace that removed the app", work)

    def on_app_uninstalled(context: BoltContext) -> None:
        stop_then(context, lambda: removal.handle_app_uninstalled_events(context))

    def on_tokens_revoked(event: dict[str, Any], context: BoltContext) -> None:
        if not event.get("tokens", {}).get("bot"):  # user tokens only: none is kept
            removal.handle_tokens_revoked_events(event, context)
            return
        stop_then(context, lambda: removal.handle_tokens_revoked_events(event, context))

    bolt.event("app_uninstalled")(on_app_uninstalled)
    bolt.event("tokens_revoked")(on_tokens_revoked)
