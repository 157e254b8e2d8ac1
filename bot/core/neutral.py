"""Neutral text: what front ends hand the core and what commands hand back.

Neutral text is plain Unicode. Its only markup is a person mention token, `<@ID|name>`, which
front ends produce from a real platform mention (Slack `<@U1|ana>`, Discord `<@123>`) so that
the core's USER parameters get an identity; everywhere else (free text that is stored and
shown again) the token reads `@name`. Replies are neutral text too (with `code` spans): each
front end escapes all of it for its platform, so nothing a user typed is ever live there.

This module is the one place that says what a mention is: the token, a bare `@name` (a person
on the console), and the broadcast words that are never a person.
"""

from __future__ import annotations

import re

# The words Slack and Discord broadcast to a whole channel or server: never a person.
BROADCAST_WORDS = ("channel", "here", "everyone")
# `@channel`, `@here`, `@everyone` inside any text (front ends defuse them on the way out).
BROADCAST = re.compile(r"@(" + "|".join(BROADCAST_WORDS) + r")\b", re.IGNORECASE)
# A mention token; `!` is Discord's old nickname form, which front ends may pass through.
# MENTION_SPAN is the same without groups, for tokenisers that embed it.
MENTION_SPAN = r"<@!?[A-Za-z0-9_.-]+(?:\|[^<>|]*)?>"
MENTION = re.compile(r"<@!?([A-Za-z0-9_.-]+)(?:\|([^<>|]*))?>")
# A bare `@name`: a person where people are plain names (the console, email).
AT_NAME = re.compile(r"@([A-Za-z0-9_.-]{1,80})")


def mention_token(user_id: str, name: str = "") -> str:
    """A structured mention of a person, safe to put in command text."""
    name = re.sub(r"[<>|]", "", name).strip()
    return f"<@{user_id}|{name}>" if name else f"<@{user_id}>"


def is_broadcast(word: str) -> bool:
    return word.lower() in BROADCAST_WORDS


def mentioned(text: str) -> tuple[str, str] | None:
    """(id, name) when the whole text is one mention token of a person; name may be ""."""
    match = MENTION.fullmatch(text.strip())
    if match is None or is_broadcast(match.group(1)):
        return None
    return match.group(1), (match.group(2) or "").strip()


def at_name(text: str) -> str | None:
    """The name when the whole text is a bare `@name` (not a broadcast word)."""
    match = AT_NAME.fullmatch(text.strip())
    if match is None or is_broadcast(match.group(1)):
        return None
    return match.group(1)


def is_person(text: str) -> bool:
    """A mention token or a bare `@name`: text that names one person."""
    return mentioned(text) is not None or at_name(text) is not None


def mentions_as_names(text: str) -> str:
    """Free text keeps the person's name, not the token: `thanks <@U1|ana>` → `thanks @ana`."""
    return MENTION.sub(lambda m: "@" + (m.group(2) or m.group(1)), text)
