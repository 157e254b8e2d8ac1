"""The SMTP client and the email DeliveryPort against a real aiosmtpd server on 127.0.0.1:
TLS both ways, AUTH, and every failure the scheduler must tell apart (permanent or retried)."""

from __future__ import annotations

import ssl
from collections.abc import Callable
from email.message import EmailMessage

import pytest

from bot.core.delivery_tags import DELIVERY_KEY
from bot.core.messages import Button, Field, Platform, Reply, Section
from bot.core.ports import DeliveryError, Recipient, RecipientKind
from bot.frontends.email.delivery import EmailDelivery, sender_address
from bot.frontends.email.smtp import Security, SmtpConfig, send_message
from bot.frontends.registry import delivery_ports
from tests import harness, hostile
from tests.frontends.email.html_check import assert_inert_html
from tests.frontends.email.smtp_server import SmtpServer, free_port

Start = Callable[..., SmtpServer]
ALICE = Recipient(Platform.EMAIL, RecipientKind.USER, "alice@example.org")


def a_message(to: str = "alice@example.org") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "wgbot@igf.example"
    message["To"] = to
    message["Subject"] = "test"
    message.set_content("hello")
    return message


def port_for(server: SmtpServer, **overrides: object) -> EmailDelivery:
    return EmailDelivery(
        server.config(**overrides), sender_address("IGF wgbot <wgbot@igf.example>")
    )


def parts(message: EmailMessage) -> tuple[str, str]:
    plain = message.get_body(("plain",))
    rich = message.get_body(("html",))
    assert plain is not None and rich is not None
    return str(plain.get_content()), str(rich.get_content())


def test_the_registry_sends_by_email_when_smtp_host_is_set(smtp_server: SmtpServer) -> None:
    settings = harness.make_settings(
        wgbot_smtp_host="127.0.0.1",
        wgbot_smtp_port=smtp_server.port,
        wgbot_smtp_security="none",
        wgbot_email_from="IGF wgbot <wgbot@igf.example>",
    )
    port = delivery_ports(settings)[Platform.EMAIL]
    reply = Reply(
        title="BPF Cybersecurity: your weekly sponsor nudge",
        text="Here is where it stands.",
        fields=(Field("Goal", "A report by June"),),
        sections=(Section("Open asks", ("#1 Help with `the survey`",)),),
    )
    message_id = port.send(ALICE, reply)
    [got] = smtp_server.wait_for(1)
    assert got.rcpt_tos == ("alice@example.org",)
    assert got.mail_from == "wgbot@igf.example"
    message = got.message
    assert message["Message-ID"] == message_id
    assert message["From"] == "IGF wgbot <wgbot@igf.example>"
    assert message["Subject"] == "BPF Cybersecurity: your weekly sponsor nudge"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "multipart/alternative"
    plain, rich = parts(message)
    assert "Goal: A report by June" in plain and "#1 Help with `the survey`" in plain
    text = assert_inert_html(rich)
    assert "A report by June" in text
    assert "<code>the survey</code>" in rich


def test_no_smtp_host_no_email_port() -> None:
    assert Platform.EMAIL not in delivery_ports(harness.make_settings())
    # Configured but unusable (no From): logged, and email messages wait unclaimed.
    ports = delivery_ports(harness.make_settings(wgbot_smtp_host="127.0.0.1"))
    assert Platform.EMAIL not in ports


def test_the_message_id_follows_the_delivery_key(smtp_server: SmtpServer) -> None:
    """A resend after a crash carries the same Message-ID; another message another one."""
    port = port_for(smtp_server)
    reply = Reply("hi", metadata={DELIVERY_KEY: "nudge|3|email:user:alice@example.org|2026-W49"})
    first, again = port.send(ALICE, reply), port.send(ALICE, reply)
    other = port.send(ALICE, Reply("hi", metadata={DELIVERY_KEY: "nudge|3|x|2026-W50"}))
    unkeyed = port.send(ALICE, Reply("hi")), port.send(ALICE, Reply("hi"))
    assert first == again != other
    assert first.startswith("<wgbot.nudge.") and first.endswith("@igf.example>")
    assert unkeyed[0] != unkeyed[1]
    got = smtp_server.wait_for(5)
    assert [r.message["Message-ID"] for r in got] == [first, again, other, *unkeyed]


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
def test_starttls_and_auth(start_smtp: Start, mechanism: str) -> None:
    server = start_smtp(Security.STARTTLS, users={"bot": "s3cret"}, mechanisms=(mechanism,))
    port_for(server, user="bot", password="s3cret").send(ALICE, Reply("over TLS"))
    [got] = server.wait_for(1)
    assert got.authenticated_as == "bot"


def test_implicit_tls_and_auth(start_smtp: Start) -> None:
    server = start_smtp(Security.SSL, users={"bot": "s3cret"})
    port_for(server, user="bot", password="s3cret").send(ALICE, Reply("over TLS"))
    [got] = server.wait_for(1)
    assert got.authenticated_as == "bot"


