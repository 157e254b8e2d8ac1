"""The Web API client, pointed at SLACK_API_URL when set (a local stand-in in tests)."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot.config import Settings

DEFAULT_API_URL = WebClient.BASE_URL


def api_base_url(settings: Settings) -> str:
    url = settings.slack_api_url or DEFAULT_API_URL
    return url if url.endswith("/") else url + "/"


def make_web_client(
    settings: Settings, *, wait_on_rate_limit: bool = True, timeout: int = 10
) -> WebClient:
    """Interactive paths wait out a 429 as Slack's Retry-After says (slack_sdk's own handler);
    the scheduler's sender does not wait but reports the delay (DeliveryError.retry_after)."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    handlers: list[RetryHandler] = [ConnectionErrorRetryHandler(max_retry_count=2)]
    if wait_on_rate_limit:
        handlers.append(RateLimitErrorRetryHandler(max_retry_count=3))
    return WebClient(
        token=token, base_url=api_base_url(settings), timeout=timeout, retry_handlers=handlers
    )
