"""Modals for the commands that ask for several things at once: `/wg join` (two selects) and
`/wg charter` (the report's ten scoping questions). Submissions become ordinary invocations."""

from __future__ import annotations

from typing import Any

from bot.core.params import Vocabularies
from bot.domain.charter import CHARTER_LABELS, CHARTER_QUESTIONS
from bot.domain.vocabulary import Vocabulary

JOIN_CALLBACK = "wg_join"
CHARTER_CALLBACK = "wg_charter"
MAX_ANSWER = 2000

View = dict[str, Any]


def _options(vocabulary: Vocabulary) -> list[dict[str, Any]]:
    return [
        {"text": {"type": "plain_text", "text": name[:75]}, "value": name[:150]}
        for name in vocabulary.names[:100]
    ]


def _select(block_id: str, label: str, vocabulary: Vocabulary, optional: bool) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": {"type": "plain_text", "text": label},
        "element": {
            "type": "static_select",
            "action_id": "value",
            "placeholder": {"type": "plain_text", "text": f"Pick your {vocabulary.kind}"},
            "options": _options(vocabulary),
        },
    }


def join_modal(vocabularies: Vocabularies, channel_id: str) -> View:
    return {
        "type": "modal",
        "callback_id": JOIN_CALLBACK,
        "private_metadata": channel_id,
        "title": {"type": "plain_text", "text": "Join this group"},
        "submit": {"type": "plain_text", "text": "Join"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            _select("group", "Stakeholder group", vocabularies.stakeholder, optional=False),
            _select("region", "UN region", vocabularies.region, optional=True),
        ],
    }


def charter_modal(channel_id: str, answers: dict[int, str] | None = None) -> View:
    blocks: list[dict[str, Any]] = []
    for number, (label, question) in enumerate(
        zip(CHARTER_LABELS, CHARTER_QUESTIONS, strict=True), start=1
    ):
        element: dict[str, Any] = {
            "type": "plain_text_input",
            "action_id": "answer",
            "multiline": True,
            "max_length": MAX_ANSWER,
            "placeholder": {"type": "plain_text", "text": question[:150]},
        }
        if answers and answers.get(number):
            element["initial_value"] = answers[number][:MAX_ANSWER]
        blocks.append(
            {
                "type": "input",
                "block_id": f"q{number}",
                "optional": True,
                "label": {"type": "plain_text", "text": f"{number}. {label}"},
                "hint": {"type": "plain_text", "text": question[:150]},
                "element": element,
            }
        )
    return {
        "type": "modal",
        "callback_id": CHARTER_CALLBACK,
        "private_metadata": channel_id,
        "title": {"type": "plain_text", "text": "Group charter"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }


def selected(values: dict[str, Any], block_id: str) -> str | None:
    """The picked option of a static_select input, or None."""
    option = (values.get(block_id, {}).get("value") or {}).get("selected_option")
    return str(option["value"]) if option else None


def typed(values: dict[str, Any], block_id: str) -> str:
    """The text of a plain_text_input, stripped ('' when left empty)."""
    return str((values.get(block_id, {}).get("answer") or {}).get("value") or "").strip()
