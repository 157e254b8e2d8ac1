"""List mail in, on SQLite and PostgreSQL, decoded by the real MIME decoder: a post to a
bound list joins the group's record once (a re-feed, a second source, a restart change
nothing), counts as the voice of the member who linked the address, is kept but nobody's
voice from anyone else, and what is no post is skipped and counted by reason and list."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from bot.frontends.email.inbound import Inbound, Outcome, record_id
from storage.record.models import RecordMessage
from tests.frontends.email.mail import LIST, bounce, list_post
from tests.harness import START, BotHarness


def setup(bot: BotHarness) -> Inbound:
    bot.setup_group()  # ana: chair, civil society
    bot.say(f"/wg list {LIST}")
    bot.say("/wg join private-sector weog", user="bob")
    with bot.read() as store:
        store.email.link("ana@example.org", "console", "ana", "console:ana", START)
        store.email.link("bob@corp.example", "console", "bob", "console:bob", START)
    return Inbound(bot.app.database, bot.app.settings, bot.clock)


def rows(bot: BotHarness) -> list[RecordMessage]:
    with bot.read() as store:
        return list(store.session.exec(select(RecordMessage).order_by(col(RecordMessage.at))))


def counters(bot: BotHarness) -> dict[tuple[str, str], int]:
    with bot.read() as store:
        return {(r.list_address, r.reason): r.count for r in store.email.stats()}


def test_a_members_post_counts_once_as_their_voice(bot: BotHarness) -> None:
    inbound = setup(bot)
    raw = list_post("p1@example.org", "Ana@EXAMPLE.org", name="Ana", at=START)
    result = inbound.ingest(raw, source="lmtp")
    assert (result.outcome, result.lists) == (Outcome.COUNTED, (LIST,))
    assert inbound.ingest(raw, source="imap:bot@host/INBOX").outcome == Outcome.DUPLICATE
    (row,) = rows(bot)
    assert (row.platform, row.channel_id, row.user_id) == ("email", LIST, "ana@example.org")
    assert row.thread_id is None and row.text is not None and "Scoping the BPF" in row.text
    assert "CSIRT cooperation" in row.text and row.permalink == "mid:p1@example.org"
    bot.clock.advance(timedelta(hours=1))
    coverage = bot.text("/wg coverage")
    assert "Voices heard, last 28 days (1 message)" in coverage, coverage
    assert counters(bot) == {(LIST, "counted"): 1}
    # A restart: a new process, the same database, the same mail again.
    again = BotHarness(bot.app.database.engine.url.render_as_string(hide_password=False))
    try:
        fresh = Inbound(again.app.database, again.app.settings, again.clock)
        assert fresh.ingest(raw, source="lmtp").outcome == Outcome.DUPLICATE
        assert len(rows(again)) == 1 and counters(again) == {(LIST, "counted"): 1}
    finally:
        again.app.database.dispose()


def test_replies_join_their_thread_and_non_members_are_kept_but_not_voices(
    bot: BotHarness,
) -> None:
    inbound = setup(bot)
    inbound.ingest(list_post("root@example.org", "ana@example.org", at=START), source="lmtp")
    reply = list_post(
        "r1@corp.example",
        "bob@corp.example",
        subject="Re: Scoping the BPF",
        body="Agreed.\n\n> I think we should scope the work on CSIRT cooperation.",
        at=START + timedelta(minutes=5),
        references=("root@example.org",),
    )
    assert inbound.ingest(reply, source="lmtp").outcome == Outcome.COUNTED
    stranger = list_post(
        "s1@elsewhere.example",
        "eve@elsewhere.example",
        name="Eve",
        subject="Re: Scoping the BPF",
        body="What about the regional CERTs?",
        at=START + timedelta(minutes=9),
        references=("root@example.org", "r1@corp.example"),
    )
    assert inbound.ingest(stranger, source="lmtp").outcome == Outcome.NON_MEMBER
    _root, bob, eve = rows(bot)
    assert bob.thread_id == "root@example.org" and eve.thread_id == "root@example.org"
    assert bob.text == "Agreed."  # the quote is stripped; a reply's subject is not repeated
    assert eve.user_id == "eve@elsewhere.example" and eve.text == "What about the regional CERTs?"
    bot.clock.advance(timedelta(hours=1))
    coverage = bot.text("/wg coverage")
    assert "(2 messages)" in coverage and "1 message from people who have not joined" in coverage
    with bot.read() as store:
        thread = store.record.thread("email", LIST, "root@example.org")
        assert [m.message_id for m in thread] == [
            "root@example.org",
            "r1@corp.example",
            "s1@elsewhere.example",
        ]
    assert counters(bot) == {(LIST, "counted"): 2, (LIST, "non_member"): 1}


def test_what_is_no_post_is_skipped_and_counted_by_reason(database_url: str) -> None:
    bot = BotHarness(
        database_url, wgbot_email_max_bytes=10_000, wgbot_email_from="wgbot@igf.example"
    )
    try:
        inbound = setup(bot)
        cases = {
            "bounce": bounce("b1@mx.example.org", START),
            "auto_reply": list_post(
                "a1@example.org",
                "ana@example.org",
                at=START,
                headers={"Auto-Submitted": "auto-replied"},
            ),
            "too_big": list_post("big@example.org", "ana@example.org", at=START, body="x" * 20_000),
            "malformed": b"\x00\x01 not a message at all",
            "not_a_list": list_post(
                "n1@example.org",
                "ana@example.org",
                at=START,
                to="other@lists.example.org",
                list_id="<other.lists.example.org>",
            ),
            "to_bot": list_post(
                "t1@example.org", "ana@example.org", at=START, to="wgbot@igf.example", list_id=None
            ),
        }
        for reason, raw in cases.items():
            result = inbound.ingest(raw, source="lmtp")
            assert result.outcome == reason, (reason, result)
            assert inbound.ingest(raw, source="lmtp").outcome == Outcome.DUPLICATE
        assert rows(bot) == []
        assert counters(bot) == {
            (LIST, "bounce"): 1,
            (LIST, "auto_reply"): 1,
            (LIST, "too_big"): 1,
            ("", "malformed"): 1,
            ("", "not_a_list"): 1,
            ("", "to_bot"): 1,
        }
        with bot.read() as store:
            (source,) = store.email.sources()
            assert source.name == "lmtp" and source.last_message_at == START
    finally:
        bot.app.database.dispose()


def test_forgotten_words_stay_out_when_the_mail_comes_again(bot: BotHarness) -> None:
    inbound = setup(bot)
    first = list_post("f1@example.org", "ana@example.org", at=START)
    inbound.ingest(first, source="lmtp")
    bot.clock.advance(timedelta(minutes=10))
    assert "1 message" in bot.text("/wg forget me")
    late = list_post("f2@example.org", "ana@example.org", at=START + timedelta(minutes=1))
    inbound.ingest(late, source="imap:bot@host/INBOX")  # written before, delivered after
    assert [r.text for r in rows(bot)] == [None, None]
    bot.clock.advance(timedelta(hours=1))
    assert "(2 messages)" in bot.text("/wg coverage")  # that she spoke stays


def test_long_and_odd_message_ids_fit_the_record(bot: BotHarness) -> None:
    inbound = setup(bot)
    long_id = "x" * 150 + "@example.org"
    inbound.ingest(list_post(long_id, "ana@example.org", at=START), source="lmtp")
    reply = list_post(
        "r@example.org", "bob@corp.example", at=START + timedelta(minutes=1), references=(long_id,)
    )
    inbound.ingest(reply, source="lmtp")
    root, answer = rows(bot)
    assert root.message_id == record_id(long_id) and len(root.message_id) <= 100
    assert answer.thread_id == root.message_id


def test_permalinks_follow_the_archive_pattern(database_url: str) -> None:
    pattern = (
        "https://mail.example.org/archives/list/bpf@lists.example.org/message/{message_id_hash}/"
    )
    bot = BotHarness(database_url, wgbot_list_archive_url=pattern)
    try:
        inbound = setup(bot)
        inbound.ingest(list_post("p1@example.org", "ana@example.org", at=START), source="lmtp")
        (row,) = rows(bot)
        # HyperKitty's hash of "p1@example.org": base32(sha1(message id)).
        import base64
        import hashlib

        digest = base64.b32encode(hashlib.sha1(b"p1@example.org").digest()).decode()
        assert row.permalink == pattern.replace("{message_id_hash}", digest)
    finally:
        bot.app.database.dispose()
