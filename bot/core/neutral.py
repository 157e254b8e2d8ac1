"""Neutral text: what front ends hand the core and what commands hand back.

Neutral text is plain Unicode. Its only markup is a person mention token, `<@ID|name>`, which
front ends produce from a real platform mention (Slack `<@U1|ana>`, Discord `<@123>`) so that
the core's USER parameters get an identity; everywhere else (free text that is stored and
shown again) the token reads `@name`. Replies are neutral text too (with `code` spans): each
front end escapes all of it for its platform, so nothing a user typed is ever live there.
"""

from __future__ import annotations

import re

# As the core's USER parser reads it (bot/core/params.py).
_TOKEN = re.compile(r"<@!?([A-Za-z0-9_.-]+)(?:\|([^<>|]*))?>")


def mention_token(user_id: str, name: str = "") -> str:
    """A structured mention of a person, safe to put in command text."""
    name = re.sub(r"[<>|]", "", name).strip()
    return f"<@{user_id}|{name}>" if name else f"<@{user_id}>"


def mentions_as_names(text: str) -> str:
    """Free text keeps the person's name, not the token: `thanks <@U1|ana>` → `thanks @ana`."""
    return _TOKEN.sub(lambda m: "@" + (m.group(2) or m.group(1)), text)
