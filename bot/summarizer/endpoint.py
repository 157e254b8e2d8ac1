"""What an OpenAI-compatible endpoint can do, found out once instead of assumed.

Servers differ: OpenAI and vLLM take `response_format: json_schema`; llama-cpp-python refuses
it (HTTP 500 with a validation error) but takes `{"type": "json_object", "schema": …}` and
enforces the schema by grammar; some take only plain JSON mode, some nothing. Context windows
and tokenizers are published in server-specific places (llama.cpp `/props` and `/tokenize`,
llama-cpp-python `/extras/tokenize/count`, vLLM `/v1/models` and `/tokenize`, Ollama
`/api/show`, LM Studio `/api/v0/models`). `probe` asks each cheaply (the form test is one tiny
request per form, `max_tokens` 1) and returns `Capabilities`, which the caller keeps per
endpoint and model so the next run (and a restart) does not ask again.
"""

from __future__ import annotations

import ipaddress
import json
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

import httpx

from bot.summarizer.output_forms import FORMS, OutputForm, is_refusal, response_format


@dataclass(frozen=True)
class Capabilities:
    """What was learned about one endpoint and model (stored as JSON-able fields)."""

    server: str = "unknown"  # llama.cpp, llama-cpp-python, ollama, vllm, lmstudio, openai, …
    form: OutputForm = OutputForm.JSON_SCHEMA
    context_tokens: int | None = None  # the window the server runs with, when it says
    tokenizer: str | None = None  # the server's token-count path, when it offers one
    slots: int | None = None  # requests the server serves at once, when it says
    local: bool = False  # a server on this machine or a private network
    models: tuple[str, ...] = ()  # what /v1/models lists
    notes: tuple[str, ...] = field(default=())

    def to_json(self) -> str:
        data = asdict(self)
        data["form"] = self.form.value
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Capabilities:
        data = json.loads(text)
        return cls(
            server=str(data.get("server", "unknown")),
            form=OutputForm(data.get("form", OutputForm.JSON_SCHEMA.value)),
            context_tokens=data.get("context_tokens"),
            tokenizer=data.get("tokenizer"),
            slots=data.get("slots"),
            local=bool(data.get("local", False)),
            models=tuple(data.get("models", ())),
            notes=tuple(data.get("notes", ())),
        )

    def concurrency(self, configured: int) -> int:
        """Requests in flight at once: never more than the server serves; one for a local
        server that does not say (llama-cpp-python, Ollama's default, LM Studio)."""
        if self.slots:
            return max(1, min(configured, self.slots))
        one_at_a_time = ("unknown", "llama-cpp-python", "ollama", "lmstudio")
        return 1 if self.local and self.server in one_at_a_time else configured

    def stepped_down(self, form: OutputForm) -> Capabilities:
        """After `form` was refused: the next weaker one."""
        index = FORMS.index(form)
        weaker = FORMS[min(index + 1, len(FORMS) - 1)]
        return replace(self, form=weaker) if FORMS.index(self.form) <= index else self


class EndpointError(Exception):
    """The endpoint cannot be used at all; the message is one line fit for a chair."""


@dataclass
class ProbeReport:
    """What `probe` found, with the refusals it saw (for `wgbot llm check`)."""

    capabilities: Capabilities
    refused: list[tuple[OutputForm, str]] = field(default_factory=list)
    model_listed: bool | None = None  # None: the server lists no models
    seconds: float = 0.0


def server_root(base_url: str) -> str:
    """The server's root: the base URL without its trailing `/v1`."""
    root = base_url.rstrip("/")
    return root[: -len("/v1")] if root.endswith("/v1") else root


