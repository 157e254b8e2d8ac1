"""The shared mailing-list corpus lives in testkit/email/corpus.py (bench/ uses it too, and
bench never imports tests/); this name stays for the tests that import it from here."""

from testkit.email.corpus import (
    HUGE_ATTACHMENT,
    LIST_ADDRESS,
    LIST_ID,
    PEOPLE,
    START,
    SUBJECT,
    CorpusMessage,
    extras,
    list_thread,
    mbox,
    pipermail,
)

__all__ = [
    "HUGE_ATTACHMENT",
    "LIST_ADDRESS",
    "LIST_ID",
    "PEOPLE",
    "START",
    "SUBJECT",
    "CorpusMessage",
    "extras",
    "list_thread",
    "mbox",
    "pipermail",
]
