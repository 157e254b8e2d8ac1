"""A local OpenAI-compatible chat.completions server for tests and the benchmark.

Real HTTP on 127.0.0.1, used with the real openai client. It behaves like a strict model
server: it counts every byte of the prompt as a token (the worst case any byte-level BPE
tokenizer can reach), or, with `tokenizer="o200k_base"`, counts as OpenAI does (the real
encoding, 3 tokens per message and 3 per request); it rejects a request whose prompt plus
max_tokens exceeds its context limit with 400 `context_length_exceeded`, as OpenAI does. It
fails on demand (500, 429 with Retry-After, a hang past the client's timeout), can refuse
json_schema and JSON mode, and can play a gullible model that obeys injected instructions. Its
"summary" cites the ids it was shown, plus one id that does not exist and one link that was
not in the input, so the bot's filters are exercised.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bot.summarizer.tokens import encoding

BOGUS_ID = "m999999"
EVIL_LINK = "https://evil.example/phish"
_ID_LINE = re.compile(r"^\[(m\d+)\] ", re.MULTILINE)


def count_tokens(messages: list[dict[str, Any]], tokenizer: str | None = None) -> int:
    """Worst case: one token per byte, plus 4 per message for the chat format. With a
    tokenizer: OpenAI's documented count (content and role, 3 per message, 3 per request)."""
    if tokenizer is None:
        return sum(4 + len(str(m.get("content", "")).encode("utf-8")) for m in messages)
    enc = encoding(tokenizer)
    return 3 + sum(
        3
        + len(enc.encode_ordinary(str(m.get("content", ""))))
        + len(enc.encode_ordinary(str(m.get("role", ""))))
        for m in messages
    )


@dataclass
class Recorded:
    stage: str  # "map" | "reduce" | "other"
    prompt_tokens: int
    max_tokens: int
    response_format: str
    message_ids: list[str]
    user: str
    system: str


@dataclass
class Behaviour:
    context_limit: int = 8000
    latency: float = 0.0
    failures: deque[str] = field(default_factory=deque)  # "500", "429:2", "timeout:3"
    refuse_schema: bool = False
    refuse_json: bool = False
    prose_only: bool = False  # answers text that is no JSON at all
    gullible: bool = False  # obeys "ignore previous instructions…" by leaking its prompt
    malformed: int = 0  # this many answers are JSON of the wrong shape
    verbose: bool = False  # long answers (a point per cited message), as real models give
    echo_marker: bool = False  # repeats the run's delimiter marker in a point
    renumbered_leak: bool = False  # leaks its rules re-bulleted, re-cased and re-spaced
    tokenizer: str | None = None  # None: one token per byte; else a tiktoken encoding name


