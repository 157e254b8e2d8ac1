"""The bolt App over the core: one factory used by `serve`, the tests and the benchmark."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from slack_bolt import App as BoltApp
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient

from bot.app import App
from bot.frontends.slack import listeners
from bot.frontends.slack.client import make_web_client
from bot.frontends.slack.listeners import revocation
from bot.frontends.slack.redact import quiet_token_loggers
from bot.frontends.slack.runtime import SLOW_WORKERS, SlackRuntime
from bot.frontends.slack.settings import slack_settings
from bot.frontends.slack.stores import DatabaseInstallationStore, DatabaseStateStore
from bot.record.pacing import HistoryPacer


def build_slack_app(
    core: App,
    *,
    client: WebClient | None = None,
    signing_secret: str | None = None,
    slow_workers: int = SLOW_WORKERS,
    pacer: HistoryPacer | None = None,
    history_clock: Callable[[], float] = time.time,
) -> tuple[BoltApp, SlackRuntime]:
    """Bolt verifies every request's signature (401 on a bad or stale one) before any listener
    runs; listeners run on the runtime's sized ack pool (bolt's `listener_executor`) and hand
    whatever may wait on Slack to the runtime's other pools (see runtime.py).

    With SLACK_CLIENT_ID and SLACK_CLIENT_SECRET the app installs itself into many workspaces
    (OAuth v2: `oauth_options`); else it serves the one workspace of SLACK_BOT_TOKEN."""
    quiet_token_loggers()  # no token in any log line (redact.py)
    settings = slack_settings(core.settings)
    client = client or make_web_client(settings)
    if signing_secret is None and settings.slack_signing_secret is not None:
        signing_secret = settings.slack_signing_secret.get_secret_value()
    runtime = SlackRuntime(core, client, slow_workers, pacer=pacer, history_clock=history_clock)
    options: dict[str, Any] = {}
    if settings.slack_oauth:
        client.token = None  # each request gets its workspace's token (bolt's authorize)
        options = oauth_options(core, client)
    bolt = BoltApp(
        client=client,
        signing_secret=signing_secret or "",
        process_before_response=False,
        listener_executor=runtime.ack_pool,
        **options,
    )
    if settings.slack_oauth:
        # tokens_revoked / app_uninstalled delete the installation (that workspace's
        # deliveries stop) once its history reader has stopped: listeners/revocation.py.
        revocation.register(bolt, runtime, options["installation_store"])
    listeners.register(bolt, runtime)
    return bolt, runtime


def oauth_options(core: App, client: WebClient) -> dict[str, Any]:
    """Bolt's OAuth v2 flow (install page, redirect, state check) over our own database."""
    settings = slack_settings(core.settings)
    assert settings.slack_client_id is not None and settings.slack_client_secret is not None
    secret = settings.slack_client_secret.get_secret_value()
    installations = DatabaseInstallationStore(
        core.database, settings.slack_client_id, core.dispatcher.clock
    )
    oauth = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=secret,
        scopes=settings.slack_scopes,
        install_path=settings.slack_install_path,
        redirect_uri_path=settings.slack_redirect_uri_path,
        redirect_uri=settings.slack_redirect_uri,
        installation_store=installations,
        installation_store_bot_only=True,
        state_store=DatabaseStateStore(core.database, clock=core.dispatcher.clock),
    )
    # The installation is looked up on every request (a read); its auth.test result is kept
    # per token, so the ack path calls Slack once per workspace and process, not every time.
    authorize = InstallationStoreAuthorize(
        logger=logging.getLogger("slack_bolt.authorize"),
        installation_store=installations,
        client_id=settings.slack_client_id,
        client_secret=secret,
        bot_only=True,
        cache_enabled=True,
        client=client,
    )
    return {
        "oauth_settings": oauth,
        "authorize": authorize,
        "installation_store": installations,
        "installation_store_bot_only": True,
    }
