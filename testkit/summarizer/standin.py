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

It also speaks the dialects of the servers groups run themselves, as their documentation and
source show them (`Behaviour.dialect`):
- "llama-cpp-python": `/v1/models` owned_by "me", `/extras/tokenize/count`; refuses
  `response_format: json_schema` with HTTP 500 and a pydantic validation error, takes
  `{"type": "json_object", "schema": …}`; no context in its metadata.
- "llama.cpp": `/props` (`total_slots`, `default_generation_settings.n_ctx`), `/tokenize`
  with `content`.
- "ollama": `/api/version`, `/api/show` (`parameters` with `num_ctx`), `/v1/models` owned_by
  "library"; an unknown model is 404 `{"error": {"message": "model \"x\" not found, try
  pulling it first", "type": "api_error"}}`.
- "vllm": `/v1/models` owned_by "vllm" with `max_model_len`, `/tokenize` with `prompt`
  answering `count`; errors are top-level `{"object": "error", "message": …, "type":
  "NotFoundError", "code": 404}`.
Probe requests (`max_tokens` 1) are kept apart in `probes` and never take a scripted failure.
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


def count_tokens(
    messages: list[dict[str, Any]], tokenizer: str | None = None, per_token: int = 1
) -> int:
    """Worst case: one token per byte, plus 4 per message for the chat format. With a
    tokenizer: OpenAI's documented count (content and role, 3 per message, 3 per request). A
    dialect with its own tokenizer counts `per_token` bytes a token (rounded up), like a BPE."""
    if tokenizer is None:
        return sum(4 + text_tokens(str(m.get("content", "")), per_token) for m in messages)
    enc = encoding(tokenizer)
    return 3 + sum(
        3
        + len(enc.encode_ordinary(str(m.get("content", ""))))
        + len(enc.encode_ordinary(str(m.get("role", ""))))
        for m in messages
    )


