"""Shared set-up for the email answer tests: a group with an email-only sponsor, the real
scheduler and the real SMTP port on 127.0.0.1, and the nudge email as it arrived."""

from __future__ import annotations

import re
from collections.abc import Mapping
from email.message import EmailMessage

from bot.core.messages import Platform
from bot.core.ports import DeliveryPort
from bot.frontends.email.delivery import EmailDelivery, sender_address
from bot.frontends.email.links import LinkSigner
from bot.scheduler.retry import RetryPolicy
from bot.scheduler.sweep import Sweeper
from storage.database import Database
from storage.sponsors.models import Sponsor
from tests.frontends.email.smtp_server import SmtpServer
from tests.harness import BotHarness
from tests.scheduler.helpers import RecordingPort, Sleeps

BOT_ADDRESS = "wgbot@igf.example"
SPONSOR = "alice@example.org"
SECRET = "test-link-secret-0123456789"
PUBLIC = "https://wgbot.igf.example"


def email_group(bot: BotHarness, address: str = "alice@Example.ORG") -> int:
    """A group whose chair names an email-only sponsor; returns the group id."""
    bot.say("/wg create BPF Cybersecurity", user="chair")
    bot.say("/wg join civil society grulac", user="chair")
    reply = bot.say(f"/wg sponsor {address}", user="chair")
    assert reply.tone.value == "success", reply.text
    with bot.read() as store:
        group = store.groups.by_name("BPF Cybersecurity")
        assert group is not None and group.id is not None
        return group.id


def sponsor_row(bot: BotHarness, group_id: int) -> Sponsor:
    with bot.read() as store:
        row = store.sponsors.get(group_id, Platform.EMAIL.value, SPONSOR)
        assert row is not None
        return row


def state_of(row: Sponsor) -> tuple[object, ...]:
    return (row.state, row.state_until, row.updated_at, row.assigned_at)


def email_port(server: SmtpServer, bot: BotHarness, *, links: bool = True) -> EmailDelivery:
    signer = LinkSigner([SECRET], PUBLIC, clock=bot.clock) if links else None
    return EmailDelivery(
        server.config(),
        sender_address(f"IGF wgbot <{BOT_ADDRESS}>"),
        secret=SECRET.encode(),
        links=signer,
        clock=bot.clock,
    )


def email_sweeper(
    bot: BotHarness, port: DeliveryPort, *, database: Database | None = None
) -> Sweeper:
    """The real sweeper with the email port (and the console's, recording)."""
    ports: Mapping[Platform, DeliveryPort] = {
        Platform.CONSOLE: RecordingPort(),
        Platform.EMAIL: port,
    }
    return Sweeper(
        database or bot.app.database,
        bot.app.settings,
        ports,
        bot.clock,
        sleep=Sleeps(),
        policy=RetryPolicy(max_attempts=3),
    )


def nudges_to(server: SmtpServer, address: str = SPONSOR) -> list[EmailMessage]:
    return [
        r.message
        for r in server.received
        if address in r.rcpt_tos and "sponsor nudge" in str(r.message["Subject"])
    ]


def answer_links(message: EmailMessage) -> dict[str, str]:
    """The one-click links of a nudge email, by verb, read from its plain-text part."""
    plain = message.get_body(("plain",))
    assert plain is not None
    link = r"(https://wgbot\.igf\.example/email/answer\?t=[A-Za-z0-9_.\-]+)"
    found = re.findall(link, str(plain.get_content()))
    verbs = ("commit", "snooze", "stepdown")
    assert len(found) == 3, found
    return dict(zip(verbs, found, strict=True))