def is_local(base_url: str) -> bool:
    host = urlsplit(base_url).hostname or ""
    if host in ("localhost", "host.docker.internal") or host.endswith((".local", ".internal")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_link_local


def _error_text(response: httpx.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return " ".join(response.text.split())[:300]
    error = data.get("error", data) if isinstance(data, dict) else data
    if isinstance(error, dict):
        error = error.get("message") or error.get("detail") or json.dumps(error)
    return " ".join(str(error).split())[:300]  # one line, for `wgbot llm check`


class Prober:
    """Talks to one endpoint with plain HTTP (the probes are not chat completions)."""

    def __init__(self, base_url: str, api_key: str, model: str, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.root = server_root(self.base_url)
        self.model = model
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.http = httpx.Client(headers=headers, timeout=timeout)

    def close(self) -> None:
        self.http.close()

    def _get(self, url: str) -> Any | None:
        return self._json(lambda: self.http.get(url))

    def _post(self, url: str, body: dict[str, Any]) -> Any | None:
        return self._json(lambda: self.http.post(url, json=body))

    @staticmethod
    def _json(send: Callable[[], httpx.Response]) -> Any | None:
        """A probe's answer as JSON, or None when the server does not offer it."""
        try:
            response = send()
        except httpx.HTTPError:
            return None
        if response.status_code != 200:
            return None
        try:
            return response.json()
        except ValueError:
            return None

    # -- the probes ----------------------------------------------------------------------------

    def models(self) -> tuple[list[str], list[dict[str, Any]]]:
        """Model ids the server lists and their raw entries; raises EndpointError when
        nothing (or nothing OpenAI-like) answers."""
        try:
            response = self.http.get(f"{self.base_url}/models")
        except httpx.ConnectError as exc:
            raise EndpointError(f"unreachable: nothing answers at {self.base_url} ({exc})") from exc
        except httpx.TimeoutException as exc:
            raise EndpointError(f"unreachable: {self.base_url} did not answer in time") from exc
        except httpx.HTTPError as exc:
            raise EndpointError(f"unreachable: {self.base_url}: {exc}") from exc
        if response.status_code in (401, 403):
            raise EndpointError(
                f"refused: {self.base_url} rejected the API key (HTTP {response.status_code}); "
                "check OPENAI_API_KEY"
            )
        if response.status_code != 200:
            return [], []
        try:
            data = response.json()
        except ValueError:
            return [], []
        entries = [e for e in (data.get("data") or []) if isinstance(e, dict)]
        return [str(e.get("id", "")) for e in entries], entries

    def llama_cpp_props(self) -> dict[str, Any] | None:
        props = self._get(f"{self.root}/props")
        return props if isinstance(props, dict) and "total_slots" in props else None

    def ollama_show(self) -> dict[str, Any] | None:
        if self._get(f"{self.root}/api/version") is None:
            return None
        shown = self._post(f"{self.root}/api/show", {"model": self.model})
        return shown if isinstance(shown, dict) else {}

    def lmstudio_model(self) -> dict[str, Any] | None:
        data = self._get(f"{self.root}/api/v0/models/{self.model}")
        return data if isinstance(data, dict) and "max_context_length" in data else None

    def tokenizer(self, server: str) -> str | None:
        """The path of a token counter this server offers, checked with one call."""
        candidates = {
            "llama-cpp-python": "/extras/tokenize/count",
            "llama.cpp": "/tokenize",
            "vllm": "/tokenize",
        }
        path = candidates.get(server)
        if path is None:
            return None
        counter = ServerTokenizer(self.root + path, self.model, self.http)
        return path if counter.count_or_none("hello world") else None

    def form_accepted(self, form: OutputForm) -> tuple[bool, str]:
        """One tiny request with this form's response_format: accepted, or why not."""
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": "user", "content": "Reply with {}."}],
            "max_tokens": 1,
            "temperature": 0,
        }
        fmt = response_format(form, compact=is_local(self.base_url))
        if fmt is not None:
            body["response_format"] = fmt
        try:
            response = self.http.post(f"{self.base_url}/chat/completions", json=body)
        except httpx.HTTPError as exc:
            raise EndpointError(f"unreachable: {self.base_url} failed mid-probe ({exc})") from exc
        if response.status_code == 200:
            return True, ""
        reason = _error_text(response)
        if response.status_code == 404 or "does not exist" in reason or "not found" in reason:
            raise EndpointError(f"wrong model: the server has no model {self.model!r} ({reason})")
        if response.status_code in (401, 403):
            raise EndpointError(f"refused: the API key was rejected ({reason})")
        if is_refusal(response.status_code, reason):
            return False, f"HTTP {response.status_code}: {reason}"
        raise EndpointError(f"failing: HTTP {response.status_code} on a tiny request ({reason})")


class ServerTokenizer:
    """Counts tokens with the server's own tokenizer (llama.cpp, llama-cpp-python, vLLM): a
    `tokens.TokenCounter`. A standalone count includes the start token, so it is never below
    the count inside a request; a failed call falls back to the byte bound."""

    exact = True

    def __init__(self, url: str, model: str, http: httpx.Client) -> None:
        self.url = url
        self.model = model
        self.http = http
        self.name = f"the server tokenizer at {url}"

    def count(self, text: str) -> int:
        if not text:
            return 0
        counted = self.count_or_none(text)
        return len(text.encode("utf-8")) if counted is None else counted + 1

    def _body(self, text: str) -> dict[str, Any]:
        if self.url.endswith("/extras/tokenize/count"):
            return {"input": text, "model": self.model}
        # llama.cpp reads `content`, vLLM reads `prompt` (and the model).
        return {"content": text, "prompt": text, "model": self.model}

    def count_or_none(self, text: str) -> int | None:
        try:
            response = self.http.post(self.url, json=self._body(text))
        except httpx.HTTPError:
            return None
        if response.status_code != 200:
            return None
        try:
            data = response.json()
        except ValueError:
            return None
        if isinstance(data.get("count"), int):
            return int(data["count"])
        tokens = data.get("tokens")
        return len(tokens) if isinstance(tokens, list) else None


def _server_of(entries: list[dict[str, Any]]) -> str:
    owners = {str(e.get("owned_by", "")).lower() for e in entries}
    if "vllm" in owners:
        return "vllm"
    if "llamacpp" in owners:
        return "llama.cpp"
    if "me" in owners:  # llama-cpp-python's /v1/models says owned_by "me"
        return "llama-cpp-python"
    if owners & {"openai", "system", "openai-internal"}:
        return "openai"
    if "library" in owners:  # Ollama's OpenAI-compatible listing
        return "ollama"
    return "unknown"


def _ollama_context(shown: dict[str, Any]) -> int | None:
    """The window Ollama runs the model with: `num_ctx` when the model sets it. The model's
    trained length is no guide (Ollama runs with its own smaller default)."""
    params = str(shown.get("parameters", ""))
    match = re.search(r"^num_ctx\s+(\d+)", params, re.MULTILINE)
    return int(match.group(1)) if match else None


def probe(base_url: str, api_key: str, model: str, *, timeout: float = 30.0) -> ProbeReport:
    """Find what the endpoint supports; raises EndpointError with a one-line verdict when it
    cannot be used (unreachable, key refused, model unknown)."""
    started = time.monotonic()
    prober = Prober(base_url, api_key, model, timeout)
    try:
        ids, entries = prober.models()
        server = _server_of(entries)
        listed: bool | None = (model in ids) if ids else None
        context: int | None = None
        slots: int | None = None
        notes: list[str] = []
        props = prober.llama_cpp_props()
        if props is not None:
            server = "llama.cpp"
            settings = props.get("default_generation_settings") or {}
            context = settings.get("n_ctx") or None
            slots = props.get("total_slots") or None
        elif server == "vllm":
            mine = next((e for e in entries if e.get("id") == model), None)
            context = (mine or {}).get("max_model_len")
        elif server in ("unknown", "ollama") and (shown := prober.ollama_show()) is not None:
            server = "ollama"
            context = _ollama_context(shown)
            if context is None:
                notes.append(
                    "Ollama runs this model with its default window and cuts longer prompts "
                    "silently: set num_ctx (or OLLAMA_CONTEXT_LENGTH) and "
                    "WGBOT_LLM_CONTEXT_TOKENS to the same value"
                )
        elif server == "unknown" and (lm := prober.lmstudio_model()) is not None:
            server = "lmstudio"
            context = lm.get("loaded_context_length") or lm.get("max_context_length")
        if listed is False and server == "llama-cpp-python":
            raise EndpointError(
                f"wrong model: {model!r} is not served here (it serves {', '.join(ids)}); "
                "llama-cpp-python would answer with its default model instead"
            )
        if listed is False and server in ("vllm", "llama.cpp", "openai", "lmstudio"):
            raise EndpointError(
                f"wrong model: {model!r} is not served here (it serves {', '.join(ids[:8])})"
            )
        refused: list[tuple[OutputForm, str]] = []
        form = OutputForm.TEXT
        for candidate in FORMS:
            ok, why = prober.form_accepted(candidate)
            if ok:
                form = candidate
                break
            refused.append((candidate, why))
        caps = Capabilities(
            server=server,
            form=form,
            context_tokens=int(context) if context else None,
            tokenizer=prober.tokenizer(server),
            slots=int(slots) if slots else None,
            local=is_local(base_url),
            models=tuple(ids[:20]),
            notes=tuple(notes),
        )
        return ProbeReport(caps, refused, listed, time.monotonic() - started)
    finally:
        prober.close()
