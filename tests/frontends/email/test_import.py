"""`wgbot email import ARCHIVE --group NAME` on SQLite and PostgreSQL: the 300-post corpus
thread (with bounces, auto-replies and a broken message) fills the group's record; a second
run adds nothing; a post that came in live is not counted again; posts older than retention
and the words of a forgotten person are not kept; a pipermail .txt.gz imports the same."""

from __future__ import annotations

import gzip
import io
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from bot.cli import main
from bot.frontends.email.cli import ProgressBar
from bot.frontends.email.importer import ArchiveImportError, import_archive
from bot.frontends.email.inbound import Inbound, Outcome
from storage.record.models import RecordMessage
from testkit.email.corpus import LIST_ADDRESS as LIST
from testkit.email.corpus import extras, list_thread, mbox, pipermail
from tests.harness import BotHarness

GROUP = "BPF Cybersecurity"


def _rows(bot: BotHarness) -> list[RecordMessage]:
    with bot.read() as store:
        return list(store.session.exec(select(RecordMessage)))


def _bound(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say(f"/wg list {LIST}")
    bot.clock.advance(timedelta(days=15))  # the corpus thread spans about ten days


def test_import_fills_the_record_once_and_names_what_it_could_not_read(
    bot: BotHarness, tmp_path: Path
) -> None:
    _bound(bot)
    thread, others = list_thread(), extras()
    live = Inbound(bot.app.database, bot.app.settings, bot.clock)
    assert live.ingest(thread[5].raw, source="lmtp").outcome == Outcome.NON_MEMBER
    path = tmp_path / "bpf-cyber.mbox"
    path.write_bytes(mbox(thread + others))
    seen: list[tuple[int, int]] = []
    report = import_archive(
        bot.app.database,
        bot.app.settings,
        path,
        GROUP,
        progress=lambda d, t: seen.append((d, t)),
        clock=bot.clock,
    )
    broken = [m for m in others if m.kind == "malformed"]
    assert report.total == len(thread) + len(others)
    assert (report.added, report.known) == (299, 1)  # the live one is not counted again
    assert len(report.unreadable) == len(broken) and report.unreadable[0].line > 1
    assert report.skipped and "bounce" in report.skipped
    assert seen[-1] == (report.total, report.total)
    assert len(_rows(bot)) == 300
    (line,) = report.lines()
    assert line.startswith(f"Imported 299 new posts into {GROUP} ({LIST}) from ")
    assert f"{len(broken)} of {report.total} messages could not be read" in line
    again = import_archive(bot.app.database, bot.app.settings, path, GROUP, clock=bot.clock)
    assert (again.added, again.known) == (0, 300)
    assert len(_rows(bot)) == 300
    names = {r.user_name for r in _rows(bot)}
    assert not any("@" in n for n in names), names


def test_retention_and_forget_are_obeyed(bot: BotHarness, tmp_path: Path) -> None:
    _bound(bot)
    thread = list_thread()[:40]
    bot.clock.advance(timedelta(days=bot.app.settings.wgbot_record_days) - timedelta(days=10))
    path = tmp_path / "2027-January.txt.gz"
    path.write_bytes(gzip.compress(pipermail(thread)))
    report = import_archive(bot.app.database, bot.app.settings, path, GROUP, clock=bot.clock)
    assert report.too_old > 0 and report.added + report.too_old + sum(report.skipped.values()) <= 40
    assert len(_rows(bot)) == report.added
    assert all(
        r.at >= bot.clock() - timedelta(days=bot.app.settings.wgbot_record_days) for r in _rows(bot)
    )


def test_the_command_exits_2_for_an_unbound_group_and_prints_a_summary(
    bot: BotHarness,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    path = tmp_path / "a.mbox"
    path.write_bytes(mbox(list_thread()[:20]))
    bot.setup_group()
    assert main(["email", "import", str(path), "--group", GROUP]) == 2
    assert "bound to no mailing list" in capsys.readouterr().err
    assert main(["email", "import", str(path), "--group", "Nope"]) == 2
    assert "no group is named 'Nope'" in capsys.readouterr().err
    bot.say(f"/wg list {LIST}")
    assert main(["email", "import", str(path), "--group", GROUP]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("Imported ") and "20 messages" in captured.out
    assert "20/20 messages" in captured.err
    with pytest.raises(ArchiveImportError, match="not an mbox"):
        (tmp_path / "b.mbox").write_bytes(b"hello\n")
        import_archive(bot.app.database, bot.app.settings, tmp_path / "b.mbox", GROUP)


def test_the_progress_bar_on_a_pipe_writes_a_line_per_tenth() -> None:
    out = io.StringIO()
    bar = ProgressBar(out)
    for done in range(0, 5001, 500):
        bar(done, 5000)
    lines = out.getvalue().splitlines()
    assert lines[-1] == f"[{'#' * 30}] 5,000/5,000 messages" and len(lines) == 10


def test_a_forgotten_sender_and_an_opted_out_list_keep_no_words(
    bot: BotHarness, tmp_path: Path
) -> None:
    _bound(bot)
    thread = list_thread()[:30]
    gone = thread[0].sender.lower()
    with bot.read() as store:
        group = store.groups.by_name(GROUP)
        assert group is not None and group.id is not None
        store.record.forget(group.id, "email", gone, "console:ana", bot.clock())
    path = tmp_path / "a.mbox"
    path.write_bytes(mbox(thread))
    import_archive(bot.app.database, bot.app.settings, path, GROUP, clock=bot.clock)
    rows = _rows(bot)
    assert rows and all(r.text is None and r.user_name == "" for r in rows if r.user_id == gone)
    assert any(r.text for r in rows if r.user_id != gone)
    with bot.read() as store:
        store.summarizer.set_opt_out(group.id, "email", LIST, True, "console:ana", bot.clock())
    path.write_bytes(mbox(list_thread()[30:60]))
    import_archive(bot.app.database, bot.app.settings, path, GROUP, clock=bot.clock)
    later = [r for r in _rows(bot) if r.id not in {x.id for x in rows}]
    assert later and all(r.text is None for r in later)


def test_a_linked_members_posts_count_as_their_voice(bot: BotHarness, tmp_path: Path) -> None:
    _bound(bot)  # ana (console) is the chair and a member
    thread = list_thread()[:40]
    sender = thread[0].sender.lower()
    with bot.read() as store:
        store.email.link(sender, "console", "ana", "console:ana", bot.clock())
    path = tmp_path / "a.mbox"
    path.write_bytes(mbox(thread))
    report = import_archive(bot.app.database, bot.app.settings, path, GROUP, clock=bot.clock)
    theirs = sum(1 for m in thread if m.sender.lower() == sender)
    assert theirs > 1
    with bot.read() as store:
        counts = {r.reason: r.count for r in store.email.stats() if r.list_address == LIST}
    assert counts["counted"] == theirs and counts["counted"] + counts["non_member"] == report.added
