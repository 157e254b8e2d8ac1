"""The wording front ends share (bot/core/notices.py): each situation said once, one line."""

from __future__ import annotations

from bot.core import notices
from bot.core.messages import Tone


def test_each_notice_is_one_line_and_says_what_to_do() -> None:
    lines = [
        notices.working_on("/summarize"),
        notices.progress("reading 5 messages…"),
        notices.form_did_not_open(),
        notices.not_in_this_build("/summarize"),
        notices.server_only("/wg-chair goal"),
        notices.could_not_run(),
        notices.invalid_option("x"),
        notices.reply_refused("Discord", 50035),
        notices.failed("Uploading the file", "Slack", "internal_error"),
        notices.busy("Reading this channel", "Slack"),
        notices.cut_short("Slack"),
        notices.link_expired("Slack"),
        notices.history_unread("Slack", "ratelimited"),
    ]
    assert all("\n" not in line and len(line) < 160 for line in lines)
    assert notices.working_on("/summarize") == "⏳ Working on `/summarize`…"
    assert notices.progress("reading 5 messages…") == "⏳ reading 5 messages…"
    assert "`/wg help`" in notices.form_did_not_open()
    assert notices.server_only("/wg-chair goal").startswith("`/wg-chair goal` works in a server")
    assert "Slack said `internal_error`" in notices.failed("Posting", "Slack", "internal_error")
    assert notices.failed("Posting") == f"Posting failed: {notices.RETRY}."


def test_typed_values_are_quoted_like_every_other_error() -> None:
    assert (
        notices.invalid_option("a`b\nc")
        == "`a'b c` is not valid for that option. Nothing was changed."
    )
    assert len(notices.invalid_option("x" * 500)) < 90


def test_a_form_not_saved_hands_back_what_was_typed() -> None:
    empty = notices.expired_reply({"q1": " "}, {}, "/wg charter", 3600)
    assert empty.tone is Tone.ERROR and empty.ephemeral
    assert empty.text.startswith("This form was opened more than 60 minutes ago")
    typed = notices.returned_reply("Why.", {"q1": "a\nb"}, {"q1": "1. Problem"}, "/wg charter")
    assert typed.sections[0].heading == "1. Problem" and typed.sections[0].lines == ("a", "b")
    assert "run `/wg charter`" in typed.text
