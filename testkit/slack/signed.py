"""Requests shaped and signed as Slack sends them (v0 HMAC-SHA256 of `v0:ts:body`)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

SECRET = "test-signing-secret"
TEAM = {"id": "T1", "domain": "igf"}


@dataclass
class Response:
    status: int
    body: bytes
    elapsed: float

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class SlackSender:
    def __init__(self, url: str, response_base: str, secret: str = SECRET) -> None:
        self.url = url
        self.response_base = response_base
        self.verifier = SignatureVerifier(secret)
        self._n = 0

    def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        ts = str(timestamp if timestamp is not None else int(time.time()))
        sig = signature or self.verifier.generate_signature(timestamp=ts, body=body)
        request = urllib.request.Request(
            self.url,
            data=body.encode(),
            method="POST",
            headers={
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": ts,
                "X-Slack-Signature": sig,
                **(headers or {}),
            },
        )
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Response(response.status, response.read(), time.perf_counter() - start)
        except urllib.error.HTTPError as exc:
            return Response(exc.code, exc.read(), time.perf_counter() - start)

    def response_url(self) -> str:
        self._n += 1
        return f"{self.response_base}/response/{self._n}"

    def trigger_id(self) -> str:
        """Unique per request, as Slack's are (a repeated delivery reuses the same one)."""
        self._n += 1
        return f"13345224609.738474920.{self._n:x}{uuid.uuid4().hex[:16]}"

    def command(
        self,
        text: str,
        *,
        user: str = "UANA",
        channel: str = "C1",
        command: str = "/wg",
        trigger_id: str | None = None,
        team: str = TEAM["id"],
        **kw: Any,
    ) -> Response:
        form = {
            "token": "legacy",
            "team_id": team,
            "team_domain": TEAM["domain"],
            "channel_id": channel,
            "channel_name": "wg-cyber",
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A1",
            "is_enterprise_install": "false",
            "response_url": self.response_url(),
            "trigger_id": trigger_id or self.trigger_id(),
        }
        return self.post(urlencode(form), "application/x-www-form-urlencoded", **kw)

    def interactive(self, payload: dict[str, Any], **kw: Any) -> Response:
        body = urlencode({"payload": json.dumps(payload)})
        return self.post(body, "application/x-www-form-urlencoded", **kw)

    def block_action(
        self,
        action_id: str,
        value: str,
        *,
        user: str = "UANA",
        channel: str = "C1",
        ephemeral: bool = False,
        trigger_id: str | None = None,
    ) -> Response:
        """A button press; `ephemeral` as Slack sends it for a button on an ephemeral message
        (`container.is_ephemeral`, and no `message`)."""
        container: dict[str, Any] = {"type": "message", "message_ts": "1.2", "channel_id": channel}
        message: dict[str, Any] = {"message": {"type": "message", "ts": "1.2", "text": "nudge"}}
        if ephemeral:
            container["is_ephemeral"] = True
            message = {}
        return self.interactive(
            {
                "type": "block_actions",
                "team": TEAM,
                "user": {"id": user, "username": user.lower(), "team_id": "T1"},
                "api_app_id": "A1",
                "token": "legacy",
                "container": container,
                "trigger_id": trigger_id or self.trigger_id(),
                "channel": {"id": channel, "name": "wg-cyber"},
                **message,
                "response_url": self.response_url(),
                "actions": [
                    {
                        "type": "button",
                        "action_id": action_id,
                        "block_id": "b1",
                        "value": value,
                        "text": {"type": "plain_text", "text": "Press"},
                        "action_ts": "1.3",
                    }
                ],
            }
        )

    def view_submission(
        self,
        callback_id: str,
        values: dict[str, Any],
        *,
        channel: str = "C1",
        user: str = "UANA",
        view_id: str | None = None,
    ) -> Response:
        """`view_id`: the same modal submitted again (Slack's view id and hash repeat)."""
        return self.interactive(
            {
                "type": "view_submission",
                "team": TEAM,
                "user": {"id": user, "username": user.lower(), "team_id": "T1"},
                "api_app_id": "A1",
                "token": "legacy",
                "trigger_id": self.trigger_id(),
                "view": {
                    "id": view_id or f"V{uuid.uuid4().hex[:10].upper()}",
                    "type": "modal",
                    "callback_id": callback_id,
                    "private_metadata": channel,
                    "state": {"values": values},
                    "hash": "h",
                },
            }
        )

    def message_shortcut(
        self, callback_id: str, *, ts: str, thread_ts: str | None = None, user: str = "UANA"
    ) -> Response:
        message: dict[str, Any] = {"type": "message", "user": "UBEN", "ts": ts, "text": "hi"}
        if thread_ts:
            message["thread_ts"] = thread_ts
        return self.interactive(
            {
                "type": "message_action",
                "callback_id": callback_id,
                "team": TEAM,
                "user": {"id": user, "name": user.lower()},
                "channel": {"id": "C1", "name": "wg-cyber"},
                "message_ts": ts,
                "message": message,
                "response_url": self.response_url(),
                "trigger_id": self.trigger_id(),
                "token": "legacy",
            }
        )

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str,
        retry_num: int | None = None,
        team: str = TEAM["id"],
    ) -> Response:
        body = {
            "token": "legacy",
            "team_id": team,
            "api_app_id": "A1",
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [{"team_id": team, "user_id": "UBOT", "is_bot": True}],
        }
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return self.post(json.dumps(body), "application/json", headers=headers)