def test_a_certificate_nobody_vouches_for_is_refused(start_smtp: Start) -> None:
    server = start_smtp(Security.STARTTLS)
    with pytest.raises(DeliveryError, match="TLS") as failed:
        port_for(server, tls_context=ssl.create_default_context()).send(ALICE, Reply("x"))
    assert not failed.value.permanent
    assert server.received == []


def test_starttls_wanted_but_not_offered_is_permanent(smtp_server: SmtpServer) -> None:
    with pytest.raises(DeliveryError, match="does not offer STARTTLS") as failed:
        send_message(smtp_server.config(security=Security.STARTTLS), a_message(), "a@b.org")
    assert failed.value.permanent


def test_refused_login_is_permanent(start_smtp: Start) -> None:
    server = start_smtp(Security.STARTTLS, users={"bot": "s3cret"})
    with pytest.raises(DeliveryError, match="refused WGBOT_SMTP_USER's login: 535") as failed:
        port_for(server, user="bot", password="wrong").send(ALICE, Reply("x"))
    assert failed.value.permanent
    assert server.received == []


def test_no_login_where_the_server_requires_one_is_permanent(start_smtp: Start) -> None:
    server = start_smtp(Security.STARTTLS, users={"bot": "s3cret"})
    with pytest.raises(DeliveryError, match="530") as failed:
        port_for(server).send(ALICE, Reply("x"))
    assert failed.value.permanent


def test_unknown_recipient_is_permanent(smtp_server: SmtpServer) -> None:
    smtp_server.handler.refuse["alice@example.org"] = "550 5.1.1 <alice@example.org>: no such user"
    with pytest.raises(DeliveryError, match=r"550 5\.1\.1") as failed:
        port_for(smtp_server).send(ALICE, Reply("x"))
    assert failed.value.permanent


def test_temporary_failure_is_retried(smtp_server: SmtpServer) -> None:
    smtp_server.handler.refuse["alice@example.org"] = "451 4.3.0 greylisted, try again later"
    with pytest.raises(DeliveryError, match=r"451 4\.3\.0") as failed:
        port_for(smtp_server).send(ALICE, Reply("x"))
    assert not failed.value.permanent
    smtp_server.handler.refuse.clear()
    port_for(smtp_server).send(ALICE, Reply("x"))
    assert len(smtp_server.wait_for(1)) == 1


def test_message_refused_after_data_is_permanent(smtp_server: SmtpServer) -> None:
    smtp_server.handler.refuse_data = "554 5.7.1 message refused as spam"
    with pytest.raises(DeliveryError, match=r"554 5\.7\.1") as failed:
        port_for(smtp_server).send(ALICE, Reply("x"))
    assert failed.value.permanent


def test_connection_refused_is_retried() -> None:
    config = SmtpConfig(host="127.0.0.1", port=free_port(), security=Security.NONE, timeout=2)
    with pytest.raises(DeliveryError, match=r"could not reach 127\.0\.0\.1") as failed:
        send_message(config, a_message(), "alice@example.org")
    assert not failed.value.permanent


def test_a_bad_recipient_address_is_refused_before_any_connection() -> None:
    config = SmtpConfig(host="127.0.0.1", port=free_port(), security=Security.NONE)
    port = EmailDelivery(config, sender_address("wgbot@igf.example"))
    bad = Recipient(
        Platform.EMAIL, RecipientKind.USER, "alice@example.org\r\nBcc: eve@evil.example"
    )
    with pytest.raises(DeliveryError, match="not an address") as failed:
        port.send(bad, Reply("x"))
    assert failed.value.permanent


@pytest.mark.parametrize("payload", hostile.HOSTILE + hostile.MARKUP + hostile.DISGUISED_LINKS)
def test_hostile_text_stays_text(smtp_server: SmtpServer, payload: str) -> None:
    """In the subject (no header injection), the body and the HTML (escaped), and a link the
    bot makes shows its address."""
    link = "https://bot.igf.example/a?t=1&u=2"
    port = port_for(smtp_server)
    port.links = _OneLink(link)
    reply = Reply(
        title=f"{payload}\r\nBcc: eve@evil.example",
        text=f"<script>alert(1)</script> {payload}",
        fields=(Field(payload[:30] or "x", payload),),
        sections=(Section(payload[:40] or "x", (payload,)),),
        buttons=(Button(payload[:40] or "x", "nudge:commit", "commit:1:1"),),
    )
    port.send(ALICE, reply)
    [got] = smtp_server.wait_for(1)
    assert got.rcpt_tos == ("alice@example.org",)
    message = got.message
    assert message["Bcc"] is None and "\n" not in str(message["Subject"])
    visible = " ".join("".join(c if c.isprintable() else " " for c in payload).split())
    assert str(message["Subject"]).startswith(visible[:20])
    plain, rich = parts(message)
    text = assert_inert_html(rich, links=(link,))
    assert "<script>alert(1)</script>" in text  # shown as typed, never run
    assert payload.split()[0] in plain


class _OneLink:
    def __init__(self, url: str) -> None:
        self.url = url

    def for_reply(self, to: Recipient, reply: Reply) -> Callable[[Button], str | None]:
        return lambda button: self.url
