"""Small wording helpers shared by every reply, so counts read as English everywhere."""

from __future__ import annotations


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`plural(1, "message")` → "1 message"; `plural(3, "message")` → "3 messages"."""
    word = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count} {word}"
