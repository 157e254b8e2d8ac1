"""A mailing-list thread with a group of its own (`/wg list thread MESSAGE-ID`), over the real
LMTP endpoint on 127.0.0.1: its posts (those kept before the binding and every later one, a
reply that names only its parent included) are recorded under that group; the list's group
never reads them; the thread group's `/wg summaries off`, its members' `/wg forget me` (a late
delivery too) and the retention purge hold for them. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.core.render_text import render_text
from bot.frontends.email.inbound import Inbound
from storage.consent.words import purge
from storage.record.models import RecordMessage
from tests.frontends.email.mail import LIST, list_post
from tests.frontends.email.test_lmtp import deliver, serving
from tests.harness import START, BotHarness

ROOT = "scope-root@civil.example"
SIDE = "wg-scope"  # the console channel of the thread's own group
BOT = ["wgbot@igf.example"]


def post(mid: str, sender: str, body: str, minutes: int, *parents: str, subject: str = "") -> bytes:
    return list_post(
        mid,
        sender,
        name=sender.split("@")[0].capitalize(),
        subject=subject or ("Re: Scope of the output" if parents else "Scope of the output"),
        body=body,
        at=START + timedelta(minutes=minutes),
        references=parents,
    )


def rows(bot: BotHarness) -> dict[str, tuple[int, str | None]]:
    with bot.read() as store:
        found = store.session.exec(select(RecordMessage).where(RecordMessage.platform == "email"))
        return {r.message_id: (r.group_id, r.text) for r in found}


def setup(bot: BotHarness) -> Inbound:
    bot.setup_group()  # group 1 in wg-cyber, ana chairs
    assert bot.say(f"/wg list {LIST}").tone.value == "success"
    assert bot.say("/wg create Scope Group", user="zed", channel=SIDE).tone.value == "success"
    return Inbound(bot.app.database, bot.app.settings, bot.clock)


def test_a_list_thread_of_its_own_is_recorded_under_its_group_only(bot: BotHarness) -> None:
    inbound = setup(bot)
    with serving(inbound) as server:
        deliver(server, post(ROOT, "ana@civil.example", "Scope on CSIRTs.", 1), BOT)
        deliver(server, post("r1@x.example", "lena@x.example", "Agreed on CSIRTs.", 2, ROOT), BOT)
        deliver(
            server,
            post("o1@x.example", "lena@x.example", "Budget is short.", 3, subject="Budget"),
            BOT,
        )
        bound = bot.text(f"/wg list thread <{ROOT}>", user="zed", channel=SIDE)
        assert f"The list thread {ROOT} is now Scope Group's own" in bound
        assert "2 posts already kept move with it" in bound
        deliver(server, post("r2@x.example", "omar@x.example", "Kestrel idea.", 4, ROOT), BOT)
        # An old client: In-Reply-To its parent only, no References.
        old = post("r3@x.example", "omar@x.example", "Osprey idea.", 5)
        old = old.replace(b"Subject:", b"In-Reply-To: <r2@x.example>\nSubject:", 1)
        deliver(server, old, BOT)
    kept = rows(bot)
    assert {mid: g for mid, (g, _) in kept.items()} == {
        ROOT: 2,
        "r1@x.example": 2,
        "r2@x.example": 2,
        "r3@x.example": 2,
        "o1@x.example": 1,
    }
    assert "zed" not in bot.text("/wg list thread off")  # another group owns nothing: no-op
    listed = bot.text("/wg list", user="zed", channel=SIDE)
    assert f"It owns the list threads {ROOT}." in listed

    bot.clock.advance(timedelta(hours=1))
    own = render_text(bot.say("/summarize", user="zed", channel=SIDE))
    assert "Kestrel" in own or "Read 4 messages" in own, own
    parent = render_text(bot.say("/summarize"))
    assert "Kestrel" not in parent and "CSIRT" not in parent and "Osprey" not in parent
    assert "Read 1 message" in parent, parent


def test_the_thread_groups_opt_out_forget_and_retention_hold(bot: BotHarness) -> None:
    inbound = setup(bot)
    bot.say("/wg join government africa", user="kofi", channel=SIDE)
    with bot.read() as store:
        store.email.link("kofi@gov.example", "console", "kofi", "console:kofi", START)
    kofi_late = post("k2@gov.example", "kofi@gov.example", "Quetzal words.", 3, ROOT)
    with serving(inbound) as server:
        deliver(server, post(ROOT, "ana@civil.example", "Scope on CSIRTs.", 1), BOT)
        bot.say(f"/wg list thread {ROOT}", user="zed", channel=SIDE)
        deliver(server, post("k1@gov.example", "kofi@gov.example", "Zanzibar words.", 2, ROOT), BOT)
        bot.clock.advance(timedelta(minutes=10))
        forgot = bot.text("/wg forget me", user="kofi", channel=SIDE)
        assert "the words of your 1 message are out of Scope Group" in forgot
        deliver(server, kofi_late, BOT)  # said before the forget, delivered after it
        assert rows(bot)["k1@gov.example"] == (2, None)
        assert rows(bot)["k2@gov.example"] == (2, None)

        assert bot.say("/wg summaries off", user="zed", channel=SIDE).tone.value == "success"
        assert rows(bot)[ROOT] == (2, None)
        deliver(server, post("r9@x.example", "lena@x.example", "Secret plan.", 20, ROOT), BOT)
        deliver(
            server,
            post("o1@x.example", "lena@x.example", "Budget is short.", 21, subject="Budget"),
            BOT,
        )
    kept = rows(bot)
    assert kept["r9@x.example"] == (2, None)  # opted out: no words from then on
    assert kept["o1@x.example"] == (1, "Budget\n\nBudget is short.")  # the list group's own

    # Back on; a later post is kept; the retention period takes it out like any record row.
    bot.say("/wg summaries on", user="zed", channel=SIDE)
    with serving(inbound) as server:
        deliver(server, post("r10@x.example", "lena@x.example", "New words.", 30, ROOT), BOT)
    assert rows(bot)["r10@x.example"] == (2, "New words.")
    days = bot.app.settings.wgbot_record_days
    with bot.app.database.session() as session:
        purge(session, START + timedelta(days=days + 1), 100)
    assert all(text is None for _, text in rows(bot).values())


def test_binding_a_list_thread_refuses_what_is_not_a_message_id(bot: BotHarness) -> None:
    setup(bot)
    before = bot.audit_count()
    for raw in ("not-an-id", "<a>b@c>", "@host", "a@"):
        reply = bot.say(f"/wg list thread {raw}", user="zed", channel=SIDE)
        assert reply.tone.value == "error" and "is not a Message-ID" in reply.text, raw
    assert bot.audit_count() == before
    bot.say(f"/wg list thread {ROOT}", user="zed", channel=SIDE)
    taken = bot.say(f"/wg list thread {ROOT}")  # the list's group cannot take it back
    assert taken.tone.value == "error" and "another group's already" in taken.text
    freed = bot.text("/wg list thread off", user="zed", channel=SIDE)
    assert "later posts go to the list's group again" in freed
