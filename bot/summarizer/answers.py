"""Reading a model's answer, the way small local models actually answer.

A 135M model on a CPU answers with JSON cut off at max_tokens, the same point ten times,
points as bare strings, a prompt echoed back, prose, or nothing. `read` turns what can be
saved into a valid `DraftBody` (each repair named, so the draft can say so) and raises
`BadAnswer` for what cannot; the caller then asks once more, stricter, and after that puts
the offline drafter's structure in the part's place. Citations and leaks are checked later,
for every answer alike (`citations.Guard`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import json_repair
from pydantic import ValidationError

from bot.domain.draft_schema import DraftBody
from bot.summarizer.citations import normalise

LISTS = ("agreements", "disagreements", "recommendations", "open_questions", "next_steps")
_MESSAGE_LINE = re.compile(r"\[m\d+\] \d{4}-\d\d-\d\d \d\d:\d\d")
_ECHO_MARKS = ("Stage: MAP", "Stage: REDUCE", "<<<DISCUSSION-", "<<<PARTIALS-", "[group name]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


class BadAnswer(Exception):
    """The answer holds no usable draft; `prose` is its text when it was sensible prose."""

    def __init__(self, reason: str, prose: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.prose = prose


@dataclass(frozen=True)
class Answer:
    body: DraftBody
    repairs: list[str] = field(default_factory=list)


def _echoes(text: str, system: str, user: str) -> bool:
    """The answer repeats the prompt (its markers, or several message lines of the data)."""
    if any(mark in text for mark in _ECHO_MARKS if mark in user or mark in system):
        return True
    return len(_MESSAGE_LINE.findall(text)) >= 2


def _json_of(text: str) -> tuple[Any, bool]:
    """The JSON value in the answer and whether it had to be repaired (cut off, stray
    commas, single quotes, a fence around it)."""
    start = text.find("{")
    if start < 0:
        return None, False
    end = text.rfind("}")
    if end > start:
        try:
            return json.loads(text[start : end + 1]), False
        except ValueError:
            pass
    repaired = json_repair.loads(text[start:])
    return (repaired if repaired not in ("", None) else None), True


def _as_point(item: Any) -> Any:
    """Small models write points as bare strings; the schema wants objects."""
    if isinstance(item, str):
        return {"text": item}
    return item


def _as_recommendation(item: Any) -> Any:
    if isinstance(item, str):
        return {"text": item}
    return item


def _coerce(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    statement = out.get("problem_statement")
    if not isinstance(statement, str):
        for alias in ("problem", "summary", "statement"):
            if isinstance(out.get(alias), str):
                statement = out[alias]
                break
    out["problem_statement"] = statement if isinstance(statement, str) else ""
    for name in LISTS:
        value = out.get(name)
        if value is None:
            out[name] = []
        elif not isinstance(value, list):
            out[name] = [value]
    out["agreements"] = [_as_point(i) for i in out["agreements"]]
    out["open_questions"] = [_as_point(i) for i in out["open_questions"]]
    out["next_steps"] = [_as_point(i) for i in out["next_steps"]]
    out["recommendations"] = [_as_recommendation(i) for i in out["recommendations"]]
    out["disagreements"] = [
        {"topic": i, "views": []} if isinstance(i, str) else i for i in out["disagreements"]
    ]
    return out


def _once_each(text: str) -> str:
    """A text whose sentences repeat (a model in a loop) keeps each sentence once."""
    seen: set[str] = set()
    kept = []
    for sentence in _SENTENCE.split(text.strip()):
        key = normalise(sentence)
        if key.strip() and key in seen:
            continue
        seen.add(key)
        kept.append(sentence)
    return " ".join(kept)


def _item_key(item: Any) -> str:
    for name in ("text", "topic", "position"):
        value = getattr(item, name, None)
        if isinstance(value, str):
            return normalise(value)
    return ""


def tidy(body: DraftBody) -> tuple[DraftBody, bool]:
    """Repeated items (and repeated sentences within a text) kept once; the citations of
    the repeats joined. Returns the body and whether anything changed."""
    data = body.model_copy(deep=True)
    changed = False
    statement = _once_each(data.problem_statement)
    if statement != data.problem_statement.strip():
        changed = True
    data.problem_statement = statement
    for name in LISTS:
        items = getattr(data, name)
        kept: list[Any] = []
        by_key: dict[str, Any] = {}
        for item in items:
            for attr in ("text", "rationale", "position", "topic"):
                value = getattr(item, attr, None)
                if isinstance(value, str):
                    once = _once_each(value)
                    changed |= once != value.strip()
                    setattr(item, attr, once)
            key = _item_key(item)
            if key and key in by_key:
                changed = True
                first = by_key[key]
                if hasattr(first, "citations"):
                    first.citations += [c for c in item.citations if c not in first.citations]
                continue
            by_key[key] = item
            kept.append(item)
        setattr(data, name, kept)
    return data, changed


def is_empty(body: DraftBody) -> bool:
    return not body.problem_statement.strip() and not any(getattr(body, n) for n in LISTS)


def _prose(text: str) -> str:
    prose = re.sub(r"\s+", " ", text).strip()
    return prose[:2000] if len(prose) >= 20 else ""


def read(text: str, *, truncated: bool = False, system: str = "", user: str = "") -> Answer:
    """A valid draft from the answer's text, with the repairs made; BadAnswer if none."""
    if not text.strip():
        raise BadAnswer("the model gave an empty answer")
    data, repaired = _json_of(text)
    if not isinstance(data, dict):
        if _echoes(text, system, user):
            raise BadAnswer("the model repeated its prompt instead of answering")
        reason = "the model's answer was cut off" if truncated else "the model answered no JSON"
        raise BadAnswer(reason, _prose(text))
    repairs: list[str] = []
    if repaired or truncated:
        repairs.append("the model's JSON was cut off or malformed and was repaired")
    try:
        body = DraftBody.model_validate(_coerce(data))
    except ValidationError as exc:
        shape = f"the model's JSON had the wrong shape ({exc.error_count()} errors)"
        raise BadAnswer(shape) from exc
    body, changed = tidy(body)
    if changed:
        repairs.append("repeated points were merged")
    if is_empty(body):
        raise BadAnswer("the model's answer was empty")
    if _echoes(body.model_dump_json(), system, user) and not body.recommendations:
        raise BadAnswer("the model repeated its prompt instead of answering")
    return Answer(body, repairs)
