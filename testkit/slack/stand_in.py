"""A local stand-in for Slack's Web API (and response_url / file upload URLs) on 127.0.0.1:
records every call and answers as Slack does, including scripted failures (429 with
Retry-After, not_in_channel …). Written for these tests after the shape of bolt-python's
tests/mock_web_api_server.

Messages (posted by the bot, or put there by a test with `add`) are kept per channel and
answered as Slack documents: conversations.history gives top-level messages and thread
broadcasts only, newest first, a thread's parent carrying `reply_count`, `latest_reply`,
`reply_users` and `thread_ts`; a thread's replies come only from conversations.replies, the
parent first then oldest first. Both honour `oldest`/`latest`/`inclusive`, `limit` and opaque
cursors, metadata only with `include_all_metadata`. History methods are rate limited per
token and method as Slack's tiers say: Tier 3 by default (50 calls a minute, pages up to 999),
or, after `paced()`, the budget of commercially distributed apps outside the Marketplace (one
call a minute, at most 15 objects a call whatever `limit` asks); past it, 429 + Retry-After.
`stall()` keeps a post (stored: Slack accepted it) unanswered, for a test to kill its sender."""

from __future__ import annotations

import base64
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

HISTORY_METHODS = ("conversations.history", "conversations.replies")
TIER3_PER_MINUTE = 50  # Slack's Tier 3: "50+ per minute"
MAX_LIMIT = 999  # conversations.history / .replies: `limit` is capped here
DEFAULT_LIMIT = 100  # … and is this when not given (15 for the paced budget)


@dataclass
class Call:
    method: str  # "chat.postMessage", or "response_url" / "upload"
    params: dict[str, Any]
    at: float
    path: str = ""
    token: str = ""  # the bearer token it came with (which workspace's bot sent it)


@dataclass
class Scripted:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    after: int = 0  # calls of the method that succeed before this failure


