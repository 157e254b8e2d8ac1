"""The draft's structure: what the LLM must return (validated by pydantic) and what the
offline drafter produces, so both render the same way.

Validation is strict about shape (types, required keys) and lenient about size: over-long
lists and texts are cut rather than rejected, unknown keys ignored, numeric citations read as
ids, so one chatty answer does not throw a whole draft away.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_ITEMS = 12
# What stands in a draft where the model repeated its instructions (bot/summarizer/citations.py).
REMOVED = "[removed: the model repeated its instructions]"
MAX_CITATIONS = 20
MAX_TEXT = 2000


def _cut(value: Any, limit: int = MAX_TEXT) -> Any:
    return value[:limit] if isinstance(value, str) else value


def _ids(value: Any) -> Any:
    if isinstance(value, list):
        return [f"m{v}" if isinstance(v, int) else v for v in value[:MAX_CITATIONS]]
    return value


def _items(value: Any) -> Any:
    return value[:MAX_ITEMS] if isinstance(value, list) else value


class _Part(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Point(_Part):
    text: str
    citations: list[str] = Field(default_factory=list)

    _text = field_validator("text", mode="before")(_cut)
    _citations = field_validator("citations", mode="before")(_ids)


class View(_Part):
    stakeholder_groups: list[str] = Field(default_factory=list)
    position: str
    citations: list[str] = Field(default_factory=list)

    _text = field_validator("position", mode="before")(_cut)
    _groups = field_validator("stakeholder_groups", mode="before")(_items)
    _citations = field_validator("citations", mode="before")(_ids)


class Disagreement(_Part):
    topic: str
    views: list[View] = Field(default_factory=list)

    _text = field_validator("topic", mode="before")(_cut)
    _views = field_validator("views", mode="before")(_items)


class Recommendation(_Part):
    text: str
    rationale: str = ""
    citations: list[str] = Field(default_factory=list)

    _text = field_validator("text", "rationale", mode="before")(_cut)
    _citations = field_validator("citations", mode="before")(_ids)


class DraftBody(_Part):
    """The part of a draft a model writes. Citations are the short ids (`m12`) the bot
    gave the messages; the bot maps them to permalinks afterwards."""

    problem_statement: str
    agreements: list[Point] = Field(default_factory=list)
    disagreements: list[Disagreement] = Field(default_factory=list)
    recommendations: list[Recommendation] = Field(default_factory=list)
    open_questions: list[Point] = Field(default_factory=list)
    next_steps: list[Point] = Field(default_factory=list)

    _statement = field_validator("problem_statement", mode="before")(
        lambda v: _cut(v, 2 * MAX_TEXT)
    )
    _lists = field_validator(
        "agreements",
        "disagreements",
        "recommendations",
        "open_questions",
        "next_steps",
        mode="before",
    )(_items)
