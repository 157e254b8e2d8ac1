"""One chat.completions call against any OpenAI-compatible endpoint, made robust.

- Output: structured (json_schema) first; a server that refuses it gets JSON mode, then plain
  text; the answer is validated with pydantic; text that is not valid JSON still becomes a
  draft (its prose as the problem statement) instead of a crash.
- Retries: tenacity is the one policy (the openai client's own retries are off): 429
  (honouring Retry-After), 5xx, timeouts and dropped connections, with exponential backoff and
  jitter, a cap on each wait and on the number of attempts.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import openai
from pydantic import ValidationError
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from bot.summarizer.schema import DraftBody
from bot.summarizer.tokens import TokenCounter, counter_for, estimate_chat

log = logging.getLogger(__name__)


class LLMError(Exception):
    """The endpoint could not give an answer; the message is fit to show a chair."""


class OutputMode(StrEnum):
    SCHEMA = "json_schema"
    JSON = "json_object"
    TEXT = "text"


MODES = (OutputMode.SCHEMA, OutputMode.JSON, OutputMode.TEXT)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    initial_wait: float = 1.0
    max_wait: float = 30.0  # also caps a server's Retry-After
    timeout: float = 120.0  # seconds per request


@dataclass
class Usage:
    """What was sent, for the footer, the audit log and the benchmark (thread-safe)."""

    calls: int = 0
    failed_calls: int = 0
    prompt_tokens: int = 0  # as the server reports them (our estimate when it does not)
    completion_tokens: int = 0
    estimated_sent: int = 0  # our upper-bound estimate of every prompt sent
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, *, prompt: int, completion: int, estimated: int, ok: bool) -> None:
        with self._lock:
            self.calls += 1
            self.failed_calls += 0 if ok else 1
            self.prompt_tokens += prompt
            self.completion_tokens += completion
            self.estimated_sent += estimated


def _is_transient(exc: BaseException) -> bool:
    return isinstance(
        exc,
        openai.RateLimitError
        | openai.InternalServerError
        | openai.APITimeoutError
        | openai.APIConnectionError,
    ) or (isinstance(exc, openai.APIStatusError) and exc.status_code >= 500)


def _retry_after(exc: BaseException | None) -> float | None:
    if not isinstance(exc, openai.APIStatusError):
        return None
    raw = exc.response.headers.get("retry-after")
    try:
        return max(0.0, float(raw)) if raw is not None else None
    except ValueError:
        return None


_JSON_BLOCK = re.compile(r"\{.*\}", re.DOTALL)


def parse_body(text: str) -> DraftBody:
    """The JSON object in an answer (bare, or inside prose or a ``` fence), validated."""
    match = _JSON_BLOCK.search(text)
    if match is None:
        raise ValueError("no JSON object in the answer")
    return DraftBody.model_validate(json.loads(match.group(0)))


def _describe(exc: BaseException) -> str:
    if isinstance(exc, openai.RateLimitError):
        return "the LLM service kept answering 429 (rate limited)"
    if isinstance(exc, openai.APITimeoutError):
        return "the LLM service kept timing out"
    if isinstance(exc, openai.APIConnectionError):
        return "the LLM service could not be reached"
    if isinstance(exc, openai.APIStatusError):
        return f"the LLM service kept failing (HTTP {exc.status_code})"
    return f"the LLM call failed ({type(exc).__name__})"


class LLMClient:
    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | None,
        model: str,
        context_tokens: int,
        policy: RetryPolicy | None = None,
        max_output_tokens: int = 4000,
        counter: TokenCounter | None = None,
    ) -> None:
        self.policy = policy or RetryPolicy()
        self.client = openai.OpenAI(
            api_key=api_key, base_url=base_url, max_retries=0, timeout=self.policy.timeout
        )
        self.model = model
        self.endpoint = str(self.client.base_url)
        self.context_tokens = context_tokens
        # The model's own tokenizer when known (bot/summarizer/tokens.py), else an upper bound.
        self.tokens = counter or counter_for(model)
        # Leave most of the window for input; a quarter at most for the answer.
        self.max_output_tokens = min(max_output_tokens, context_tokens // 4)
        self.usage = Usage()
        self._mode_floor = 0  # index into MODES: modes the server refused are skipped
        self._lock = threading.Lock()
        self._counts: dict[bytes, int] = {}

    # -- public -----------------------------------------------------------------------------

    def count(self, text: str) -> int:
        """Tokens of `text` for this model (bot/summarizer/tokens.py). Whole requests are
        counted when packed and again before sending: long texts' counts are remembered."""
        if len(text) < 2000:
            return self.tokens.count(text)
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        with self._lock:
            known = self._counts.get(key)
        if known is None:
            known = self.tokens.count(text)
            with self._lock:
                if len(self._counts) >= 1024:
                    self._counts.clear()
                self._counts[key] = known
        return known

    def count_chat(self, messages: list[dict[str, str]]) -> int:
        return estimate_chat(messages, self.tokens)

    def complete(self, system: str, user: str, *, max_tokens: int | None = None) -> DraftBody:
        """One draft from one request; raises LLMError when the service cannot answer.
        `max_tokens`: a shorter answer than `max_output_tokens` (a map stage's partial)."""
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        estimated = self.count_chat(messages)
        answer = min(max_tokens or self.max_output_tokens, self.max_output_tokens)
        if estimated + answer > self.context_tokens:
            raise LLMError(f"a request of {estimated} tokens would not fit the context window")
        index = self._mode_floor
        last_text = ""
        while index < len(MODES):
            mode = MODES[index]
            try:
                last_text = self._call(messages, mode, estimated, answer)
            except openai.BadRequestError as exc:
                if mode is OutputMode.TEXT or "context" in str(exc).lower():
                    raise LLMError(f"the LLM service refused the request: {exc.message}") from exc
                log.info("endpoint refused %s output (%s); falling back", mode, exc.message)
                with self._lock:
                    self._mode_floor = max(self._mode_floor, index + 1)
                index += 1
                continue
            try:
                return parse_body(last_text)
            except (ValueError, ValidationError) as exc:
                log.info("%s answer did not validate (%s); trying the next mode", mode, exc)
                index += 1
        return _prose_body(last_text)

    # -- internals ---------------------------------------------------------------------------

    def _response_format(self, mode: OutputMode) -> dict[str, Any] | None:
        if mode is OutputMode.SCHEMA:
            return {
                "type": "json_schema",
                "json_schema": {"name": "draft", "schema": DraftBody.model_json_schema()},
            }
        if mode is OutputMode.JSON:
            return {"type": "json_object"}
        return None

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        after = _retry_after(exc) if isinstance(exc, openai.RateLimitError) else None
        if after is not None:
            return min(after, self.policy.max_wait)
        initial = self.policy.initial_wait
        backoff = wait_exponential_jitter(
            multiplier=initial, jitter=initial, max=self.policy.max_wait
        )
        return float(backoff(state))

    def _call(
        self, messages: list[dict[str, str]], mode: OutputMode, estimated: int, answer: int
    ) -> str:
        retrying = Retrying(
            retry=retry_if_exception(_is_transient),
            wait=self._wait,
            stop=stop_after_attempt(self.policy.attempts),
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    return self._once(messages, mode, estimated, answer)
        except openai.BadRequestError:
            raise
        except openai.OpenAIError as exc:
            raise LLMError(
                f"{_describe(exc)} after {self.policy.attempts} attempts; no draft was stored. "
                "Try again later."
            ) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(
        self, messages: list[dict[str, str]], mode: OutputMode, estimated: int, answer: int
    ) -> str:
        kwargs: dict[str, Any] = {}
        response_format = self._response_format(mode)
        if response_format is not None:
            kwargs["response_format"] = response_format
        try:
            response = self.client.chat.completions.create(
                model=self.model,
                messages=messages,  # type: ignore[arg-type]
                max_tokens=answer,
                temperature=0.2,
                **kwargs,
            )
        except openai.OpenAIError:
            self.usage.add(prompt=0, completion=0, estimated=estimated, ok=False)
            raise
        usage = response.usage
        self.usage.add(
            prompt=usage.prompt_tokens if usage else estimated,
            completion=usage.completion_tokens if usage else 0,
            estimated=estimated,
            ok=True,
        )
        return response.choices[0].message.content or ""


def _prose_body(text: str) -> DraftBody:
    """Last resort: the model's prose, whole, as the problem statement (structure kept)."""
    prose = re.sub(r"\s+", " ", text).strip() or "The model gave no usable answer."
    return DraftBody(problem_statement=prose[:4000])
