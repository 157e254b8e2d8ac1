"""The Block Kit renderer keeps every part within Slack's limits and loses nothing."""

from __future__ import annotations

from bot.core.messages import Button, ButtonStyle, Field, Reply, Section, Tone
from bot.frontends.slack.blocks import chunk_lines, escape, home_view, render


def test_a_line_longer_than_a_section_is_cut_not_lost() -> None:
    chunks = chunk_lines(["a" * 7000, "b"])
    assert [len(c) for c in chunks] == [3000, 3000, 1000 + 2]
    assert "".join(chunks).replace("\n", "") == "a" * 7000 + "b"


def test_fields_and_buttons_are_grouped_within_limits() -> None:
    reply = Reply(
        text="t",
        tone=Tone.WARNING,
        fields=tuple(Field(f"F{i}", "v" * 2500) for i in range(12)),
        buttons=tuple(Button(f"B{i}", f"x:{i}", str(i), ButtonStyle.PRIMARY) for i in range(30)),
    )
    (message,) = render(reply)
    assert message.text.startswith(":warning: ")
    kinds = [b["type"] for b in message.blocks]
    assert kinds == ["section", "section", "section", "actions", "actions"]
    assert [len(b["fields"]) for b in message.blocks[1:3]] == [10, 2]
    assert all(len(f["text"]) <= 2000 for b in message.blocks[1:3] for f in b["fields"])
    assert [len(b["elements"]) for b in message.blocks[3:]] == [25, 5]
    assert message.blocks[3]["elements"][0]["style"] == "primary"


def test_mrkdwn_control_characters_are_escaped_and_nothing_in_text_is_live() -> None:
    assert escape("a < b & c > d <@U1|ana> <#C1> <!here> @channel") == (
        "a &lt; b &amp; c &gt; d &lt;@U1|ana&gt; &lt;#C1&gt; &lt;!here&gt; @\u2060channel"
    )


def test_only_the_mentions_a_reply_means_are_live() -> None:
    message = render(Reply(text="<@U9> asked", mentions=("U1",)))[0]
    assert message.text == "<@U1> &lt;@U9&gt; asked"
    assert message.blocks[0]["text"]["text"] == "<@U1> &lt;@U9&gt; asked"


def test_home_view_is_capped_at_100_blocks() -> None:
    reply = Reply(text="x", sections=tuple(Section(f"S{i}", ("l",)) for i in range(150)))
    view = home_view(reply)
    assert len(view["blocks"]) == 100
    assert "more than fits" in view["blocks"][-1]["text"]["text"]
