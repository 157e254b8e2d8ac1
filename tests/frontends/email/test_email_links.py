"""One-click answers from the nudge email, over real HTTP: GET only shows a confirmation page
(mail scanners prefetch links), POST answers through the same core handler as the chat
buttons, a second click says it is done, and a tampered or expired link changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from pydantic import SecretStr

from bot.frontends.email.background import start_background
from bot.frontends.email.links import LinkSigner
from bot.frontends.email.web import LinkServer
from bot.ground.states import SponsorState
from tests.frontends.email.answer_helpers import (
    PUBLIC,
    SECRET,
    answer_links,
    email_group,
    email_port,
    email_sweeper,
    nudges_to,
    sponsor_row,
    state_of,
)
from tests.frontends.email.html_check import assert_inert_html, parse_html
from tests.frontends.email.smtp_server import SmtpServer
from tests.harness import BotHarness


@pytest.fixture
def served(bot: BotHarness) -> Iterator[httpx.Client]:
    """The answer endpoint on 127.0.0.1, as `wgbot run` serves it; a client for it."""
    server = LinkServer(bot.app, LinkSigner([SECRET], PUBLIC, clock=bot.clock), "127.0.0.1", 0)
    port = server.start()
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
        yield client
    server.stop()


def local(url: str) -> str:
    """The public link as the reverse proxy forwards it."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def token_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["t"][0]


def nudge_links(bot: BotHarness, smtp_server: SmtpServer) -> dict[str, str]:
    email_sweeper(bot, email_port(smtp_server, bot)).sweep()
    [message] = nudges_to(smtp_server)
    return answer_links(message)


def test_get_shows_a_button_and_changes_nothing(
    bot: BotHarness, smtp_server: SmtpServer, served: httpx.Client
) -> None:
    group_id = email_group(bot)
    links = nudge_links(bot, smtp_server)
    before = sponsor_row(bot, group_id)
    for _ in range(3):  # a scanner, a preview, the person
        page = served.get(local(links["commit"]))
        assert page.status_code == 200
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    tags, text = parse_html(page.text)
    assert "BPF Cybersecurity" in text and "I commit to support this week" in text
    [form] = [attrs for tag, attrs in tags if tag == "form"]
    assert form["method"] == "post"
    assert state_of(sponsor_row(bot, group_id)) == state_of(before)  # nothing recorded by any GET
    assert served.head(local(links["stepdown"])).status_code in (200, 405)
    assert sponsor_row(bot, group_id).state == SponsorState.UNCONFIRMED.value


def test_post_commits_through_the_core_once(
    bot: BotHarness, smtp_server: SmtpServer, served: httpx.Client
) -> None:
    group_id = email_group(bot)
    links = nudge_links(bot, smtp_server)
    done = served.post("/email/answer", data={"t": token_of(links["commit"])})
    assert done.status_code == 200
    assert "Thank you: BPF Cybersecurity sees that you support it this week." in done.text
    row = sponsor_row(bot, group_id)
    assert row.state == SponsorState.COMMITTED.value
    assert row.state_until == bot.clock() + timedelta(days=7)
    assert "committed" in bot.text("/wg status").lower()
    # A second click, at once and a day later.
    again = served.post("/email/answer", data={"t": token_of(links["commit"])})
    assert again.status_code == 200 and "Already done" in again.text
    bot.clock.advance(timedelta(days=1))
    later = served.post("/email/answer", data={"t": token_of(links["commit"])})
    assert "Already done: you committed to support BPF Cybersecurity until" in later.text
    assert state_of(sponsor_row(bot, group_id)) == state_of(row)  # not extended, nothing changed
    # The other answers still work: the sponsor changes their mind.
    snoozed = served.post("/email/answer", data={"t": token_of(links["snooze"])})
    assert "Snoozed" in snoozed.text
    assert sponsor_row(bot, group_id).state == SponsorState.SNOOZED.value


def test_step_down_is_final(bot: BotHarness, smtp_server: SmtpServer, served: httpx.Client) -> None:
    group_id = email_group(bot)
    links = nudge_links(bot, smtp_server)
    down = served.post("/email/answer", data={"t": token_of(links["stepdown"])})
    assert "You stepped down as sponsor of BPF Cybersecurity" in down.text
    assert sponsor_row(bot, group_id).state == SponsorState.STEPPED_DOWN.value
    after = served.post("/email/answer", data={"t": token_of(links["commit"])})
    assert after.status_code == 409 and "already stepped down" in after.text
    assert sponsor_row(bot, group_id).state == SponsorState.STEPPED_DOWN.value


def test_tampered_and_expired_links_change_nothing(
    bot: BotHarness, smtp_server: SmtpServer, served: httpx.Client
) -> None:
    group_id = email_group(bot)
    links = nudge_links(bot, smtp_server)
    token = token_of(links["commit"])
    before = sponsor_row(bot, group_id)
    payload, _, rest = token.partition(".")
    flipped = payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1]
    forged = LinkSigner(["another secret"], PUBLIC, clock=bot.clock).token(
        group_id, before.id or 0, before.user_id, "2027-W02", "commit"
    )
    for bad in (f"{flipped}.{rest}", token[:-3], forged, "", "x" * 5000, "<script>"):
        for response in (
            served.get("/email/answer", params={"t": bad}),
            served.post("/email/answer", data={"t": bad}),
        ):
            assert response.status_code == 400
            text = assert_inert_html(response.text)
            assert "This link is not valid" in text and "Nothing was changed." in text
    bot.clock.advance(timedelta(days=15))
    expired = served.post("/email/answer", data={"t": token})
    assert expired.status_code == 410 and "This link has expired" in expired.text
    assert served.get(local(links["commit"])).status_code == 410
    assert state_of(sponsor_row(bot, group_id)) == state_of(before)


def test_a_link_for_one_sponsor_cannot_answer_for_another(
    bot: BotHarness, smtp_server: SmtpServer, served: httpx.Client
) -> None:
    """Signed by the bot but naming someone who is not that sponsor (as after a reassignment
    to another address): the core's own check refuses it."""
    group_id = email_group(bot)
    row = sponsor_row(bot, group_id)
    signer = LinkSigner([SECRET], PUBLIC, clock=bot.clock)
    token = signer.token(group_id, row.id or 0, "mallory@evil.example", "2027-W02", "stepdown")
    response = served.post("/email/answer", data={"t": token})
    assert response.status_code == 409 and "Only" in response.text
    assert state_of(sponsor_row(bot, group_id)) == state_of(row)


def test_wgbot_run_serves_links_only_when_configured(bot: BotHarness) -> None:
    assert start_background(bot.app) == []  # no secret, no public URL: nothing served
    settings = bot.app.settings.model_copy(
        update={
            "wgbot_email_link_secret": SecretStr(SECRET),
            "wgbot_public_url": PUBLIC,
            "wgbot_email_http_listen": "127.0.0.1:0",
        }
    )
    bot.app.settings = settings
    [stop] = start_background(bot.app)
    stop()
