"""The shared corpus decodes as it says: every post's own words kept and its parent's quote
gone, the sender right, every other message skipped for its reason (the contract the ingest,
IMAP and archive tests rely on)."""

from __future__ import annotations

from collections import Counter

from bot.mail.mime import Post, Skipped, decode_post
from testkit.email.corpus import LIST_ID, PEOPLE, extras, list_thread

LIMIT = 5_000_000  # WGBOT_EMAIL_MAX_BYTES's default


def test_the_thread_has_every_shape_and_decodes_as_labelled() -> None:
    thread = list_thread()
    assert len(thread) == 300
    assert len({m.message_id for m in thread}) == 300
    shapes = Counter(m.shape for m in thread)
    assert len(shapes) == 8 and min(shapes.values()) >= 30, shapes
    senders = set()
    for message in thread:
        post = decode_post(message.raw, max_bytes=LIMIT)
        assert isinstance(post, Post), (message.shape, post)
        assert post.message_id == message.message_id
        assert post.sender == message.sender.lower()
        assert message.words and message.words in post.text, (message.shape, post.text)
        if message.quoted:
            assert message.quoted not in post.text, (message.shape, post.text)
        for leftover in ("mailing list", "Sent from my", "Envoyé de mon", "wrote:", "-- \n"):
            assert leftover not in post.text, (message.shape, leftover, post.text)
        assert post.list_id == LIST_ID
        senders.add(post.sender)
    assert len(senders) == len(PEOPLE)


def test_attachments_in_the_thread_including_a_huge_one() -> None:
    thread = list_thread()
    huge = decode_post(thread[250].raw, max_bytes=LIMIT)
    assert isinstance(huge, Post)
    assert len(thread[250].raw) > 4_000_000
    (attachment,) = huge.attachments
    assert attachment.name == "consultation-responses.pdf" and attachment.size >= 3_000_000
    assert "[attachment: consultation-responses.pdf, 3.0 MB]" in huge.text


def test_the_extras_are_skipped_for_their_reasons() -> None:
    found = Counter()
    for message in extras():
        result = decode_post(message.raw, max_bytes=LIMIT)
        assert isinstance(result, Skipped), message.kind
        assert result.reason == message.kind, (message.kind, result)
        assert result.message_id == message.message_id
        found[result.reason] += 1
    assert found == {"bounce": 2, "auto_reply": 3, "malformed": 2, "too_big": 1}


def test_the_corpus_is_deterministic() -> None:
    assert [m.raw for m in list_thread(20)] == [m.raw for m in list_thread(20)]
    assert list_thread(20, seed=1)[5].raw != list_thread(20)[5].raw
