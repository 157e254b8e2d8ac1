"""List mail kept in the record before paragraphs were joined and names read as written is
read back as people wrote it; chat keeps its deliberate line breaks."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.record.reading import chat_message
from storage.record.models import RecordMessage

WRAPPED = (
    "Technically, I've opposed introducing this in intltool because of a\n"
    "couple of reasons, and I still think the maintainers should make the\n"
    "decision."
)


def _row(platform: str, name: str) -> RecordMessage:
    return RecordMessage(
        group_id=1,
        platform=platform,
        channel_id="bpf@lists.example.org",
        message_id="m1",
        user_id="danilo@gnome.org",
        user_name=name,
        text=WRAPPED,
        at=datetime(2027, 1, 11, tzinfo=UTC),
    )


def test_old_list_mail_is_unwrapped_and_named_without_its_address() -> None:
    message = chat_message(_row("email", "danilo@gnome.org"))
    assert message.text == " ".join(WRAPPED.split("\n"))
    assert message.user_name == "danilo"


def test_chat_keeps_its_line_breaks() -> None:
    message = chat_message(_row("slack", "Danilo"))
    assert (message.text, message.user_name) == (WRAPPED, "Danilo")
