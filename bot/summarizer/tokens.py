"""Token estimation that works offline and never under-counts.

OpenAI's tokenizers (cl100k, o200k) are byte-level BPE: every token stands for at least one
byte of UTF-8, so a text's byte length is an upper bound on its token count for them (and
for other byte-level BPE models). tiktoken would be tighter but downloads its encodings at
run time, so it is not used. The price is budget: English text runs about four bytes a
token, so chunks are smaller than they could be (the benchmark shows the ratio).
"""

from __future__ import annotations

# Chat formatting adds a few tokens per message (role, separators); counted generously.
MESSAGE_OVERHEAD = 8
REQUEST_OVERHEAD = 16


def estimate(text: str) -> int:
    """An upper bound on the tokens of `text` for byte-level BPE tokenizers."""
    return len(text.encode("utf-8"))


def estimate_chat(messages: list[dict[str, str]]) -> int:
    """An upper bound on the prompt tokens of a chat.completions request."""
    return REQUEST_OVERHEAD + sum(
        MESSAGE_OVERHEAD + estimate(m.get("content", "")) + estimate(m.get("role", ""))
        for m in messages
    )
