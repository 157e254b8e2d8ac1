"""Vote buttons in mail to people are signed one-click links (issue 24), end to end: the real
scheduler sends the vote reminder through the real SMTP port on 127.0.0.1 to the group's
members who take part by email; each gets Agree / Disagree / Pass links of their own; over the
email front end's HTTP endpoint GET only shows the statement, POST casts that vote for that
person only; a forged, cut or expired link says so and changes nothing; mail to a list
address carries no links."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlmodel import select

from bot.core.messages import Button, Platform, Reply
from bot.core.ports import Recipient, RecipientKind
from bot.frontends.email.links import LinkSigner
from bot.frontends.email.web import LinkServer
from storage.consensus.models import Vote
from storage.groups.models import MemberRole
from tests.frontends.email.answer_helpers import PUBLIC, SECRET, email_port, email_sweeper
from tests.frontends.email.html_check import parse_html
from tests.frontends.email.smtp_server import SmtpServer
from tests.harness import BotHarness
from tests.hostile import HOSTILE

LIST = "bpf@lists.example.org"
ALICE, BOB = "alice@example.org", "bob@example.org"
LINK = r"(https://wgbot\.igf\.example/email/vote\?t=[A-Za-z0-9_.\-]+)"


@pytest.fixture
def served(bot: BotHarness) -> Iterator[httpx.Client]:
    server = LinkServer(bot.app, LinkSigner([SECRET], PUBLIC, clock=bot.clock), "127.0.0.1", 0)
    port = server.start()
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
        yield client
    server.stop()


def group_with_mail_members(bot: BotHarness) -> None:
    bot.setup_group()
    assert bot.say(f"/wg list {LIST}").tone.value == "success"
    with bot.read() as store:
        group = store.groups.by_channel("console", "wg-cyber")
        assert group is not None and group.id is not None
        for address, stakeholders in ((ALICE, "Government"), (BOB, "Private sector")):
            store.members.join(
                group.id, "email", address, address.split("@")[0], stakeholders, "WEOG",
                MemberRole.MEMBER, "console:ana", bot.clock(),
            )  # fmt: skip
    bot.say("/wg propose Adopt BCP 38 by:2027-01-20")


def reminders(bot: BotHarness, smtp_server: SmtpServer) -> dict[str, EmailMessage]:
    sweep = email_sweeper(bot, email_port(smtp_server, bot))
    for _ in range(4 * 10):
        sweep.sweep()
        if sum("voting" in str(r.message["Subject"]).lower() for r in smtp_server.received) >= 2:
            break
        bot.clock.advance(timedelta(hours=6))
    return {
        to: r.message
        for r in smtp_server.received
        for to in r.rcpt_tos
        if "statement #1" in str(r.message.get_body(("plain",)).get_content())  # type: ignore[union-attr]
    }


def links_in(message: EmailMessage) -> dict[str, str]:
    plain = message.get_body(("plain",))
    assert plain is not None
    found = re.findall(LINK, str(plain.get_content()))
    assert len(found) == 3, plain.get_content()
    return dict(zip(("agree", "disagree", "pass"), found, strict=True))


def local(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def token(url: str) -> str:
    return parse_qs(urlsplit(url).query)["t"][0]


def votes(bot: BotHarness) -> dict[str, str]:
    with bot.read() as store:
        return {v.voter: v.choice for v in store.session.exec(select(Vote))}


def test_each_person_votes_with_their_own_links(
    bot: BotHarness, smtp_server: SmtpServer, served: httpx.Client
) -> None:
    group_with_mail_members(bot)
    mail = reminders(bot, smtp_server)
    assert set(mail) >= {ALICE, BOB} and LIST not in mail  # to people, not the list
    alice, bob = links_in(mail[ALICE]), links_in(mail[BOB])
    assert alice["agree"] != bob["agree"]

    for _ in range(3):  # a scanner, a preview, the person: GET changes nothing
        page = served.get(local(alice["disagree"]))
        assert page.status_code == 200
    _, text = parse_html(page.text)
    assert "Adopt BCP 38" in text and "Disagree" in text and ALICE in text
    assert votes(bot) == {}

    done = served.post("/email/vote", data={"t": token(alice["disagree"])})
    assert done.status_code == 200, done.text
    assert votes(bot) == {f"email:{ALICE}": "disagree"}  # Alice only
    again = served.post("/email/vote", data={"t": token(alice["disagree"])})
    assert again.status_code == 200 and "unchanged" in again.text.lower()
    served.post("/email/vote", data={"t": token(bob["pass"])})
    assert votes(bot) == {f"email:{ALICE}": "disagree", f"email:{BOB}": "pass"}
    assert "Government: 0 agree · 1 disagree" in bot.text("/wg consensus 1")


def test_forged_cut_and_expired_links_change_nothing(
    bot: BotHarness, smtp_server: SmtpServer, served: httpx.Client
) -> None:
    group_with_mail_members(bot)
    alice = links_in(reminders(bot, smtp_server)[ALICE])
    forged = LinkSigner(["another secret"], PUBLIC, clock=bot.clock).votes.token(ALICE, "agree", 1)
    nudge_token = LinkSigner([SECRET], PUBLIC, clock=bot.clock).token(1, 1, ALICE, "w", "commit")
    for bad in (forged, token(alice["agree"])[:-4], nudge_token, "", "x" * 2000, *HOSTILE[:5]):
        for response in (
            served.get("/email/vote", params={"t": bad}),
            served.post("/email/vote", data={"t": bad}),
        ):
            assert response.status_code == 400, bad
            assert "not valid" in response.text and "Nothing was changed" in response.text
    bot.clock.advance(timedelta(days=15))
    late = served.post("/email/vote", data={"t": token(alice["agree"])})
    assert late.status_code == 410 and "expired" in late.text
    assert votes(bot) == {}


def test_a_list_address_and_other_mail_get_no_vote_links() -> None:
    signer = LinkSigner([SECRET], PUBLIC)
    buttons = (Button("Agree", "vote:agree", "agree:1"), Button("Pass", "vote:pass", "pass:1"))
    reply = Reply(text="Voting ends soon", buttons=buttons)
    assert signer.for_reply(Recipient(Platform.EMAIL, RecipientKind.CHANNEL, LIST), reply) is None
    person = signer.for_reply(Recipient(Platform.EMAIL, RecipientKind.USER, ALICE), reply)
    assert person is not None and person(buttons[0]) is not None
    no_votes = Reply(text="Weekly digest", buttons=(Button("Open", "draft:post", "post:1"),))
    assert signer.for_reply(Recipient(Platform.EMAIL, RecipientKind.USER, ALICE), no_votes) is None