def text_tokens(text: str, per_token: int = 1) -> int:
    return -(-len(text.encode("utf-8")) // per_token)


DIALECTS = ("openai", "llama-cpp-python", "llama.cpp", "ollama", "vllm")
LLAMA_CPP_PYTHON_REFUSAL = (
    "1 validation error for CreateChatCompletionRequest\nresponse_format.type\n  Input should "
    "be 'text' or 'json_object' [type=literal_error, input_value='json_schema', "
    "input_type=str]"
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
    followup: str = ""  # user messages after the first (a stricter second ask)


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
    dialect: str = "openai"  # see the module docstring
    models: tuple[str, ...] = ()  # served models; empty: any name is answered
    slots: int = 2  # llama.cpp's total_slots
    num_ctx: int | None = None  # Ollama's num_ctx parameter (None: not set)
    scripted: deque[str] = field(default_factory=deque)  # raw answers given before the model's

    @property
    def per_token(self) -> int:
        """Dialects with a tokenizer count 3 bytes a token; the plain stand-in counts bytes."""
        return 1 if self.dialect in ("openai", "ollama") else 3


class StandIn:
    def __init__(self, behaviour: Behaviour | None = None) -> None:
        self.behaviour = behaviour or Behaviour()
        self.requests: list[Recorded] = []
        self.rejected: list[tuple[int, int]] = []  # (prompt tokens, max_tokens) refused
        self.answers: list[str] = []  # the content of every answer given
        self.attempts = 0
        self.probes: list[tuple[str, int]] = []  # (response_format type, status) of probes
        self.gets: list[str] = []  # paths asked with GET (and the metadata POSTs)
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

            def do_GET(self) -> None:
                status, body = standin.metadata("GET", self.path, {})
                self._send(status, body, {})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                request = json.loads(self.rfile.read(length))
                if not self.path.endswith("/chat/completions"):
                    status, body = standin.metadata("POST", self.path, request)
                    self._send(status, body, {})
                    return
                status, body, headers = standin.handle(request)
                self._send(status, body, headers)

        return Handler

    # -- the dialects' metadata endpoints ------------------------------------------------------

    def metadata(self, method: str, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        b = self.behaviour
        with self.lock:
            self.gets.append(path)
        d = b.dialect
        served = list(b.models)  # none listed: any name is answered
        if method == "GET" and path == "/v1/models":
            owner = {"llama-cpp-python": "me", "llama.cpp": "llamacpp", "ollama": "library"}
            entries: list[dict[str, Any]] = [
                {"id": m, "object": "model", "owned_by": owner.get(d, d)} for m in served
            ]
            if d == "vllm":
                for entry in entries:
                    entry["max_model_len"] = b.context_limit
            return 200, {"object": "list", "data": entries}
        if d == "llama.cpp" and method == "GET" and path == "/props":
            return 200, {
                "total_slots": b.slots,
                "default_generation_settings": {"n_ctx": b.context_limit},
            }
        if d == "ollama" and method == "GET" and path == "/api/version":
            return 200, {"version": "0.6.2"}
        if d == "ollama" and method == "POST" and path == "/api/show":
            if b.models and body.get("model") not in b.models:
                return 404, {"error": f"model '{body.get('model')}' not found"}
            params = f"num_ctx {b.num_ctx}\n" if b.num_ctx else ""
            return 200, {"parameters": params, "model_info": {"llama.context_length": 131072}}
        if d == "llama-cpp-python" and method == "POST" and path == "/extras/tokenize/count":
            return 200, {"count": text_tokens(str(body.get("input", "")), b.per_token)}
        if d == "llama.cpp" and method == "POST" and path == "/tokenize":
            count = text_tokens(str(body.get("content", "")), b.per_token)
            return 200, {"tokens": list(range(count))}
        if d == "vllm" and method == "POST" and path == "/tokenize":
            count = text_tokens(str(body.get("prompt", "")), b.per_token)
            return 200, {"count": count, "max_model_len": b.context_limit, "tokens": []}
        if d == "ollama":
            return 404, {"error": "404 page not found"}
        return 404, {"detail": "Not Found"}

    def _refusal(self, fmt: str, schema: bool) -> tuple[int, dict[str, Any]] | None:
        """The dialect's answer to a response_format it does not take (None: taken)."""
        b = self.behaviour
        if b.dialect == "llama-cpp-python" and fmt == "json_schema":
            return 500, _error(LLAMA_CPP_PYTHON_REFUSAL, None, "internal_server_error")
        if (fmt == "json_schema" and b.refuse_schema) or (fmt == "json_object" and b.refuse_json):
            return 400, _error(f"response_format {fmt} is not supported", None)
        if fmt == "json_object" and schema and b.refuse_schema:
            return 400, _error("response_format.schema: extra inputs are not permitted", None)
        return None

    def _unknown_model(self, model: str) -> tuple[int, dict[str, Any]] | None:
        b = self.behaviour
        if not b.models or model in b.models or b.dialect == "llama-cpp-python":
            return None
        if b.dialect == "vllm":
            message = f"The model `{model}` does not exist."
            return 404, {
                "object": "error",
                "message": message,
                "type": "NotFoundError",
                "code": 404,
            }
        if b.dialect == "ollama":
            message = f'model "{model}" not found, try pulling it first'
            return 404, _error(message, None, "api_error")
        message = f"The model `{model}` does not exist or you do not have access to it."
        return 404, _error(message, "model_not_found")

    def handle(self, request: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        b = self.behaviour
        response_format = request.get("response_format") or {}
        fmt = response_format.get("type", "text")
        if request.get("max_tokens") == 1:  # a probe: answered, never given a failure
            refused = self._unknown_model(str(request.get("model"))) or self._refusal(
                fmt, "schema" in response_format
            )
            status = refused[0] if refused else 200
            with self.lock:
                self.probes.append(
                    (fmt + ("+schema" if "schema" in response_format else ""), status)
                )
            if refused:
                return refused[0], refused[1], {}
            return 200, _completion(request, "{", 5, 1, "length"), {}
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
        missing = self._unknown_model(str(request.get("model")))
        if missing:
            return missing[0], missing[1], {}
        messages = request["messages"]
        max_tokens = int(request.get("max_tokens") or request.get("max_completion_tokens") or 0)
        prompt = count_tokens(messages, b.tokenizer, b.per_token)
        if prompt + max_tokens > b.context_limit:
            with self.lock:
                self.rejected.append((prompt, max_tokens))
            message = (
                f"This model's maximum context length is {b.context_limit} tokens. However, "
                f"you requested {prompt + max_tokens} tokens."
            )
            return 400, _error(message, "context_length_exceeded"), {}
        refused = self._refusal(fmt, "schema" in response_format)
        if refused:
            return refused[0], refused[1], {}
        system = next((m["content"] for m in messages if m["role"] == "system"), "")
        user = next((m["content"] for m in messages if m["role"] == "user"), "")
        stage = "reduce" if "Stage: REDUCE" in user else "map" if "Stage: MAP" in user else "other"
        with self.lock:
            self.requests.append(
                Recorded(
                    stage,
                    prompt,
                    max_tokens,
                    fmt,
                    _ID_LINE.findall(user),
                    user,
                    system,
                    "\n".join(m["content"] for m in messages if m["role"] == "user")[len(user) :],
                )
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
            script = b.scripted.popleft() if b.scripted else None
        finish = "stop"
        if script is not None:
            content = script
            finish = "length" if script.startswith("{") and not script.endswith("}") else "stop"
        elif wrong_shape:
            content = json.dumps({"problem_statement": "x", "agreements": "not a list"})
        elif b.prose_only:
            content = "Here are my thoughts: the group should keep talking. " + EVIL_LINK
        elif fmt == "text":
            content = f"Here is the draft:\n```json\n{content}\n```"
        completion = (
            text_tokens(content, b.per_token)
            if b.tokenizer is None
            else len(encoding(b.tokenizer).encode_ordinary(content))
        )
        with self.lock:
            self.answers.append(content)
        return 200, _completion(request, content, prompt, completion, finish), {}


def _completion(
    request: dict[str, Any], content: str, prompt: int, completion: int, finish: str
) -> dict[str, Any]:
    return {
        "id": "chatcmpl-standin",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "standin"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": finish,
            }
        ],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        },
    }


def _error(message: str, code: str | None, kind: str = "invalid_request_error") -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": None, "code": code}}