class SlackStandIn:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.display_names: dict[str, str] = {}
        self.timezones: dict[str, str] = {}  # users.info `tz`, as a profile shows it
        self._scripted: dict[str, list[Scripted]] = {}
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._ts = itertools.count(1)
        # OAuth: code → what oauth.v2.access answers for it; bot token → its workspace.
        self.oauth_codes: dict[str, dict[str, Any]] = {}
        self.workspaces: dict[str, dict[str, str]] = {}
        # Tokens Slack revoked (the app was uninstalled): every call with one is refused.
        self.revoked: set[str] = set()
        # Posted messages by channel, oldest first (what conversations.history answers from).
        self.posted: dict[str, list[dict[str, Any]]] = {}
        self.ts_base: Callable[[], float] | None = None  # the seconds of new ts (else fixed)
        self.history_interval: float | None = None  # paced(): seconds between history calls
        self.history_limit: int | None = None
        self.tier3_per_minute = TIER3_PER_MINUTE
        self.refused = 0  # history calls answered 429 (over the budget)
        self.monotonic: Callable[[], float] = time.monotonic
        self._last_history: dict[tuple[str, str], float] = {}  # (token, method) → last call
        self._history_calls: dict[tuple[str, str], list[float]] = {}  # → calls' times
        self._stall: dict[str, int] = {}  # method → the call number that is never answered
        self.stalled = threading.Event()
        self._release = threading.Event()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:
                return None

            def do_POST(self) -> None:  # Slack's Web API is POST everywhere here
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                status, body, headers = stand_in._answer(self.path, self.headers, raw)
                data = json.dumps(body).encode() if isinstance(body, dict) else body
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.api_url = f"{self.url}/api/"
        # serve_forever's default poll_interval (0.5 s) made each shutdown, so each Slack
        # test's teardown, wait up to half a second.
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> SlackStandIn:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._release.set()
        self.server.shutdown()
        self.server.server_close()

    # -- scripting and inspection -------------------------------------------------------------

    def fail(
        self,
        method: str,
        *,
        status: int = 200,
        error: str = "ratelimited",
        headers: dict[str, str] | None = None,
        times: int = 1,
        extra: dict[str, Any] | None = None,
        after: int = 0,
    ) -> None:
        body = {"ok": False, "error": error, **(extra or {})}
        with self._lock:
            queue = self._scripted.setdefault(method, [])
            queue.extend(Scripted(status, body, headers or {}, after) for _ in range(times))

    def clear_failures(self) -> None:
        """Every scripted failure still queued is dropped: the storm is over."""
        with self._lock:
            self._scripted.clear()

    def paced(self, interval: float = 60.0, limit: int = 15) -> None:
        """Slack's budget for commercially distributed apps outside its Marketplace:
        conversations.history and .replies each once per `interval` seconds per token, at
        most `limit` objects a call (a larger `limit` is cut down without a word)."""
        self.history_interval, self.history_limit = interval, limit

    def stall(self, method: str, nth: int = 1) -> None:
        """The `nth` call of `method` is carried out (a post is stored) but never answered."""
        self._stall[method] = nth

    def add(self, channel: str, *messages: dict[str, Any]) -> None:
        """Messages people (or other bots) posted in `channel`: a reply carries `thread_ts`
        (its parent's ts); a reply also sent to the channel has subtype `thread_broadcast`."""
        with self._lock:
            kept = self.posted.setdefault(channel, [])
            kept.extend(dict(m) for m in messages)
            kept.sort(key=lambda m: float(m["ts"]))

    def history_calls_per_minute(self, method: str = "conversations.history") -> int:
        """The most calls of `method` one token made within any 60 seconds."""
        most = 0
        with self._lock:
            for (_token, called), times in self._history_calls.items():
                if called != method:
                    continue
                for i, start in enumerate(times):
                    most = max(most, sum(1 for t in times[i:] if t < start + 60.0))
        return most

    def messages_in(self, channel: str) -> list[dict[str, Any]]:
        with self._lock:
            return list(self.posted.get(channel, []))

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 10.0,
        where: Callable[[Call], bool] = (lambda _c: True),
    ) -> list[Call]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [c for c in self.calls if c.method == method and where(c)]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [c.method for c in self.calls]
                    raise AssertionError(f"no {count}× {method} within {timeout}s; saw {seen}")
                self._changed.wait(left)

    # -- answering ------------------------------------------------------------------------------

    def _record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def _answer(self, path: str, headers: Any, raw: bytes) -> tuple[int, Any, dict[str, str]]:
        now = time.monotonic()
        if path.startswith("/upload/"):
            self._record(Call("upload", {"bytes": raw}, now, path))
            return 200, b"OK", {}
        content_type = headers.get("Content-Type", "")
        if "json" in content_type:
            params: dict[str, Any] = json.loads(raw or b"{}")
        else:
            params = dict(parse_qsl(raw.decode()))
            for key in ("blocks", "view", "attachments", "metadata"):
                if isinstance(params.get(key), str):
                    params[key] = json.loads(params[key])
        if path.startswith("/response/"):
            self._record(Call("response_url", params, now, path))
            with self._lock:  # `fail("response_url", status=404, error="expired_url")`
                queue = self._scripted.get("response_url")
                failed = queue.pop(0) if queue else None
            if failed is not None:
                return failed.status, str(failed.body["error"]).encode(), failed.headers
            return 200, b"ok", {}
        method = path.removeprefix("/api/").split("?")[0]
        token = str(headers.get("Authorization", "")).removeprefix("Bearer ")
        if method == "oauth.v2.access":  # the app's client id and secret, no token
            self._record(Call(method, params, now, path, token))
            granted = self.oauth_codes.pop(str(params.get("code")), None)
            if granted is None:
                return 200, {"ok": False, "error": "invalid_code"}, {}
            return 200, {"ok": True, **granted}, {}
        if not token.startswith(("xoxb-", "xoxp-")):  # as Slack: no token, no API
            self._record(Call(method, params, now, path, token))
            return 200, {"ok": False, "error": "not_authed"}, {}
        if token in self.revoked:  # as Slack, once a workspace removed the app
            self._record(Call(method, params, now, path, token))
            return 200, {"ok": False, "error": "token_revoked"}, {}
        with self._lock:
            queue = self._scripted.get(method)
            scripted = None
            if queue and queue[0].after > 0:
                queue[0].after -= 1
            elif queue:
                scripted = queue.pop(0)
        self._record(Call(method, params, now, path, token))
        if scripted is not None:
            return scripted.status, scripted.body, scripted.headers
        if method in HISTORY_METHODS:
            return self._history(method, params, token)
        answer = self._default(method, params, token)
        if method == "chat.postMessage":
            self._keep(answer, params, token)
        stall = self._stall.get(method)
        if stall is not None and len(self.calls_to(method)) == stall:
            self.stalled.set()
            self._release.wait()  # accepted, never answered: the sender is killed meanwhile
        return 200, answer, {}

    def _keep(self, answer: dict[str, Any], params: dict[str, Any], token: str) -> None:
        bot = self.workspaces.get(token, {}).get("bot_id", "BBOT")
        message: dict[str, Any] = {
            "type": "message",
            "ts": answer["ts"],
            "text": params.get("text", ""),
            "bot_id": bot,
            "app_id": "A1",
            "blocks": params.get("blocks") or [],
        }
        if params.get("metadata"):
            message["metadata"] = params["metadata"]
        if params.get("thread_ts"):
            message["thread_ts"] = params["thread_ts"]
        with self._lock:
            self.posted.setdefault(str(params.get("channel")), []).append(message)

    def _limited(self, method: str, token: str) -> str | None:
        """The Retry-After (seconds) when this call is over the token's budget for `method`."""
        now = self.monotonic()
        key = (token, method)
        with self._lock:
            times = self._history_calls.setdefault(key, [])
            if self.history_interval is not None:
                last = self._last_history.get(key)
                if last is not None and now - last < self.history_interval:
                    return str(max(1, int(self.history_interval - (now - last)) + 1))
                self._last_history[key] = now
            else:
                recent = [t for t in times if t > now - 60.0]
                if len(recent) >= self.tier3_per_minute:
                    return str(max(1, int(recent[0] + 60.0 - now) + 1))
            times.append(now)
        return None

    def _history(
        self, method: str, params: dict[str, Any], token: str
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        """conversations.history or .replies over the channel's messages, as Slack answers."""
        wait = self._limited(method, token)
        if wait is not None:
            with self._lock:
                self.refused += 1
            return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": wait}
        channel = str(params.get("channel"))
        inclusive = str(params.get("inclusive", "")).lower() in ("1", "true")
        oldest = float(params.get("oldest") or 0)
        latest = float(params.get("latest") or "inf")

        def within(ts: float) -> bool:
            if inclusive:
                return oldest <= ts <= latest
            return oldest < ts < latest

        everything = self.messages_in(channel)
        if method == "conversations.history":
            rows = [
                self._as_top(m, everything)
                for m in reversed(everything)
                if within(float(m["ts"])) and _top_level(m)
            ]
        else:
            parent_ts = str(params.get("ts") or "")
            parent = next((m for m in everything if m["ts"] == parent_ts), None)
            if parent is None:
                return 200, {"ok": False, "error": "thread_not_found"}, {}
            parent_ts = str(parent.get("thread_ts") or parent_ts)  # a reply's ts: its thread
            parent = next((m for m in everything if m["ts"] == parent_ts), parent)
            replies = [
                m
                for m in everything
                if m.get("thread_ts") == parent_ts and m["ts"] != parent_ts
                if within(float(m["ts"]))
            ]
            rows = [self._as_top(parent, everything), *replies]
        default = self.history_limit or DEFAULT_LIMIT
        limit = min(int(params.get("limit") or default), MAX_LIMIT)
        if self.history_limit is not None:
            limit = min(limit, self.history_limit)
        cursor = str(params.get("cursor") or "")
        if cursor:  # a cursor stays put while new messages arrive
            after = _cursor_ts(cursor)
            if after is None:
                return 200, {"ok": False, "error": "invalid_cursor"}, {}
            if method == "conversations.history":
                rows = [m for m in rows if float(m["ts"]) < after]
            else:
                rows = [m for m in rows[1:] if float(m["ts"]) > after]
        page, more = rows[:limit], len(rows) > limit
        if str(params.get("include_all_metadata", "")).lower() not in ("1", "true"):
            page = [{k: v for k, v in m.items() if k != "metadata"} for m in page]
        body = {
            "ok": True,
            "messages": page,
            "has_more": more,
            "response_metadata": {"next_cursor": _cursor(page[-1]["ts"]) if more else ""},
        }
        return 200, body, {}

    @staticmethod
    def _as_top(message: dict[str, Any], everything: list[dict[str, Any]]) -> dict[str, Any]:
        """A thread's parent as Slack shows it: with its replies' count, last and people."""
        replies = [
            m
            for m in everything
            if m.get("thread_ts") == message["ts"] and m["ts"] != message["ts"]
        ]
        if not replies:
            return message
        return {
            **message,
            "thread_ts": message["ts"],
            "reply_count": len(replies),
            "reply_users": sorted({str(m.get("user") or m.get("bot_id")) for m in replies}),
            "reply_users_count": len({m.get("user") or m.get("bot_id") for m in replies}),
            "latest_reply": replies[-1]["ts"],
        }

    def _default(self, method: str, params: dict[str, Any], token: str = "") -> dict[str, Any]:
        ok: dict[str, Any] = {"ok": True}
        if method == "auth.test" and token in self.workspaces:
            return {**ok, **self.workspaces[token]}
        if method == "auth.test":
            return {
                **ok,
                "url": "https://igf.slack.com/",
                "team": "IGF",
                "team_id": "T1",
                "user": "wgbot",
                "user_id": "UBOT",
                "bot_id": "BBOT",
            }
        if method == "users.info":
            user = str(params.get("user"))
            name = self.display_names.get(user, f"Person {user}")
            found = {"id": user, "name": user.lower(), "profile": {"display_name": name}}
            if user in self.timezones:
                found["tz"] = self.timezones[user]
            return {**ok, "user": found}
        if method in ("chat.postMessage", "chat.update"):
            base = int(self.ts_base()) if self.ts_base else 1700000000
            ts = params.get("ts") or f"{base}.{next(self._ts):06d}"
            return {**ok, "channel": params.get("channel"), "ts": ts}
        if method == "chat.postEphemeral":
            return {**ok, "message_ts": f"1700000000.{next(self._ts):06d}"}
        if method == "conversations.open":
            return {**ok, "channel": {"id": "D" + str(params.get("users"))}}
        if method == "chat.getPermalink":
            ts = str(params.get("message_ts", "")).replace(".", "")
            return {
                **ok,
                "permalink": f"https://igf.slack.com/archives/{params.get('channel')}/p{ts}",
            }
        if method == "files.getUploadURLExternal":
            return {**ok, "upload_url": f"{self.url}/upload/F1", "file_id": "F1"}
        if method == "files.completeUploadExternal":
            return {**ok, "files": [{"id": "F1", "title": params.get("files")}]}
        return ok

    def grant(
        self, code: str, *, team: str, token: str, installer: str, app_id: str = "A1"
    ) -> None:
        """What Slack answers when a workspace's admin approves the install (oauth.v2.access),
        and what auth.test then says about that workspace's bot token."""
        self.oauth_codes[code] = {
            "app_id": app_id,
            "authed_user": {"id": installer},
            "scope": "commands,chat:write,im:write,users:read,channels:history,groups:history",
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": f"UBOT{team}",
            "team": {"id": team, "name": f"Workspace {team}"},
            "enterprise": None,
            "is_enterprise_install": False,
        }
        self.workspaces[token] = {
            "url": f"https://{team.lower()}.slack.com/",
            "team": f"Workspace {team}",
            "team_id": team,
            "user": "wgbot",
            "user_id": f"UBOT{team}",
            "bot_id": f"BBOT{team}",
        }


def _top_level(message: dict[str, Any]) -> bool:
    """What conversations.history lists: no reply, unless also sent to the channel."""
    thread = message.get("thread_ts")
    return not thread or thread == message["ts"] or message.get("subtype") == "thread_broadcast"


def _cursor(ts: str) -> str:
    """An opaque cursor, as Slack's are (base64 of where the next page starts)."""
    return base64.b64encode(f"next_ts:{ts}".encode()).decode()


def _cursor_ts(cursor: str) -> float | None:
    try:
        text = base64.b64decode(cursor, validate=True).decode()
        return float(text.removeprefix("next_ts:")) if text.startswith("next_ts:") else None
    except ValueError:
        return None
