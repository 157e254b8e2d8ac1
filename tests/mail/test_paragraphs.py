"""unwrap: hard-wrapped paragraphs of plain-text mail joined; blank lines, list items, code,
quotes, attributions, Outlook header blocks and signatures kept as they were."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.mail.paragraphs import unwrap
from tests.hostile import ALL as HOSTILE

WRAPPED = """\
Hi all,

Technically, I've opposed introducing this in intltool because of a
couple of reasons, and I still think the maintainers should make the
decision.

After this I will start building it and contribute the Dockerfile to the
project, if nobody objects before the end of the week. Thanks to everyone
who tested it.

Cheers,
Danilo"""


def test_paragraphs_join_and_short_lines_stay() -> None:
    assert unwrap(WRAPPED) == (
        "Hi all,\n\n"
        "Technically, I've opposed introducing this in intltool because of a couple of reasons, "
        "and I still think the maintainers should make the decision.\n\n"
        "After this I will start building it and contribute the Dockerfile to the project, if "
        "nobody objects before the end of the week. Thanks to everyone who tested it.\n\n"
        "Cheers,\nDanilo"
    )


KEPT = [
    (
        "list",
        "We could do the following, which I have been thinking about:\n"
        "- publish the draft on the wiki page before the next community call and\n"
        "  ask for comments from every stakeholder group\n"
        "- ask the MAG liaison to circulate it more widely than the list itself\n"
        "1. one numbered item that is long enough to need its own line here ok\n"
        "2) another",
        "We could do the following, which I have been thinking about:\n"
        "- publish the draft on the wiki page before the next community call and ask for "
        "comments from every stakeholder group\n"
        "- ask the MAG liaison to circulate it more widely than the list itself\n"
        "1. one numbered item that is long enough to need its own line here ok\n"
        "2) another",
    ),
    (
        "code",
        "The configuration that works for me on the test server is the following one:\n"
        "    [server]\n    listen = 0.0.0.0\n```\nfenced code that is long enough to wrap if\n"
        "it were prose but it is not prose at all\n```\nand that is all there is to it.",
        None,
    ),
    (
        "quote-and-attribution",
        "I agree with most of what was said earlier in this thread by everyone here and\n"
        "On Tue, Jan 12, 2027 at 9:00 AM Ana Example <ana@example.org> wrote:\n"
        "> We should publish the draft before the call so that everyone has time to\n"
        "> read it.\nYes.",
        None,
    ),
    (
        "wrapped-attribution",
        "I agree with most of what was said earlier in this thread by everyone here\n"
        "On Tue, Jan 12, 2027 at 9:00 AM Ana Example\n<ana@example.org> wrote:\n> quoted",
        None,
    ),
    (
        "outlook-block",
        "I agree with most of what was said earlier in this thread by everyone else.\n"
        "________________________________\n"
        "From: Carlos Mendoza <cmendoza@privado.example.mx>\n"
        "Sent: Monday, January 18, 2027 16:16\nTo: the list\nSubject: the thread",
        None,
    ),
    (
        "signature",
        "This paragraph is wrapped by the mail client at seventy-two columns so it\n"
        "continues here.\n-- \nAna Example, Civil society, a long line of signature text\n"
        "Berlin",
        "This paragraph is wrapped by the mail client at seventy-two columns so it continues "
        "here.\n-- \nAna Example, Civil society, a long line of signature text\nBerlin",
    ),
    (
        "sign-off",
        "This paragraph is wrapped by the mail client at seventy-two columns, ok.\n"
        "Best,\nAna\nsome more text that is long enough to show the wrap width here",
        None,
    ),
    ("not-wrapped", "Hi,\nshort line\nanother short line\nThanks", None),
    ("one-line", "One line only that is long enough to be a paragraph on its own, yes.", None),
]


@pytest.mark.parametrize(("case", "text", "expected"), KEPT, ids=[k[0] for k in KEPT])
def test_what_is_not_prose_stays_as_written(case: str, text: str, expected: str | None) -> None:
    assert unwrap(text) == (text if expected is None else expected)


def test_unwrapping_twice_changes_nothing() -> None:
    once = unwrap(WRAPPED)
    assert unwrap(once) == once


@given(st.text(max_size=2000))
def test_any_text_keeps_its_words_in_order(text: str) -> None:
    assert unwrap(text).split() == text.split()


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_keeps_its_words(text: str) -> None:
    assert unwrap(text).split() == text.split()
