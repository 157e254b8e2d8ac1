"""A comment round on a draft, end to end on SQLite and PostgreSQL: the draft posted with
numbered items, comments from three stakeholder groups (one by email to the list, through
the real MIME decoder), an answer to each, the export's table, the chairs' summary when the
round closes (sent once by the scheduler), comments as voices heard, and forget."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.messages import Actor, Platform, Tone, Where
from bot.frontends.email.inbound import Inbound
from bot.scheduler.plan_cycle import COMMENTS_CLOSED, COMMENTS_OPENED
from bot.scheduler.sweep import Sweeper
from storage.comments.models import RoundStatus
from tests.frontends.email.mail import LIST, list_post
from tests.harness import START, BotHarness
from tests.scheduler.helpers import RecordingPort, sweeper


def _say(bot: BotHarness, user: str, text: str) -> None:
    bot.app.dispatcher.record_message(
        Actor(Platform.CONSOLE, user, user.capitalize()),
        Where(Platform.CONSOLE, bot.channel),
        text=text,
    )


def _setup(bot: BotHarness) -> Inbound:
    bot.setup_group()  # ana: chair, civil society, GRULAC
    bot.say(f"/wg list {LIST}")
    bot.say("/wg join tech africa", user="kofi")
    bot.say("/wg join academia apac", user="mei")
    bot.say("/wg join private-sector weog", user="bob")
    with bot.read() as store:
        store.email.link("bob@corp.example", "console", "bob", "console:bob", START)
    _say(bot, "ana", "We should recommend BCP 38 with a two-year window and GFCE support.")
    _say(bot, "ana", "Small ISPs need trainings before they can deploy it.")
    assert bot.say("/summarize").tone is not Tone.ERROR
    return Inbound(bot.app.database, bot.app.settings, bot.clock)


def test_a_round_with_three_stakeholder_groups_ends_in_the_export(bot: BotHarness) -> None:
    inbound = _setup(bot)
    assert "Only a chair" in bot.say("/wg comments open until 2027-02-05", user="kofi").text
    assert "is not a date" in bot.say("/wg comments open until 2027-02-31").text
    assert "No comment round is open" in bot.say("/wg comment 1 Early", user="kofi").text
    post = bot.say("/wg comments open v1 until 2027-02-05")
    assert post.tone is not Tone.ERROR and not post.ephemeral, post.text
    assert "open for comments until 2027-02-05" in (post.title or "")
    items = post.sections[0].lines
    assert items[0].startswith("1. ") and any(line.startswith("2. [R] ") for line in items)

    assert (
        "C1" in bot.say("/wg comment 1 Name the African ISPs already filtering.", user="kofi").text
    )
    assert "C2" in bot.say("/wg comment 0 Academia can measure uptake.", user="mei").text
    assert "items 1 to" in bot.say("/wg comment 99 Out of range", user="mei").text
    mail = list_post(
        "c1@corp.example",
        "bob@corp.example",
        name="Bob",
        subject="Re: draft v1 open for comments",
        body=(
            "Thanks for the draft.\n\n2: Two years is too short for small operators;\n"
            "five would work.\n0: We support the goal.\n\n> 1: a quoted line is no comment"
        ),
        at=START + timedelta(hours=1),
    )
    inbound.ingest(mail, source="lmtp")
    inbound.ingest(mail, source="imap")  # the same mail from a second source: nothing new

    listing = bot.say("/wg comments")
    (waiting,) = listing.sections
    assert waiting.heading == "Without an answer (4)"
    assert waiting.lines[2] == (
        "C3 (on 2, Bob, Private sector): Two years is too short for small operators;\n"
        "five would work. → unanswered"
    )
    answers = {
        1: "accepted Listed in the annex.",
        2: "partly Added as a next step.",
        3: "declined | Two years | is | the GFCE's commitment.",
        4: "accepted Thank you.",
    }
    assert "Only a chair" in bot.say("/wg disposition 1 accepted x", user="kofi").text
    assert "Missing REASON" in bot.say("/wg disposition 1 accepted").text
    for number, answer in answers.items():
        assert bot.say(f"/wg disposition {number} {answer}").tone is Tone.SUCCESS

    export = bot.say("/wg export").attachments[0].content.decode()
    table = export.split("## Comments and how they were addressed")[1].split("\n## ")[0]
    rows = [line for line in table.splitlines() if line.startswith("| C")]
    assert rows == [
        "| C1 | 1 | Kofi | Technical community | African States | Name the African ISPs "
        "already filtering. | Accepted: Listed in the annex. |",
        "| C2 | general | Mei | Academia | Asia-Pacific States | Academia can measure uptake. "
        "| Partly accepted: Added as a next step. |",
        "| C3 | 2 | Bob | Private sector | Western European and Others (WEOG) | Two years is "
        "too short for small operators; five would work. | Declined: \\| Two years \\| is \\| "
        "the GFCE's commitment. |",
        "| C4 | general | Bob | Private sector | Western European and Others (WEOG) | We "
        "support the goal. | Accepted: Thank you. |",
    ]
    # A comment is a voice heard: Kofi and Mei never wrote in the channel. 7: Ana's two
    # messages, Bob's post, and the four comments.
    voices = bot.say("/wg coverage").sections[2]
    assert voices.heading == "Voices heard, last 28 days (7 messages)"
    assert any(
        line.startswith("`Technical community") and line.endswith(" 1`") for line in voices.lines
    )


def test_the_round_closes_with_one_summary_and_forget_takes_the_words(
    bot: BotHarness,
) -> None:
    inbound = _setup(bot)
    bot.say("/wg comments open until 2027-02-05")
    bot.say("/wg comment 1 Name the ISPs.", user="kofi")
    inbound.ingest(
        list_post("c2@corp.example", "bob@corp.example", body="0: Fine by us.", at=START),
        source="lmtp",
    )
    bot.say("/wg disposition 1 accepted Done.")
    port = RecordingPort()
    bot.clock.now = datetime(2027, 2, 5, 23, 0, tzinfo=UTC)  # the round's last day
    assert "comment on item 1 is recorded" in bot.say("/wg comment 1 Late one", user="mei").text
    sweeper(bot, port).sweep()
    assert port.kinds(COMMENTS_CLOSED) == []
    bot.clock.now = datetime(2027, 2, 6, 9, 0, tzinfo=UTC)  # the chairs' next morning
    assert "ended on 2027-02-05" in bot.say("/wg comment 1 Too late", user="mei").text
    for _ in range(2):
        sweeper(bot, port).sweep()
    (summary,) = port.kinds(COMMENTS_CLOSED)
    assert summary.to.id == "ana"
    sections = {s.heading: s.lines for s in summary.reply.sections}
    assert sections["Comments by stakeholder group"] == (
        "Academia: 1",
        "Private sector: 1",
        "Technical community: 1",
    )
    assert "Government" in sections["Stakeholder groups not heard"]
    assert "Civil society" in sections["Stakeholder groups not heard"]
    assert [line[:3] for line in sections["Still without an answer"]] == ["C2 ", "C3 "]
    with bot.read() as store:
        (closed,) = store.comments.rounds(1)
        assert closed.status == RoundStatus.CLOSED.value
    # Bob forgets: his words go, that he commented (and the answer's place) stays.
    assert "1 comment on drafts" in bot.say("/wg forget me", user="bob").text
    listing = "\n".join(bot.say("/wg comments").sections[0].lines)
    assert "Fine by us" not in listing and "(taken out at the author's request)" in listing
    assert "Bob" not in listing and "bob@corp.example" not in listing
    assert "(general, a participant, Private sector)" in listing
    # Bob's mail written before he asked, arriving late, is not taken as a comment either
    # (the round is closed anyway; the tombstone is checked first).
    with bot.read() as store:
        assert store.words.forgotten(1, "console", "bob", START)


def test_the_list_gets_the_numbered_draft_and_mail_to_the_bot_comments(
    database_url: str,
) -> None:
    bot = BotHarness(database_url, wgbot_email_from="wgbot@igf.example")
    try:
        inbound = _setup(bot)
        bot.say("/wg comments open until 2027-02-05")
        bot.say("/wg list mail on")  # scheduled mail may go to the list address
        mail = RecordingPort(platform=Platform.EMAIL)
        for _ in range(2):
            Sweeper(bot.app.database, bot.app.settings, {Platform.EMAIL: mail}, bot.clock).sweep()
        (posted,) = mail.kinds(COMMENTS_OPENED)
        assert posted.to.id == LIST and "`/wg comment N TEXT`" in posted.reply.text
        assert posted.reply.sections[0].lines[0].startswith("1. ")
        # Bob writes to the bot itself, not the list: his one group with a round takes it.
        to_bot = list_post(
            "b1@corp.example",
            "bob@corp.example",
            subject="Comments",
            body="1: Please cite RFC 2827.",
            to="wgbot@igf.example",
            list_id=None,
            at=START,
        )
        inbound.ingest(to_bot, source="lmtp")
        listing = bot.say("/wg comments").sections[0].lines
        assert listing == ("C1 (on 1, Bob, Private sector): Please cite RFC 2827. → unanswered",)
        # From an address linked to nobody: not a comment.
        stranger = list_post(
            "s1@x.example",
            "eve@x.example",
            body="1: Spam",
            to="wgbot@igf.example",
            list_id=None,
            at=START,
        )
        inbound.ingest(stranger, source="lmtp")
        assert len(bot.say("/wg comments").sections[0].lines) == 1
    finally:
        bot.app.database.dispose()
