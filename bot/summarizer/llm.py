"""One chat.completions call against any OpenAI-compatible endpoint, made robust.

- The endpoint is probed once (`endpoint.probe`): the strongest structured-output form it
  accepts, its context window, its tokenizer and its slots. A request the server refuses as
  unsupported (a 4xx, or a 500 whose body is a validation error) steps down to the next form
  at once and is never retried as if it were a fault; what was learned is handed to
  `on_learn` so the caller can keep it.
- Retries: tenacity is the one policy (the openai client's own retries are off): 429
  (honouring Retry-After), other 5xx, timeouts and dropped connections, with exponential
  backoff and jitter, a cap on each wait and on the number of attempts.
- Answers are read by `answers.read`: repaired where they can be (truncated JSON, repeats),
  asked once more with a stricter instruction where they cannot, and otherwise reported as
  `BadAnswer` so the caller puts the offline drafter's structure in their place.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import openai
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from bot.domain.wording import plural
from bot.summarizer.answers import Answer, BadAnswer, read
from bot.summarizer.endpoint import Capabilities, EndpointError, ServerTokenizer, probe
from bot.summarizer.output_forms import OutputForm, is_refusal, response_format
from bot.summarizer.tokens import (
    MESSAGE_OVERHEAD,
    TokenCounter,
    counter_for,
    estimate,
    estimate_chat,
)

log = logging.getLogger(__name__)

STRICTER = (
    "Your previous answer could not be used. Answer again with ONE JSON object that follows "
    "the schema exactly: no prose, no repeated items, citations only of ids shown in the data."
)


class LLMError(Exception):
    """The endpoint could not give an answer; the message is fit to show a chair."""


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


def _refused(exc: BaseException) -> bool:
    """The server refused the request as such: stepping down helps, retrying does not."""
    return isinstance(exc, openai.APIStatusError) and is_refusal(
        exc.status_code, f"{exc.message} {exc.body}"
    )


def _is_transient(exc: BaseException) -> bool:
    if _refused(exc):
        return False
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


def _describe(exc: BaseException) -> str:
    if isinstance(exc, openai.RateLimitError):
        return "the LLM service kept answering 429 (rate limited)"
    if isinstance(exc, openai.APITimeoutError):
        return "the LLM service timed out (a slow local model needs a longer WGBOT_LLM_TIMEOUT)"
    if isinstance(exc, openai.APIConnectionError):
        return "the LLM service could not be reached"
    if isinstance(exc, openai.APIStatusError):
        return f"the LLM service kept failing (HTTP {exc.status_code})"
    return f"the LLM call failed ({type(exc).__name__})"


class _Refused(Exception):
    def __init__(self, exc: openai.APIStatusError) -> None:
        super().__init__(exc.message)
        self.exc = exc


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
        capabilities: Capabilities | None = None,
        on_learn: Callable[[Capabilities], None] = lambda _c: None,
        probe_endpoint: bool = True,
    ) -> None:
        self.policy = policy or RetryPolicy()
        self.client = openai.OpenAI(
            api_key=api_key, base_url=base_url, max_retries=0, timeout=self.policy.timeout
        )
        self.api_key = api_key
        self.model = model
        self.endpoint = str(self.client.base_url)
        self.configured_context = context_tokens
        self.requested_output = max_output_tokens
        self.context_tokens = context_tokens
        # The model's own tokenizer when known (bot/summarizer/tokens.py), else an upper bound;
        # a server that counts with the model's own tokenizer replaces it once probed.
        self.tokens: TokenCounter = counter or counter_for(model)
        self.max_output_tokens = min(max_output_tokens, context_tokens // 4)
        self.usage = Usage()
        self.capabilities = capabilities
        self.on_learn = on_learn
        self.probe_endpoint = probe_endpoint
        self._http: httpx.Client | None = None
        self._counts: dict[bytes, int] = {}
        self._lock = threading.Lock()
        if capabilities is not None:
            self._adopt(capabilities)

    # -- what the endpoint can do ----------------------------------------------------------

    def prepare(self) -> Capabilities:
        """Probe the endpoint once (unless known); raises LLMError when it is unusable."""
        if self.capabilities is None:
            if not self.probe_endpoint:
                self._adopt(Capabilities())
            else:
                try:
                    report = probe(
                        self.endpoint, self.api_key, self.model, timeout=self.policy.timeout
                    )
                except EndpointError as exc:
                    raise LLMError(f"the LLM endpoint is not usable: {exc}") from exc
                log.info("probed %s (%s): %s", self.endpoint, self.model, report.capabilities)
                self._adopt(report.capabilities)
                self.on_learn(report.capabilities)
        assert self.capabilities is not None
        return self.capabilities

    def _adopt(self, caps: Capabilities) -> None:
        self.capabilities = caps
        if caps.context_tokens:
            self.context_tokens = min(self.configured_context, caps.context_tokens)
        self.max_output_tokens = min(self.requested_output, self.context_tokens // 4)
        if caps.tokenizer and self._http is None and not self.tokens.exact:
            root = self.endpoint.rstrip("/").removesuffix("/v1")
            headers = {"Authorization": f"Bearer {self.api_key}"}
            self._http = httpx.Client(headers=headers, timeout=self.policy.timeout)
            self.tokens = ServerTokenizer(root + caps.tokenizer, self.model, self._http)

    @property
    def form(self) -> OutputForm:
        return self.capabilities.form if self.capabilities else OutputForm.JSON_SCHEMA

    def concurrency(self, configured: int) -> int:
        return self.capabilities.concurrency(configured) if self.capabilities else configured

    def close(self) -> None:
        if self._http is not None:
            self._http.close()

    # -- token counts ------------------------------------------------------------------------

    def count(self, text: str) -> int:
        """Tokens of `text` for this model (bot/summarizer/tokens.py, or the server's own
        tokenizer). Counts of long texts, and every count the server made, are remembered."""
        remote = self._http is not None
        if len(text) < 2000 and not remote:
            return self.tokens.count(text)
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        with self._lock:
            known = self._counts.get(key)
        if known is None:
            known = self.tokens.count(text)
            with self._lock:
                if len(self._counts) >= 8192:
                    self._counts.clear()
                self._counts[key] = known
        return known

    def count_chat(self, messages: list[dict[str, str]]) -> int:
        return estimate_chat(messages, self)

    @property
    def retry_reserve(self) -> int:
        """Tokens the stricter second ask adds to a request (budgets leave room for it)."""
        return MESSAGE_OVERHEAD + self.count(STRICTER) + estimate("user")

    @property
    def name(self) -> str:  # a TokenCounter itself (estimate_chat counts with it)
        return self.tokens.name

    @property
    def exact(self) -> bool:
        return self.tokens.exact

    # -- public -----------------------------------------------------------------------------

    def complete(self, system: str, user: str, *, max_tokens: int | None = None) -> Answer:
        """One draft from one request. Raises LLMError when the service cannot answer and
        BadAnswer when it answered twice with nothing usable. `max_tokens`: a shorter answer
        than `max_output_tokens` (a map stage's partial)."""
        self.prepare()
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        estimated = self.count_chat(messages)
        answer = min(max_tokens or self.max_output_tokens, self.max_output_tokens)
        if estimated + answer > self.context_tokens:
            raise LLMError(f"a request of {estimated} tokens would not fit the context window")
        first = self._answer(messages, estimated, answer, temperature=0.2)
        try:
            return read(first.text, truncated=first.truncated, system=system, user=user)
        except BadAnswer as bad:
            if estimated + self.retry_reserve + answer > self.context_tokens:
                raise  # no room to ask again: the caller replaces the part
            log.info("unusable answer (%s); asking once more, stricter", bad.reason)
        stricter = [*messages, {"role": "user", "content": STRICTER}]
        second = self._answer(stricter, estimated + self.retry_reserve, answer, temperature=0.0)
        again = read(second.text, truncated=second.truncated, system=system, user=user)
        return Answer(again.body, ["asked again after an unusable answer", *again.repairs])

    # -- internals ---------------------------------------------------------------------------

    def _answer(
        self, messages: list[dict[str, str]], estimated: int, answer: int, *, temperature: float
    ) -> _Raw:
        """The text of one answer in the strongest form the server accepts."""
        while True:
            form = self.form
            try:
                return self._call(messages, form, estimated, answer, temperature)
            except _Refused as refused:
                exc = refused.exc
                if "context" in str(exc.message).lower() or form is OutputForm.TEXT:
                    raise LLMError(f"the LLM service refused the request: {exc.message}") from exc
                log.info("endpoint refused %s output (%s); stepping down", form, exc.message)
                with self._lock:
                    assert self.capabilities is not None
                    self.capabilities = self.capabilities.stepped_down(form)
                    learned = self.capabilities
                self.on_learn(learned)

    def _worth_retrying(self, exc: BaseException) -> bool:
        """Transient faults are retried, except a timeout on a local one-at-a-time server: it
        is still working on the abandoned request, so asking again only queues behind it."""
        caps = self.capabilities
        one_slot = caps is not None and caps.local and caps.concurrency(2) == 1
        if isinstance(exc, openai.APITimeoutError) and one_slot:
            return False
        return _is_transient(exc)

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
        self,
        messages: list[dict[str, str]],
        form: OutputForm,
        estimated: int,
        answer: int,
        temperature: float,
    ) -> _Raw:
        retrying = Retrying(
            retry=retry_if_exception(self._worth_retrying),
            wait=self._wait,
            stop=stop_after_attempt(self.policy.attempts),
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    return self._once(messages, form, estimated, answer, temperature)
        except openai.APIStatusError as exc:
            if _refused(exc):
                raise _Refused(exc) from exc
            raise LLMError(
                f"{_describe(exc)} after {self._tries(retrying)}; no draft was stored. "
                "Try again later."
            ) from exc
        except openai.OpenAIError as exc:
            raise LLMError(
                f"{_describe(exc)} after {self._tries(retrying)}; no draft was stored. "
                "Try again later."
            ) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _tries(retrying: Retrying) -> str:
        return plural(int(retrying.statistics.get("attempt_number", 1)), "attempt")

    def _once(
        self,
        messages: list[dict[str, str]],
        form: OutputForm,
        estimated: int,
        answer: int,
        temperature: float,
    ) -> _Raw:
        kwargs: dict[str, Any] = {}
        fmt = response_format(form, compact=bool(self.capabilities and self.capabilities.local))
        if fmt is not None:
            kwargs["response_format"] = fmt
        try:
            response = self.client.chat.completions.create(
                model=self.model,
                messages=messages,  # type: ignore[arg-type]
                max_tokens=answer,
                temperature=temperature,
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
        choice = response.choices[0] if response.choices else None
        text = (choice.message.content or "") if choice else ""
        return _Raw(text, truncated=bool(choice and choice.finish_reason == "length"))


@dataclass(frozen=True)
class _Raw:
    text: str
    truncated: bool
