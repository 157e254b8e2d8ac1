"""Slash-command text as Slack sends it with `should_escape: true` (mentions as <@U…|name>,
which the core parses) made plain for everything else: links unwrapped, entities decoded."""

from __future__ import annotations

import re

_LINK = re.compile(r"<((?:https?|mailto):[^>|]+)(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#([A-Z0-9]+)(?:\|([^>]*))?>")


def command_text(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    text = _CHANNEL.sub(lambda m: "#" + (m.group(2) or m.group(1)), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
