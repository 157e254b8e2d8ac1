"""`wgbot summarize FILE` on mail archives: an mbox, HyperKitty's .mbox.gz export, Mailman 2's
monthly .txt / .txt.gz; the 300-post corpus thread summarised offline with citations that
resolve to the archived messages; partly broken archives drafted from what can be read, with
the unreadable messages named (number, line, reason); an archive with nothing readable
answered with exit 2 and one line."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli import main
from bot.mail.archive import message_id_hash, permalink
from bot.summarizer.sources import ExportError, load_export
from testkit.email.corpus import LIST_ID, extras, list_thread, mbox, pipermail

HYPERKITTY = "https://lists.intgovforum.example/archives/list/bpf-cyber@lists.intgovforum.example"
HYPERKITTY += "/message/{message_id_hash}/"


def _summarize(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, list[str]]:
    assert main(["summarize", str(path), "--group", "BPF Cybersecurity"]) == 0
    printed = capsys.readouterr().out
    sources = printed.split("## Sources\n", 1)[1].split("\n\n", 1)[0].splitlines()
    return printed, sources


def test_permalinks() -> None:
    assert message_id_hash("87myycy5eh.fsf@uwakimon.sk.tsukuba.ac.jp") == (
        "JJIGKPKB6CVDX6B2CUG4IHAJRIQIOUTP"  # Mailman's own documented example
    )
    assert permalink("a+b/c@x.org", None) == "mid:a%2Bb%2Fc@x.org"
    assert permalink("a b@x", "https://a.example/m/{message_id}") == "https://a.example/m/a%20b@x"


def test_an_mbox_of_the_300_post_thread_summarises_with_citations_that_resolve(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    thread = list_thread()
    path = tmp_path / "bpf-cyber.mbox"
    others = extras()
    broken = [m for m in others if m.kind == "malformed"]
    assert broken
    path.write_bytes(mbox(thread + others))
    export = load_export(path)
    messages, label = export.messages, export.label
    assert len(messages) == 300
    assert len(export.unreadable) == len(broken)
    total = len(thread) + len(others)
    assert export.unread_note == f"{len(broken)} of {total} messages could not be read"
    assert label == (
        f"mbox bpf-cyber.mbox (list {LIST_ID}), left out: 3 auto_reply, 2 bounce, 1 too_big"
    )
    by_id = {m.message_id: m for m in thread}
    for message in messages:
        expected = by_id[message.id]
        assert message.user_id == expected.sender.lower() and expected.words in message.text
        assert message.thread_id == thread[0].message_id
        assert message.permalink == "mid:" + message.id.replace("+", "%2B")
    assert main(["summarize", str(path), "--group", "BPF Cybersecurity"]) == 0
    captured = capsys.readouterr()
    printed = captured.out
    sources = printed.split("## Sources\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert export.unread_note in printed.split("\n---\n")[-1]  # the footer says so
    assert all(f"skipped {u}" in captured.err for u in export.unreadable)
    assert "offline draft" in printed and f"Source: {label}" in printed
    assert len(sources) >= 5
    cited = re.findall(r"\]\((mid:[^)\s]+)\)", printed)
    assert cited, printed
    for link in cited + [line.rsplit(" ", 1)[1] for line in sources]:
        assert unquote(link.removeprefix("mid:")) in by_id, link


def test_hyperkitty_export_cites_the_archive_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WGBOT_LIST_ARCHIVE_URL", HYPERKITTY)
    thread = list_thread()[:60]
    path = tmp_path / "bpf-cyber@lists.intgovforum.example-2027-01.mbox.gz"
    path.write_bytes(gzip.compress(mbox(thread)))
    printed, sources = _summarize(path, capsys)
    hashes = {message_id_hash(m.message_id or ""): m for m in thread}
    links = re.findall(r"/message/([A-Z2-7]{32})/", printed)
    assert links and set(links) <= set(hashes)
    assert all(HYPERKITTY.split("{")[0] in line for line in sources)


@pytest.mark.parametrize("zipped", [False, True])
def test_mailman2_pipermail_archive(tmp_path: Path, zipped: bool) -> None:
    thread = list_thread()[:40]
    data = pipermail(thread)
    assert b" at civil.example.org" in data and b"@civil.example.org (" not in data
    path = tmp_path / ("2027-January.txt.gz" if zipped else "2027-January.txt")
    path.write_bytes(gzip.compress(data) if zipped else data)
    export = load_export(path)
    messages, label = export.messages, export.label
    html_only = [m for m in thread if m.shape == "html-only"]  # pipermail scrubs HTML
    assert label.startswith(f"Mailman 2 archive {path.name}")
    assert f"{len(html_only)} empty" in label
    assert len(messages) == len(thread) - len(html_only)
    by_id = {m.message_id: m for m in thread}
    for message in messages:
        assert message.user_id == by_id[message.id].sender.lower()  # "ana at x" read back as ana@x
        assert (by_id[message.id].words or "") in message.text
        assert "next part" not in message.text and "scrubbed" not in message.text


def test_mboxrd_from_escaping_and_the_subject_opens_the_thread(tmp_path: Path) -> None:
    raw = (
        b"From ana@civil.example Mon Jan 11 09:00:00 2027\n"
        b"From: Ana <ana@civil.example>\nDate: Mon, 11 Jan 2027 09:00:00 +0000\n"
        b"Message-ID: <r@x>\nSubject: [BPF] Scope\n\n"
        b">From here on we should agree.\n>>From the top.\n\n"
        b"From bob@x.example Mon Jan 11 10:00:00 2027\n"
        b"From: bob@x.example\nDate: Mon, 11 Jan 2027 10:00:00 +0000\n"
        b"Message-ID: <c@x>\nIn-Reply-To: <r@x>\nSubject: Re: [BPF] Scope\n\nAgreed.\n"
    )
    path = tmp_path / "a.mbox"
    path.write_bytes(raw)
    first, second = load_export(path).messages
    # ">>From" is one level of escaping on a quoted line: read back as a quote, so left out.
    assert first.text == "[BPF] Scope\n\nFrom here on we should agree."
    assert (second.text, second.thread_id, second.user_name) == ("Agreed.", "r@x", "bob")


_GOOD = (
    b"From ana@civil.example Mon Jan 11 09:00:00 2027\n"
    b"From: Ana <ana@civil.example>\nDate: Mon, 11 Jan 2027 09:00:00 +0000\n\nHello.\n\n"
)
PARTLY: list[tuple[str, bytes, str, str]] = [
    ("no-from", _GOOD + b"From x Mon Jan 11 09:00:00 2027\nSubject: hi\n\nx\n",
     "message 2 (line 7): no sender address in From: (none)", "1 of 2 messages"),
    ("bad-date", _GOOD * 2 + _GOOD.replace(b"Date: Mon, 11 Jan", b"Date: Someday"),
     "message 3 (line 13): no readable Date: (Someday", "1 of 3 messages"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "content", "problem", "note"), PARTLY, ids=[p[0] for p in PARTLY])
def test_a_partly_broken_archive_drafts_the_rest_and_names_what_it_skipped(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    case: str,
    content: bytes,
    problem: str,
    note: str,
) -> None:
    path = tmp_path / "a.mbox"
    path.write_bytes(content)
    assert main(["summarize", str(path)]) == 0
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert f"wgbot: {path}: skipped {problem}" in "\n".join(lines)
    assert f"wgbot: {path}: {note} could not be read" in lines
    assert f"({note} could not be read)" in captured.out


def test_an_archive_with_nothing_readable_exits_2_naming_the_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _GOOD.replace(b"Date: Mon, 11 Jan", b"Date: Someday")
    path = tmp_path / "a.mbox"
    path.write_bytes(bad * 3)
    assert main(["summarize", str(path)]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"wgbot: {path}: no message could be read: message 1 (line 1)")
    assert line.endswith("(and 2 more).")


BROKEN: list[tuple[str, str, bytes, str]] = [
    ("not-mbox", "list.mbox", b"Hello, this is not an archive\n", "not an mbox: the first line"),
    ("headers-only", "a.eml", b"From: a@b.example\nSubject: x\n\nbody\n", "not an mbox"),
    ("garbage-before", "a.mbox", b"junk\n\n" + _GOOD, "not an mbox"),
    ("truncated-gzip", "a.mbox.gz", gzip.compress(_GOOD * 50)[:-30], "not a readable gzip file"),
    ("gzip-of-binary", "a.mbox.gz", gzip.compress(bytes(range(256))), "a binary file"),
    ("empty-gzip", "a.txt.gz", gzip.compress(b""), "the file is empty"),
    ("empty", "a.mbox", b"", "the file is empty"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "name", "content", "expected"), BROKEN, ids=[b[0] for b in BROKEN]
)
def test_broken_archives_are_one_line_and_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    case: str,
    name: str,
    content: bytes,
    expected: str,
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["summarize", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith(f"wgbot: {path}: ") and expected in line, line
    with pytest.raises(ExportError):
        load_export(path)


def test_an_archive_of_only_skipped_mail_has_nothing_to_summarise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bounces.mbox"
    path.write_bytes(mbox([m for m in extras() if m.kind in ("bounce", "auto_reply")]))
    assert main(["summarize", str(path)]) == 1
    assert "holds no messages" in capsys.readouterr().err


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.binary(max_size=3000), zipped=st.booleans())
def test_any_bytes_after_a_from_line_load_or_are_one_clear_error(
    tmp_path: Path, body: bytes, zipped: bool
) -> None:
    data = b"From a@b.example Mon Jan 11 09:00:00 2027\n" + body
    path = tmp_path / "fuzz.mbox"
    path.write_bytes(gzip.compress(data) if zipped else data)
    try:
        messages = load_export(path).messages
    except ExportError as exc:
        assert str(exc).startswith(f"{path}: ") and "\n" not in str(exc)
    else:
        assert all(m.id and m.user_id and m.text for m in messages)
