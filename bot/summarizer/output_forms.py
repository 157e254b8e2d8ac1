"""How structured output is asked of an OpenAI-compatible endpoint (the forms, strongest
first, and the response_format each one sends), and which answers mean "not supported"."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from bot.domain.draft_schema import DraftBody


class OutputForm(StrEnum):
    """How structured output is asked, strongest first."""

    JSON_SCHEMA = "json_schema"  # OpenAI structured output: response_format json_schema
    JSON_OBJECT_SCHEMA = "json_object+schema"  # llama-cpp-python: json_object with a schema
    JSON_OBJECT = "json_object"  # plain JSON mode: valid JSON, any shape
    TEXT = "text"  # nothing: the JSON is found in the prose


FORMS = tuple(OutputForm)


def _text(low: int, high: int) -> dict[str, Any]:
    return {"type": "string", "minLength": low, "maxLength": high}


def _cites(low: int) -> dict[str, Any]:
    cid = {"type": "string", "pattern": "^m[1-9][0-9]{0,4}$"}
    return {"type": "array", "items": cid, "minItems": low, "maxItems": 4}


def _list(item: dict[str, Any], low: int, high: int) -> dict[str, Any]:
    return {"type": "array", "items": item, "minItems": low, "maxItems": high}


def _object(**properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def compact_schema() -> dict[str, Any]:
    """DraftBody's shape with bounds, for servers that enforce a schema by grammar (local
    ones): every key required and in order, a few items per list, short texts, citations that
    look like ids, at least one cited recommendation. A small model then cannot loop until
    max_tokens, skip the point of the exercise, or answer an empty shell."""
    point = _object(text=_text(8, 300), citations=_cites(1))
    view = _object(
        stakeholder_groups=_list({"type": "string", "maxLength": 60}, 0, 3),
        position=_text(8, 300),
        citations=_cites(1),
    )
    return _object(
        problem_statement=_text(30, 600),
        agreements=_list(point, 0, 5),
        disagreements=_list(_object(topic=_text(3, 120), views=_list(view, 1, 3)), 0, 3),
        recommendations=_list(
            _object(text=_text(8, 300), rationale=_text(0, 300), citations=_cites(1)), 1, 5
        ),
        open_questions=_list(point, 0, 4),
        next_steps=_list(point, 0, 4),
    )


def response_format(form: OutputForm, *, compact: bool = False) -> dict[str, Any] | None:
    """The request's `response_format` for a form (None: leave it out). `compact`: the
    bounded schema for local servers."""
    schema = compact_schema() if compact else DraftBody.model_json_schema()
    if form is OutputForm.JSON_SCHEMA:
        return {"type": "json_schema", "json_schema": {"name": "draft", "schema": schema}}
    if form is OutputForm.JSON_OBJECT_SCHEMA:
        return {"type": "json_object", "schema": schema}
    if form is OutputForm.JSON_OBJECT:
        return {"type": "json_object"}
    return None


# A refusal of the request itself (not a fault of the server): a 500 whose body says the
# request did not validate is as final as a 400, and retrying it only wastes the chair's time.
_VALIDATION = re.compile(
    r"validation error|input should be|literal_error|extra inputs are not permitted|"
    r"not supported|unsupported|unknown (?:parameter|field|argument)|unrecognized|"
    r"invalid (?:value|type|request|response_format|schema)|must be one of|"
    r"response_format|json_schema|grammar",
    re.IGNORECASE,
)


def is_refusal(status: int, body: str) -> bool:
    """True when a response means "this request is not supported", never transient."""
    if 400 <= status < 500:
        return status not in (408, 409, 425, 429)
    return status == 500 and bool(_VALIDATION.search(body))
