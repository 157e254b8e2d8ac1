"""Discord's published limits, in one place so the renderer and the tests agree on them."""

from __future__ import annotations

MESSAGE_CONTENT = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
EMBED_FIELD_NAME = 256
EMBED_FIELD_VALUE = 1024
EMBED_TOTAL = 6000
FILES_PER_MESSAGE = 10
BUTTON_LABEL = 80
CUSTOM_ID = 100
BUTTONS_PER_MESSAGE = 25  # five rows of five
COMMAND_NAME = 32
COMMAND_DESCRIPTION = 100
OPTIONS_PER_COMMAND = 25
SUBCOMMANDS_PER_GROUP = 25
# Names, descriptions, choice names and values of one top-level command and all it holds.
COMMAND_CHARACTERS = 4000
CHOICES_PER_OPTION = 25
CHOICE_NAME = 100
OPTION_VALUE = 6000  # the longest max_length a string option may declare
MODAL_INPUTS = 5
MODAL_TITLE = 45
TEXT_INPUT_LABEL = 45
TEXT_INPUT_VALUE = 4000
# An interaction must be answered within 3 s; its token then lives 15 minutes.
ACK_SECONDS = 3.0
TOKEN_LIFE_SECONDS = 15 * 60.0


def clip(text: str, limit: int) -> str:
    """Shorten to `limit` characters, marking the cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
