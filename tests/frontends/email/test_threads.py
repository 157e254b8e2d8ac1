"""Threads rebuilt from Message-ID / In-Reply-To / References, in any arrival order."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.mail.mime import Post, decode_post
from bot.mail.threads import base_subject, build_threads, thread_id
from testkit.email.corpus import list_thread


def _post(mid: str, minute: int, subject: str = "Scope", **kw: object) -> Post:
    base = Post(
        message_id=mid, in_reply_to=None, references=(), sender="a@b.example", sender_name="A",
        list_id=None, list_post=None, to=(), cc=(), subject=subject,
        date=datetime(2027, 1, 11, tzinfo=UTC) + timedelta(minutes=minute), text=mid,
        attachments=(), size=1,
    )  # fmt: skip
    return replace(base, **kw)  # type: ignore[arg-type]


def test_base_subject_drops_reply_prefixes_and_list_tags() -> None:
    for subject in (
        "Re: [BPF-Cyber] Scope", "RE: RE: Scope", "AW: [BPF-Cyber] Re: Scope",
        "Réf : Scope", "TR: Fwd: Scope", "Re[2]: Scope", "SV: Scope", "RV: [x] Scope",
    ):  # fmt: skip
        assert base_subject(subject) == "Scope", subject
    assert base_subject("Re: Renewal of the mandate") == "Renewal of the mandate"


def test_the_corpus_thread_is_one_thread_whatever_the_order() -> None:
    posts = [decode_post(m.raw, max_bytes=5_000_000) for m in list_thread()]
    assert all(isinstance(p, Post) for p in posts)
    shuffled = [p for p in posts if isinstance(p, Post)]
    random.Random(1).shuffle(shuffled)
    (thread,) = build_threads(shuffled)
    assert thread.root_id == list_thread()[0].message_id
    assert len(thread.posts) == 300
    assert [p.date for p in thread.posts] == sorted(p.date for p in thread.posts)
    assert thread.subject == "Scope and recommendations for the 2027 output"
    assert {thread_id(p) for p in shuffled} == {thread.root_id}


def test_in_reply_to_only_is_followed_up_and_loops_end() -> None:
    root = _post("r@x", 0)
    child = _post("c@x", 1, in_reply_to="r@x")
    grandchild = _post("g@x", 2, in_reply_to="c@x")  # an old client: no References
    other = _post("o@x", 3, subject="Budget")
    loop_a = _post("a@x", 4, subject="Loop", in_reply_to="b@x")
    loop_b = _post("b@x", 5, subject="Loop2", in_reply_to="a@x")
    threads = build_threads([grandchild, other, child, root, loop_b, loop_a])
    by_root = {t.root_id: [p.message_id for p in t.posts] for t in threads}
    assert by_root["r@x"] == ["r@x", "c@x", "g@x"]
    assert by_root["o@x"] == ["o@x"]
    assert sum(len(v) for v in by_root.values()) == 6
    # Ingest files a post on arrival: with the parent's thread known, the same root.
    known = {"c@x": "r@x"}.get
    assert thread_id(grandchild, known) == "r@x"
    assert thread_id(grandchild) == "c@x"


def test_a_reply_that_lost_its_headers_joins_by_subject() -> None:
    root = _post("r@x", 0, subject="[BPF] Charter questions")
    lost = _post("l@x", 5, subject="Re: [BPF] Charter questions")
    new = _post("n@x", 6, subject="Charter questions")  # not a reply: a new thread
    roots = {p.message_id: t.root_id for t in build_threads([lost, root, new]) for p in t.posts}
    assert roots == {"r@x": "r@x", "l@x": "r@x", "n@x": "n@x"}


def test_duplicates_are_kept_once() -> None:
    post = _post("r@x", 0)
    (thread,) = build_threads([post, post, replace(post, text="again")])
    assert len(thread.posts) == 1
