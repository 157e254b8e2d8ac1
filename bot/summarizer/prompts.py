"""Prompt templates from the `prompts` package (files, reviewable like code)."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load(name: str) -> str:
    return resources.files("prompts").joinpath(name).read_text(encoding="utf-8")


def render(name: str, **values: str) -> str:
    """`{{key}}` placeholders; plain replace, so braces in the text need no escaping."""
    text = load(name)
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return text
