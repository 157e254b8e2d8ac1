"""The list-mail eval threads (bot/summarizer/evalset/lists): drafted offline through the
archive reader, every quote split back against the unwrapped source is a whole sentence, no
address is printed as a name, and the broken message is named and skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.mail.archive import load_archive
from bot.summarizer.engine import LLMConfig, Summarizer
from bot.summarizer.evalmail import list_threads, score, whole_sentence

THREADS = list_threads()


def _offline() -> Summarizer:
    return Summarizer(LLMConfig(api_key=None, base_url=None, model="offline", context_tokens=0))


def test_there_are_two_list_threads() -> None:
    assert [p.name for p in THREADS] == ["community_spectrum.txt", "incident_reporting.mbox"]


@pytest.mark.parametrize("path", THREADS, ids=[p.name for p in THREADS])
def test_floors_no_quote_cut_mid_sentence_no_address_as_a_name(path: Path) -> None:
    result = score(path, _offline)
    assert result.quotes >= 5, result
    assert result.cut == [], result.cut  # floor: 0 quotes cut mid-sentence
    assert result.addresses == [], result.addresses  # floor: 0 bare addresses as names
    assert (result.unreadable, result.messages) == (1, 4)


@pytest.mark.parametrize("path", THREADS, ids=[p.name for p in THREADS])
def test_the_source_is_hard_wrapped_and_every_wrapped_line_break_is_gone(path: Path) -> None:
    raw = path.read_bytes()
    wrapped = [line for line in raw.split(b"\n") if 60 <= len(line.decode()) <= 72]
    assert len(wrapped) >= 15  # hard-wrapped at 72 columns, as list mail is
    archive = load_archive(path, raw, archive_url=None, max_message_bytes=1_000_000)
    for message in archive.messages:
        text = message.text
        if text.startswith("["):  # a thread's first message opens with its subject
            text = text.split("\n\n", 1)[1]
        for line in text.split("\n"):
            # A paragraph line ends a sentence, a greeting or a sign-off: never mid-sentence
            # as the wrapped source's lines do.
            assert not line or line[-1] in ".?!:,)" or len(line.split()) <= 4, line


def test_whole_sentence_splits_back_against_the_source() -> None:
    source = "Hi all,\nI agree with the plan. We should publish it soon, before the call."
    assert whole_sentence("I agree with the plan.", source)
    assert whole_sentence("We should publish it soon, before the call.", source)
    assert not whole_sentence("We should publish it soon,", source)
    assert not whole_sentence("agree with the plan.", source)
    assert not whole_sentence("I agree with the plan. We should", source)
