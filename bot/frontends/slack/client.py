"""The Web API client, pointed at SLACK_API_URL when set (a local stand-in in tests)."""

from __future__ import annotations

import threading

from slack_sdk import WebClient
from slack_sdk.http_retry import HttpRequest, HttpResponse, RetryHandler, RetryState
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot.frontends.slack.settings import SlackSettings

DEFAULT_API_URL = WebClient.BASE_URL
# Threads that answer Slack: bolt's listener pool (named by us) and the HTTP server's own.
ACK_THREAD_PREFIX = "wgbot-ack"
ACK_PATH_PREFIXES = (ACK_THREAD_PREFIX, "waitress-")


def on_ack_path() -> bool:
    """True in a thread that Slack may be waiting on for an ack."""
    return threading.current_thread().name.startswith(ACK_PATH_PREFIXES)


class RateLimitRetryOffAckPath(RateLimitErrorRetryHandler):
    """slack_sdk's 429 handler sleeps Retry-After seconds in the calling thread. That is
    right for the worker pools and wrong where Slack waits for an ack: there the 429 is
    raised at once (no listener calls the Web API before its ack; this keeps it so)."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if on_ack_path():
            return False
        return super()._can_retry(state=state, request=request, response=response, error=error)


def api_base_url(settings: SlackSettings) -> str:
    url = settings.slack_api_url or DEFAULT_API_URL
    return url if url.endswith("/") else url + "/"


def make_web_client(
    settings: SlackSettings,
    *,
    wait_on_rate_limit: bool = True,
    timeout: int = 10,
    token: str | None = None,
) -> WebClient:
    """Interactive paths wait out a 429 as Slack's Retry-After says (slack_sdk's own handler,
    never on the ack path); the scheduler's sender does not wait but reports the delay
    (DeliveryError.retry_after)."""
    if token is None and settings.slack_bot_token is not None:
        token = settings.slack_bot_token.get_secret_value()
    handlers: list[RetryHandler] = [ConnectionErrorRetryHandler(max_retry_count=2)]
    if wait_on_rate_limit:
        handlers.append(RateLimitRetryOffAckPath(max_retry_count=3))
    return WebClient(
        token=token, base_url=api_base_url(settings), timeout=timeout, retry_handlers=handlers
    )
