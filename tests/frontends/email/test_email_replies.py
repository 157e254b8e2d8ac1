"""Answering a nudge by replying to its email with a keyword: a real MIME reply (stdlib
`email`, as a mail client writes it: quoted-printable, the nudge quoted below, In-Reply-To and
References set) parsed by the standard library into answer_by_reply, which acts through the
core like the button, or answers with the keywords."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

import pytest
from pydantic import SecretStr

from bot.frontends.email.replies import answer_by_reply, keyword_of
from bot.ground.states import SponsorState
from tests import hostile
from tests.frontends.email.answer_helpers import (
    BOT_ADDRESS,
    PUBLIC,
    SECRET,
    SPONSOR,
    email_group,
    email_port,
    email_sweeper,
    nudges_to,
    sponsor_row,
    state_of,
)
from tests.frontends.email.smtp_server import SmtpServer
from tests.harness import BotHarness


def reply_to(
    nudge: EmailMessage,
    first_line: str,
    *,
    sender: str = "Alice <Alice@example.org>",
    message_id: str = "<reply-1@mail.example.org>",
    threaded: bool = True,
    charset: str = "utf-8",
    auth: str | None = None,
) -> bytes:
    """`auth`: our receiving server's Authentication-Results; by default DMARC passed for the
    From domain (what a real reply from the sponsor's own mail system gets)."""
    message = EmailMessage()
    domain = parseaddr(sender)[1].rpartition("@")[2].lower()
    message["Authentication-Results"] = (
        auth
        if auth is not None
        else f"{AUTHSERV}; dkim=pass header.d={domain}; dmarc=pass header.from={domain}"
    )
    message["From"] = sender
    message["To"] = f"IGF wgbot <{BOT_ADDRESS}>"
    message["Subject"] = f"Re: {nudge['Subject']}"
    message["Date"] = format_datetime(nudge["Date"].datetime)
    message["Message-ID"] = message_id
    if threaded:
        message["In-Reply-To"] = nudge["Message-ID"]
        message["References"] = f"<root@elsewhere.example> {nudge['Message-ID']}"
    original = nudge.get_body(("plain",))
    assert original is not None
    lines = str(original.get_content()).encode(charset, "replace").decode(charset).splitlines()
    quoted = "\n".join(f"> {line}" for line in lines)
    body = f"{first_line}\n\nThanks,\nAlice\n\nOn Monday, wgbot wrote:\n{quoted}\n"
    message.set_content(body, charset=charset, cte="quoted-printable")
    return message.as_bytes()


@dataclass(frozen=True)
class Post:
    """The fields answer_by_reply reads, as emailparse's Post carries them (Message-IDs
    without angle brackets)."""

    message_id: str
    in_reply_to: str | None
    references: tuple[str, ...]
    sender: str
    subject: str
    text: str
    auth_results: tuple[str, ...] = ()


def post_of(raw: bytes) -> Post:
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    body = message.get_body(("plain",))
    assert body is not None

    def bare(value: object) -> str:
        return str(value).strip().strip("<>")

    return Post(
        message_id=bare(message["Message-ID"]),
        in_reply_to=bare(message["In-Reply-To"]) if message["In-Reply-To"] else None,
        references=tuple(bare(r) for r in str(message["References"] or "").split()),
        sender=parseaddr(str(message["From"]))[1],
        subject=str(message["Subject"]),
        text=str(body.get_content()),
        auth_results=tuple(str(h) for h in message.get_all("Authentication-Results") or ()),
    )


AUTHSERV = "mx.igf.example"


@pytest.fixture
def bot(database_url: str) -> Iterator[BotHarness]:
    """The bot as an email deployment runs it: the link secret, its public URL, and the
    authserv-id of its own receiving mail server."""
    harness = BotHarness(
        database_url,
        wgbot_email_link_secret=SecretStr(SECRET),
        wgbot_public_url=PUBLIC,
        wgbot_email_authserv_id=AUTHSERV,
    )
    yield harness
    harness.app.database.dispose()


def the_nudge(bot: BotHarness, smtp_server: SmtpServer) -> EmailMessage:
    email_sweeper(bot, email_port(smtp_server, bot)).sweep()
    [nudge] = nudges_to(smtp_server)
    return nudge


def answers_to(smtp_server: SmtpServer) -> list[EmailMessage]:
    return [r.message for r in smtp_server.received if str(r.message["Subject"]).startswith("Re:")]


@pytest.mark.parametrize(
    ("line", "verb"),
    [
        ("commit", "commit"),
        ("Commit!", "commit"),
        ("  COMMIT - happy to help", "commit"),
        ("Je m’engage", "commit"),
        ("me comprometo.", "commit"),
        ("snooze", "snooze"),
        ("Plus tard", "snooze"),
        ("Más tarde", "snooze"),
        ("step down", "stepdown"),
        ("Je me retire", "stepdown"),
        ("Me retiro", "stepdown"),
        ("> commit\nsnooze", "snooze"),
        ("committee meeting", None),
        ("I cannot commit", None),
        ("", None),
    ],
)
def test_keywords(line: str, verb: str | None) -> None:
    assert keyword_of(line) == verb


def test_a_keyword_reply_commits_like_the_button(bot: BotHarness, smtp_server: SmtpServer) -> None:
    group_id = email_group(bot)
    nudge = the_nudge(bot, smtp_server)
    port = email_port(smtp_server, bot)
    answered = answer_by_reply(post_of(reply_to(nudge, "Commit")), app=bot.app, delivery=port)
    assert answered.outcome == "acted"
    row = sponsor_row(bot, group_id)
    assert row.state == SponsorState.COMMITTED.value
    [confirmation] = answers_to(smtp_server)
    assert confirmation["To"] == SPONSOR
    assert confirmation["In-Reply-To"] == "<reply-1@mail.example.org>"
    assert "Thank you: BPF Cybersecurity sees that you support it" in str(
        confirmation.get_body(("plain",)).get_content()
    )
    # The same reply again (a redelivery): nothing done again.
    again = answer_by_reply(post_of(reply_to(nudge, "Commit")), app=bot.app, delivery=port)
    assert again.outcome == "already"
    assert state_of(sponsor_row(bot, group_id)) == state_of(row)


def test_a_reply_in_latin1_snoozes(bot: BotHarness, smtp_server: SmtpServer) -> None:
    group_id = email_group(bot)
    nudge = the_nudge(bot, smtp_server)
    raw = reply_to(nudge, "Plus tard, désolée", charset="latin-1")
    answered = answer_by_reply(post_of(raw), app=bot.app, delivery=None)
    assert answered.outcome == "acted"
    assert sponsor_row(bot, group_id).state == SponsorState.SNOOZED.value


def test_anything_else_gets_the_keywords(bot: BotHarness, smtp_server: SmtpServer) -> None:
    group_id = email_group(bot)
    nudge = the_nudge(bot, smtp_server)
    before = state_of(sponsor_row(bot, group_id))
    port = email_port(smtp_server, bot)
    for n, line in enumerate(["Can we talk on Thursday?", *hostile.HOSTILE[:3]]):
        raw = reply_to(nudge, line, message_id=f"<q{n}@mail.example.org>")
        answered = answer_by_reply(post_of(raw), app=bot.app, delivery=port)
        assert answered.outcome == "explained"
    explanations = answers_to(smtp_server)
    assert len(explanations) == 4
    text = str(explanations[0].get_body(("plain",)).get_content())
    assert "commit" in text and "snooze" in text and "step down" in text
    assert state_of(sponsor_row(bot, group_id)) == before


def test_only_the_nudged_address_can_answer(bot: BotHarness, smtp_server: SmtpServer) -> None:
    group_id = email_group(bot)
    nudge = the_nudge(bot, smtp_server)
    before = state_of(sponsor_row(bot, group_id))
    raw = reply_to(nudge, "step down", sender="Mallory <mallory@evil.example>")
    answered = answer_by_reply(post_of(raw), app=bot.app, delivery=email_port(smtp_server, bot))
    assert answered.outcome == "explained"
    assert state_of(sponsor_row(bot, group_id)) == before


def test_mail_that_answers_nothing_of_ours_from_a_stranger_gets_no_answer(
    bot: BotHarness, smtp_server: SmtpServer
) -> None:
    email_group(bot)
    nudge = the_nudge(bot, smtp_server)
    raw = reply_to(nudge, "commit", sender="someone@else.example", threaded=False)
    answered = answer_by_reply(post_of(raw), app=bot.app, delivery=email_port(smtp_server, bot))
    assert answered.outcome == "ignored"
    assert answers_to(smtp_server) == []
    # From the sponsor but not threaded: they get the keywords.
    raw = reply_to(nudge, "commit", threaded=False)
    answered = answer_by_reply(post_of(raw), app=bot.app, delivery=email_port(smtp_server, bot))
    assert answered.outcome == "explained"


# -- a reply must really come from the sponsor's address (issue 24) ---------------------------


@pytest.mark.parametrize(
    "auth",
    [
        "",  # no verdict at all
        f"{AUTHSERV}; dmarc=fail header.from=example.org; dkim=fail header.d=example.org",
        # A verdict the sender wrote in themselves, under another server's name:
        "mx.evil.example; dmarc=pass header.from=example.org",
        f"{AUTHSERV}; dkim=pass header.d=evil.example",  # signed, but not by the From domain
        f"{AUTHSERV}; dmarc=pass header.from=evil.example",
        "garbage ;;; = not a header",
    ],
)
def test_a_forged_reply_acts_on_nothing_and_the_sponsor_gets_a_confirm_link(
    bot: BotHarness, smtp_server: SmtpServer, auth: str
) -> None:
    """The issue's forgery: a reply "step down" whose In-Reply-To is the nudge's Message-ID
    and whose From: is the sponsor. Without our server's pass for example.org, nothing
    happens; the link goes to the sponsor's own address, not to whoever wrote."""
    group_id = email_group(bot)
    nudge = the_nudge(bot, smtp_server)
    before = state_of(sponsor_row(bot, group_id))
    raw = reply_to(nudge, "step down", auth=auth)
    answered = answer_by_reply(post_of(raw), app=bot.app, delivery=email_port(smtp_server, bot))
    assert answered.outcome == "explained" and "not verified" in answered.detail
    assert state_of(sponsor_row(bot, group_id)) == before
    [confirm] = answers_to(smtp_server)
    assert confirm["To"] == SPONSOR
    text = str(confirm.get_body(("plain",)).get_content())
    assert "Nothing was recorded" in text and f"{PUBLIC}/email/answer?t=" in text


def test_without_our_server_named_no_reply_is_trusted(
    database_url: str, smtp_server: SmtpServer
) -> None:
    bot = BotHarness(database_url, wgbot_email_link_secret=SecretStr(SECRET))
    try:
        group_id = email_group(bot)
        nudge = the_nudge(bot, smtp_server)
        raw = reply_to(nudge, "commit")  # a pass, but for a server the bot was not told of
        answered = answer_by_reply(post_of(raw), app=bot.app, delivery=None)
        assert answered.outcome == "explained"
        assert sponsor_row(bot, group_id).state != SponsorState.COMMITTED.value
    finally:
        bot.app.database.dispose()
