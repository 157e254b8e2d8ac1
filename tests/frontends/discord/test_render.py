"""Replies as embeds, split within Discord's limits."""

from __future__ import annotations

import discord
import pytest

from bot.core.messages import Attachment, Button, ButtonStyle, Field, Reply, Section, Tone
from bot.frontends.discord import limits
from bot.frontends.discord.custom_ids import action_template, decode, encode
from bot.frontends.discord.render import render, split_text


def test_short_reply_is_one_embed_with_tone_colour() -> None:
    (message,) = render(Reply(title="Status", text="All good", tone=Tone.SUCCESS))
    assert message.embed is not None
    data = message.embed.to_dict()
    assert (data["title"], data["description"], data["color"]) == ("Status", "All good", 0x2ECC71)
    assert message.view is None and message.files == []


def test_long_text_and_sections_split_at_line_breaks() -> None:
    lines = tuple(f"{n}. " + "word " * 30 for n in range(200))
    reply = Reply(title="Charter", text="Intro", sections=(Section("Questions", lines),))
    messages = render(reply)
    assert len(messages) > 1
    descriptions = [m.embed.description for m in messages if m.embed]
    assert all(d and len(d) <= limits.EMBED_DESCRIPTION for d in descriptions)
    assert messages[0].embed and messages[0].embed.title == "Charter"
    assert all(m.embed and m.embed.title is None for m in messages[1:])
    joined = "\n".join(d or "" for d in descriptions)
    assert joined.splitlines()[:3] == ["Intro", "", "**Questions**"]
    assert [line.rstrip() for line in joined.splitlines()[3:]] == [line.strip() for line in lines]


def test_fields_beyond_25_and_long_values_continue() -> None:
    fields = (*(Field(f"F{n}", "v" * 10) for n in range(30)), Field("Long", "y " * 800))
    messages = render(Reply(text="x", fields=fields))
    embeds = [m.embed for m in messages if m.embed]
    assert all(len(e.fields) <= limits.EMBED_FIELDS for e in embeds)
    assert all(len(e) <= limits.EMBED_TOTAL for e in embeds)
    values = [f for e in embeds for f in e.fields]
    assert all(f.value and len(f.value) <= limits.EMBED_FIELD_VALUE for f in values)
    assert [f.name for f in values][-2:] == ["Long", "Long (continued)"]
    assert len(values) == 32


def test_hard_split_of_a_word_longer_than_the_limit() -> None:
    assert split_text("a" * 25, 10) == ["a" * 10, "a" * 10, "a" * 5]


def test_buttons_on_the_last_message_and_files_on_the_first() -> None:
    reply = Reply(
        text="z\n" * 5000,
        buttons=(Button("Commit", "nudge:commit", "42", ButtonStyle.PRIMARY),),
        attachments=(Attachment("outcome.md", b"# Outcome", "text/markdown"),),
    )
    messages = render(reply)
    assert messages[0].files[0].filename == "outcome.md"
    assert messages[-1].view is not None and all(m.view is None for m in messages[:-1])
    (button,) = messages[-1].view.to_components()[0]["components"]
    assert button["custom_id"] == "nudge:commit|42" and button["style"] == 1


def test_custom_ids_round_trip_and_stay_short() -> None:
    assert decode(encode("nudge:snooze", "group=3|week")) == ("nudge:snooze", "group=3|week")
    with pytest.raises(ValueError):
        encode("nudge:commit", "v" * 90)
    template = action_template(["nudge", "ask"])
    assert template.fullmatch("nudge:commit|7")
    assert not template.fullmatch("other:commit|7")
    assert not action_template([]).fullmatch("nudge:commit|7")


def test_invite_asks_for_commands_and_only_the_needed_permissions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bot.cli import main

    assert main(["discord", "invite", "--client-id", "123"]) == 0
    url = capsys.readouterr().out.strip()
    assert "client_id=123" in url and "scope=bot+applications.commands" in url
    value = int(url.rsplit("permissions=", 1)[1])
    granted = {name for name, on in discord.Permissions(value) if on}
    assert granted == {
        "read_messages",  # shown as View Channels
        "send_messages",
        "send_messages_in_threads",
        "embed_links",
        "attach_files",
        "read_message_history",
    }