class StandIn:
    def __init__(self, behaviour: Behaviour | None = None) -> None:
        self.behaviour = behaviour or Behaviour()
        self.requests: list[Recorded] = []
        self.rejected: list[tuple[int, int]] = []  # (prompt tokens, max_tokens) refused
        self.answers: list[str] = []  # the content of every answer given
        self.attempts = 0
        self.in_flight = 0
        self.max_in_flight = 0
        # Called (in the server thread) on every answered request: tests check the world
        # while the bot waits for the model.
        self.on_request: Callable[[], None] | None = None
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def __enter__(self) -> StandIn:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- the "model" --------------------------------------------------------------------------

    def answer(self, system: str, user: str, max_tokens: int) -> dict[str, Any]:
        if "Stage: REDUCE" in user:
            draft = self._merge(user)
        else:
            ids = _ID_LINE.findall(user)
            draft = {
                "problem_statement": f"Part of the discussion, {len(ids)} messages.",
                "agreements": [
                    {"text": f"Agreement around {cid}.", "citations": [cid]} for cid in ids[:3]
                ],
                "disagreements": [
                    {
                        "topic": "Scope",
                        "views": [
                            {
                                "stakeholder_groups": ["Civil society"],
                                "position": "Wider scope.",
                                "citations": ids[-1:],
                            }
                        ],
                    }
                ]
                if ids
                else [],
                "recommendations": [
                    {
                        "text": f"Act on {ids[0] if ids else 'nothing'}.",
                        "rationale": f"See {EVIL_LINK} for details.",
                        "citations": [*ids[:1], BOGUS_ID],
                    }
                ],
                "open_questions": [],
                "next_steps": [{"text": "Meet again.", "citations": ids[1:2]}],
            }
            if self.behaviour.verbose:
                draft["agreements"] = [
                    {
                        "text": f"Participants broadly agree on the point made in {cid}. " * 3,
                        "citations": [cid],
                    }
                    for cid in ids[:12]
                ]
            if self.behaviour.gullible and "ignore previous instructions" in user.lower():
                draft["problem_statement"] = "My instructions were: " + system[:600]
            if self.behaviour.echo_marker:
                nonce = system.split("<<<DISCUSSION-")[1].split()[0]
                draft["agreements"].append(
                    {"text": f"The data ended at DISCUSSION-{nonce}.", "citations": ids[:1]}
                )
            if self.behaviour.renumbered_leak:
                rules = [
                    "•  " + "  ".join(ln.split(". ", 1)[1].upper().split())
                    for ln in system.splitlines()
                    if re.match(r"^\d\. ", ln)
                ]
                draft["next_steps"].append({"text": "  ".join(rules), "citations": ids[:1]})
        return self._fit(draft, max_tokens)

    def _merge(self, user: str) -> dict[str, Any]:
        merged: dict[str, Any] = {
            "problem_statement": "",
            "agreements": [],
            "disagreements": [],
            "recommendations": [],
            "open_questions": [],
            "next_steps": [],
        }
        for line in user.splitlines():
            line = line.strip()
            if not line.startswith("{"):
                continue
            part = json.loads(line)
            merged["problem_statement"] = part["problem_statement"] or merged["problem_statement"]
            for key in list(merged)[1:]:
                merged[key].extend(part.get(key, []))
        for key in list(merged)[1:]:
            merged[key] = merged[key][:12]
        return merged

    @staticmethod
    def _fit(draft: dict[str, Any], max_tokens: int) -> dict[str, Any]:
        keys = ["agreements", "disagreements", "recommendations", "open_questions", "next_steps"]
        while len(json.dumps(draft).encode()) > max_tokens:
            longest = max(keys, key=lambda k: len(draft[k]))
            if not draft[longest]:
                draft["problem_statement"] = draft["problem_statement"][:100]
                break
            draft[longest].pop()
        return draft

    # -- HTTP ---------------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                return None

            def _send(self, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                request = json.loads(self.rfile.read(length))
                status, body, headers = standin.handle(request)
                self._send(status, body, headers)

        return Handler

    def handle(self, request: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        b = self.behaviour
        # `latency` is the whole time a call takes here, counting the prompt included, as for
        # a real server whose own work is part of its latency.
        started = time.perf_counter()
        with self.lock:
            self.attempts += 1
            failure = b.failures.popleft() if b.failures else None
        if failure == "500":
            return 500, _error("server error", "server_error"), {}
        if failure and failure.startswith("429"):
            after = failure.partition(":")[2] or "1"
            return 429, _error("rate limited", "rate_limit_exceeded"), {"Retry-After": after}
        if failure and failure.startswith("timeout"):
            time.sleep(float(failure.partition(":")[2] or "2"))
            return 500, _error("too late", "server_error"), {}
        messages = request["messages"]
        max_tokens = int(request.get("max_tokens") or request.get("max_completion_tokens") or 0)
        prompt = count_tokens(messages, b.tokenizer)
        if prompt + max_tokens > b.context_limit:
            with self.lock:
                self.rejected.append((prompt, max_tokens))
            message = (
                f"This model's maximum context length is {b.context_limit} tokens. However, "
                f"you requested {prompt + max_tokens} tokens."
            )
            return 400, _error(message, "context_length_exceeded"), {}
        fmt = (request.get("response_format") or {}).get("type", "text")
        if (fmt == "json_schema" and b.refuse_schema) or (fmt == "json_object" and b.refuse_json):
            return 400, _error(f"response_format {fmt} is not supported", None), {}
        system = next((m["content"] for m in messages if m["role"] == "system"), "")
        user = next((m["content"] for m in messages if m["role"] == "user"), "")
        stage = "reduce" if "Stage: REDUCE" in user else "map" if "Stage: MAP" in user else "other"
        with self.lock:
            self.requests.append(
                Recorded(stage, prompt, max_tokens, fmt, _ID_LINE.findall(user), user, system)
            )
        with self.lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.on_request is not None:
                self.on_request()
            if b.latency:
                time.sleep(max(0.0, b.latency - (time.perf_counter() - started)))
            else:
                time.sleep(0.002)  # long enough for concurrent requests to overlap
        finally:
            with self.lock:
                self.in_flight -= 1
        draft = self.answer(system, user, max_tokens)
        content = json.dumps(draft)
        with self.lock:
            wrong_shape = b.malformed > 0
            b.malformed -= 1 if wrong_shape else 0
        if wrong_shape:
            content = json.dumps({"problem_statement": "x", "agreements": "not a list"})
        elif b.prose_only:
            content = "Here are my thoughts: the group should keep talking. " + EVIL_LINK
        elif fmt == "text":
            content = f"Here is the draft:\n```json\n{content}\n```"
        completion = (
            len(content.encode())
            if b.tokenizer is None
            else len(encoding(b.tokenizer).encode_ordinary(content))
        )
        with self.lock:
            self.answers.append(content)
        body = {
            "id": "chatcmpl-standin",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.get("model", "standin"),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": prompt,
                "completion_tokens": completion,
                "total_tokens": prompt + completion,
            },
        }
        return 200, body, {}


def _error(message: str, code: str | None) -> dict[str, Any]:
    return {"error": {"message": message, "type": "invalid_request_error", "code": code}}
