"""`/wg list` and `/wg email` on SQLite and PostgreSQL: a chair binds the group to its list
(one list per group, one group per list); a person links an address only with the code mailed
to it (hashed, expiring, few attempts), and `/wg forget me` also takes their list posts out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage

import pytest
from sqlmodel import select

from bot.frontends.registry import delivery_ports
from commands.email import MAX_ATTEMPTS
from storage.email.models import EmailCode
from storage.record.repo import Said
from tests.frontends.email.smtp_server import SmtpServer
from tests.harness import START, BotHarness
from tests.hostile import ALL


class Mailbox:
    """The bot as configured with SMTP (WGBOT_SMTP_*), and what a real SMTP server on
    127.0.0.1 received from it."""

    def __init__(self, bot: BotHarness, server: SmtpServer) -> None:
        self.bot = bot
        self.server = server

    def messages(self) -> list[EmailMessage]:
        return [r.message for r in self.server.received]

    def codes(self) -> list[str]:
        found = []
        for message in self.messages():
            body = message.get_body(("plain",))
            assert body is not None
            found += re.findall(r"Your code is (\d{6})\.", body.get_content())
        return found


@pytest.fixture
def mail(database_url: str, smtp_server: SmtpServer) -> Iterator[Mailbox]:
    bot = BotHarness(
        database_url,
        wgbot_smtp_host="127.0.0.1",
        wgbot_smtp_port=smtp_server.port,
        wgbot_smtp_security="none",
        wgbot_email_from="wgbot@igf.example",
    )
    # What `wgbot run` does: the process's delivery ports, the SMTP one among them.
    bot.app.dispatcher.deliveries = delivery_ports(bot.app.settings)
    yield Mailbox(bot, smtp_server)
    bot.app.database.dispose()


def test_a_chair_binds_shows_moves_and_unbinds_the_list(bot: BotHarness) -> None:
    bot.setup_group()
    assert "bound to no mailing list" in bot.text("/wg list")
    reply = bot.say("/wg list BPF-Cyber@Lists.Example.ORG")
    assert reply.tone.value == "success", reply.text
    assert "bpf-cyber@lists.example.org" in bot.text("/wg list")
    assert "already reads" in bot.text("/wg list bpf-cyber@LISTS.example.org")
    assert bot.say("/wg list other@lists.example.org").tone.value == "success"
    with bot.read() as store:
        bindings = [(b.platform, b.channel_id) for b in store.groups.channels(1)]
        assert ("email", "other@lists.example.org") in bindings
        assert ("email", "bpf-cyber@lists.example.org") not in bindings
        assert store.groups.by_channel("email", "other@lists.example.org") is not None
    assert bot.say("/wg list off").tone.value == "success"
    assert "nothing to unbind" in bot.text("/wg list off")


def test_bad_list_input_changes_nothing(bot: BotHarness) -> None:
    bot.setup_group()
    audit = bot.audit_count()
    for bad in ("not-an-address", "a@b", '"x y"@ex.org', "a@ex..org"):
        reply = bot.say(f"/wg list {bad}")
        assert reply.tone.value == "error" and "\n" not in reply.text, reply.text
    bot.say("/wg join civil-society africa", user="bob")
    assert "Only a chair" in bot.text("/wg list l@ex.org", user="bob")
    assert bot.audit_count() == audit + 1  # bob's join only
    bot.say("/wg list l@ex.org")
    bot.say("/wg create Another group", channel="wg-other")
    reply = bot.say("/wg list l@ex.org", channel="wg-other")
    assert reply.tone.value == "error" and "another group" in reply.text


def test_the_bots_own_address_is_no_list(database_url: str) -> None:
    bot = BotHarness(database_url, wgbot_email_from="wgbot@igf.example")
    try:
        bot.setup_group()
        assert "bot's own address" in bot.text("/wg list WGBOT@IGF.example")
    finally:
        bot.app.database.dispose()


def test_linking_an_address_needs_the_mailed_code(mail: Mailbox) -> None:
    bot = mail.bot
    assert "No address is linked" in bot.text("/wg email")
    reply = bot.say("/wg email Ana@Example.ORG")
    assert reply.tone.value == "success", reply.text
    (sent,) = mail.messages()
    assert (
        sent["To"] == "ana@example.org"
        and sent["From"].addresses[0].addr_spec == "wgbot@igf.example"
    )
    (code,) = mail.codes()
    with bot.read() as store:
        row = store.session.exec(select(EmailCode)).one()
        assert code not in row.code_hash and len(row.code_hash) == 64  # only a hash is kept
    assert "A code was mailed to ana@example.org" in bot.text("/wg email")
    wrong = "000000" if code != "000000" else "111111"
    reply = bot.say(f"/wg email confirm {wrong}")
    assert reply.tone.value == "error" and f"{MAX_ATTEMPTS - 1} tries left" in reply.text
    assert bot.say("/wg email confirm 12ab").tone.value == "error"
    assert bot.say(f"/wg email confirm {code}", user="bob").tone.value == "error"  # not his
    assert bot.say(f"/wg email confirm {code}").tone.value == "success"
    assert "Your linked address is ana@example.org" in bot.text("/wg email")
    with bot.read() as store:
        link = store.email.identity_by_address("ana@example.org")
        assert link is not None and (link.platform, link.user_id) == ("console", "ana")
        assert store.email.pending_code("console", "ana") is None
    # Someone else cannot take it over.
    reply = bot.say("/wg email ana@example.org", user="bob")
    assert reply.tone.value == "error" and len(mail.codes()) == 1
    assert bot.say("/wg email off").tone.value == "success"
    with bot.read() as store:
        assert store.email.identity_of("console", "ana") is None


def test_codes_expire_and_allow_few_attempts(mail: Mailbox) -> None:
    bot = mail.bot
    bot.say("/wg email ana@example.org")
    (code,) = mail.codes()
    again = bot.say("/wg email ana@example.org")
    assert again.tone.value == "error" and "less than a minute" in again.text
    bot.clock.advance(timedelta(minutes=16))
    assert "expired" in bot.text(f"/wg email confirm {code}")
    bot.say("/wg email ana@example.org")
    code = mail.codes()[-1]
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(MAX_ATTEMPTS - 1):
        assert "Wrong code" in bot.text(f"/wg email confirm {wrong}")
    assert "no tries left" in bot.text(f"/wg email confirm {wrong}")
    assert "No code is waiting" in bot.text(f"/wg email confirm {code}")  # the right one, late
    with bot.read() as store:
        assert store.email.identity_of("console", "ana") is None


def test_without_smtp_no_code_is_promised(bot: BotHarness) -> None:
    reply = bot.say("/wg email ana@example.org")
    assert reply.tone.value == "error" and "WGBOT_SMTP_HOST" in reply.text
    with bot.read() as store:
        assert store.email.pending_code("console", "ana") is None


def test_hostile_addresses_are_refused_in_one_line(mail: Mailbox) -> None:
    bot = mail.bot
    bot.setup_group()
    audit = bot.audit_count()
    for payload in ALL:
        for line in (f"/wg email {payload}", f"/wg list {payload}"):
            reply = bot.say(line)
            assert reply.tone.value in ("error", "info"), (payload, reply.text)
            assert len(reply.text.splitlines()) <= 1
    assert mail.codes() == [] and bot.audit_count() == audit


def test_forget_me_takes_linked_list_posts_out(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say("/wg list bpf@lists.example.org")
    with bot.read() as store:
        store.email.link("ana@example.org", "console", "ana", "console:ana", START)
        store.record.add(
            1,
            Said(
                platform="email",
                channel_id="bpf@lists.example.org",
                message_id="m1@example.org",
                user_id="ana@example.org",
                user_name="Ana",
                text="my list post",
                at=START,
            ),
        )
        assert store.record.voices_since(1, START.date()) == {("console", "ana"): 1}
    assert "1 message" in bot.text("/wg forget me")
    with bot.read() as store:
        assert store.record.period("email", "bpf@lists.example.org", START) == []
        assert store.record.voices_since(1, START.date()) == {("console", "ana"): 1}
