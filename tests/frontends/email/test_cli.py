"""`wgbot email status` as typed: one line per list and per source, exit 0."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.frontends.email.inbound import Inbound
from tests.frontends.email.mail import LIST, list_post
from tests.harness import START, BotHarness


def test_status_prints_one_line_per_list_and_source(
    bot: BotHarness,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["email", "status"]) == 0
    assert capsys.readouterr().out.startswith("No mailing list is bound")
    bot.setup_group()
    bot.say(f"/wg list {LIST}")
    inbound = Inbound(bot.app.database, bot.app.settings, bot.clock)
    inbound.ingest(list_post("p1@example.org", "eve@example.org", at=START), source="lmtp")
    inbound.ingest(b"garbage", source="imap:bot@host/INBOX")
    with bot.read() as store:
        store.email.source_polled("imap:bot@host/INBOX", START, "login refused")
    assert main(["email", "status"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "(no bound list): skipped: 1 malformed; last message 2027-01-11 09:00 UTC",
        f"{LIST} → BPF Cybersecurity: 0 posts counted as voices, 1 from non-members; "
        "skipped: none; last message 2027-01-11 09:00 UTC",
        "source imap:bot@host/INBOX: last message 2027-01-11 09:00 UTC, last poll "
        "2027-01-11 09:00 UTC; last error: login refused",
        "source lmtp: last message 2027-01-11 09:00 UTC, last poll never",
    ]
