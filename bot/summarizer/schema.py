"""The draft's structure: what the LLM must return (validated by pydantic) and what the
offline drafter produces, so both render the same way."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

MAX_ITEMS = 12


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Point(_Strict):
    text: str = Field(max_length=2000)
    citations: list[str] = Field(default_factory=list, max_length=20)


class View(_Strict):
    stakeholder_groups: list[str] = Field(default_factory=list, max_length=10)
    position: str = Field(max_length=2000)
    citations: list[str] = Field(default_factory=list, max_length=20)


class Disagreement(_Strict):
    topic: str = Field(max_length=500)
    views: list[View] = Field(default_factory=list, max_length=6)


class Recommendation(_Strict):
    text: str = Field(max_length=2000)
    rationale: str = Field(max_length=2000)
    citations: list[str] = Field(default_factory=list, max_length=20)


class DraftBody(_Strict):
    """The part of a draft a model writes. Citations are the short ids (`m12`) the bot
    gave the messages; the bot maps them to permalinks afterwards."""

    problem_statement: str = Field(max_length=4000)
    agreements: list[Point] = Field(default_factory=list, max_length=MAX_ITEMS)
    disagreements: list[Disagreement] = Field(default_factory=list, max_length=MAX_ITEMS)
    recommendations: list[Recommendation] = Field(default_factory=list, max_length=MAX_ITEMS)
    open_questions: list[Point] = Field(default_factory=list, max_length=MAX_ITEMS)
    next_steps: list[Point] = Field(default_factory=list, max_length=MAX_ITEMS)


def empty_body(statement: str = "") -> DraftBody:
    return DraftBody(problem_statement=statement)
