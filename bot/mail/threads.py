"""Threads rebuilt from Message-ID / In-Reply-To / References (a reduced JWZ threading).

A thread is named by its root's Message-ID. One post alone gives it: the first of its
References (mail clients copy the parent's References and append the parent), else its
In-Reply-To, else itself — so ingest can file a post the moment it arrives, in any order, and
a restart files it in the same thread. With the whole archive at hand (`build_threads`), a
post that names only its parent is followed up the parents it can see, and a reply that
lost its headers ("Re: subject" and nothing else) joins the thread of that subject.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.ground.normalise import compare_key
from bot.mail.mime import Post

# "Re:", "RE :", "AW:", "Fwd:", "TR:", "RV:", "SV:", "[BPF-Cyber]", repeated, in any order.
_PREFIX = re.compile(
    r"^\s*(?:(?:re|aw|sv|vs|antw|réf|ref|rif|fw|fwd|tr|rv|wg|enc)\s*(?:\[\d+\])?\s*[:：]"
    r"|\[[^\]]{1,60}\])\s*",
    re.IGNORECASE,
)
_REPLY = re.compile(r"^\s*(?:\[[^\]]{1,60}\]\s*)*(?:re|aw|sv|vs|antw|rif)\s*[:：]", re.IGNORECASE)


def base_subject(subject: str) -> str:
    """The subject a thread is known by: no reply/forward prefixes or list tags."""
    text = subject
    for _ in range(20):
        stripped = _PREFIX.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return text.strip()


def thread_id(post: Post, known: Callable[[str], str | None] | None = None) -> str:
    """The root Message-ID of a post's thread; `known` maps a message already filed to its
    thread (for a reply that names only its parent)."""
    if post.references:
        return post.references[0]
    if post.in_reply_to:
        return (known(post.in_reply_to) if known else None) or post.in_reply_to
    return post.message_id


@dataclass(frozen=True)
class Thread:
    root_id: str
    subject: str
    posts: tuple[Post, ...]  # oldest first


def build_threads(posts: Iterable[Post]) -> list[Thread]:
    """Every post in one thread, threads ordered by their first post, posts by date."""
    by_id: dict[str, Post] = {}
    for post in posts:
        by_id.setdefault(post.message_id, post)
    roots: dict[str, str] = {}

    def root_of(post: Post) -> str:
        seen: set[str] = set()
        current = post
        # Up the parents we hold (a post naming only its parent), never round a loop.
        while not current.references and current.message_id not in seen:
            parent = by_id.get(current.in_reply_to or "")
            if parent is None:
                break
            seen.add(current.message_id)
            current = parent
        return thread_id(current)

    ordered = sorted(by_id.values(), key=lambda p: (p.date, p.message_id))
    by_subject: dict[str, str] = {}
    for post in ordered:
        root = root_of(post)
        key = compare_key(base_subject(post.subject))
        lost = root == post.message_id and bool(_REPLY.match(post.subject))
        if lost and key in by_subject:
            root = by_subject[key]
        roots[post.message_id] = root
        if key:
            by_subject.setdefault(key, root)
    groups: dict[str, list[Post]] = {}
    for post in ordered:
        groups.setdefault(roots[post.message_id], []).append(post)
    threads = []
    for root, members in groups.items():
        head = by_id.get(root, members[0])
        threads.append(Thread(root, base_subject(head.subject), tuple(members)))
    return threads
