"""Small wording helpers shared by every reply, so counts and people read as English everywhere.

A reply speaks to the person who typed the command as "you", never by their own name (which
may be "you" itself on the console: "you, you are now listed" read badly); anyone else is
`@name`. The platforms show others who typed the command.
"""

from __future__ import annotations


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`plural(1, "message")` → "1 message"; `plural(3, "message")` → "3 messages"."""
    word = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count} {word}"


YOU = "You"


def person(name: str, *, self_: bool) -> str:
    """The subject of a sentence about someone: "You" for the person who typed, else `@name`."""
    return YOU if self_ else f"@{name}"


def verb(subject: str, base: str) -> str:
    """`@ana chairs`, `You chair`: the verb agreeing with `person`'s subject."""
    return base if subject == YOU else f"{base}s"
