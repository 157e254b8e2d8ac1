"""The bolt App over the core: one factory used by `serve`, the tests and the benchmark."""

from __future__ import annotations

from slack_bolt import App as BoltApp
from slack_sdk import WebClient

from bot.app import App
from bot.frontends.slack import listeners
from bot.frontends.slack.client import make_web_client
from bot.frontends.slack.runtime import SLOW_WORKERS, SlackRuntime


def build_slack_app(
    core: App,
    *,
    client: WebClient | None = None,
    signing_secret: str | None = None,
    slow_workers: int = SLOW_WORKERS,
) -> tuple[BoltApp, SlackRuntime]:
    """Bolt verifies every request's signature (401 on a bad or stale one) before any listener
    runs; listeners run on the runtime's sized ack pool (bolt's `listener_executor`) and hand
    whatever may wait on Slack to the runtime's other pools (see runtime.py)."""
    settings = core.settings
    client = client or make_web_client(settings)
    if signing_secret is None and settings.slack_signing_secret is not None:
        signing_secret = settings.slack_signing_secret.get_secret_value()
    runtime = SlackRuntime(core, client, slow_workers)
    bolt = BoltApp(
        client=client,
        signing_secret=signing_secret or "",
        process_before_response=False,
        listener_executor=runtime.ack_pool,
    )
    listeners.register(bolt, runtime)
    return bolt, runtime
