"""Display names from `users.info`, cached: a name is shown, the user id is the identity."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

TTL_SECONDS = 3600.0
MAX_ENTRIES = 10_000


class NameCache:
    """users.info once per person per hour; a failed lookup falls back to what Slack sent.

    Lookups run where Slack waits for an ack, so they never wait on Slack: the client has a
    short timeout and no retries, and after a 429 no lookup is tried until Retry-After has
    passed (the names fall back meanwhile)."""

    def __init__(
        self,
        client: WebClient,
        ttl: float = TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.ttl = ttl
        self.clock = clock
        self._names: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()
        self._quiet_until = 0.0
        self._clients: dict[str, WebClient] = {}

    def name(self, user_id: str, fallback: str = "", token: str | None = None) -> str:
        """`token`: the workspace's (many workspaces); the cache's own client's by default.
        Slack user ids are unique across workspaces, so one cache serves them all."""
        now = self.clock()
        with self._lock:
            cached = self._names.get(user_id)
        if cached and cached[1] > now:
            return cached[0]
        if now < self._quiet_until:
            return fallback or user_id
        try:
            user = self._client(token).users_info(user=user_id)["user"]
        except SlackApiError as exc:
            log.warning("users.info %s failed: %s", user_id, exc)
            self._back_off(exc, now)
            return fallback or user_id
        except (OSError, KeyError, TypeError) as exc:  # a timeout, an odd answer
            log.warning("users.info %s failed: %s", user_id, exc)
            return fallback or user_id
        profile = user.get("profile") or {}
        name = (
            profile.get("display_name")
            or profile.get("real_name")
            or user.get("real_name")
            or user.get("name")
            or fallback
            or user_id
        )
        with self._lock:
            if len(self._names) >= MAX_ENTRIES:
                self._names.clear()
            self._names[user_id] = (str(name), now + self.ttl)
        return str(name)

    def _client(self, token: str | None) -> WebClient:
        if token is None or token == self.client.token:
            return self.client
        with self._lock:
            client = self._clients.get(token)
            if client is None:
                client = WebClient(
                    token=token,
                    base_url=self.client.base_url,
                    timeout=self.client.timeout,
                    retry_handlers=[],
                )
                self._clients[token] = client
            return client

    def _back_off(self, exc: SlackApiError, now: float) -> None:
        response = exc.response
        if response is None or response.status_code != 429:
            return
        headers = {k.lower(): v for k, v in (response.headers or {}).items()}
        raw = headers.get("retry-after", "1")
        value = raw[0] if isinstance(raw, list) else raw
        try:
            wait = float(value)
        except (TypeError, ValueError):
            wait = 1.0
        self._quiet_until = now + min(max(wait, 1.0), 600.0)
