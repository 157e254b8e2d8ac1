"""Reading mail is neutral: bot/mail (and the summarizer, which reads archives through it)
imports no front end, so the arrow from the summarizer to the email front end's archive
reader is gone for good."""

from __future__ import annotations

import pytest

from tests.house.test_layout import ROOT, imports


@pytest.mark.parametrize("package", ["bot/mail", "bot/summarizer"])
def test_mail_reading_imports_no_front_end(package: str) -> None:
    files = list((ROOT / package).rglob("*.py"))
    assert files
    for path in files:
        found = [n for n in imports(path) if n.startswith("bot.frontends")]
        assert not found, f"{path.relative_to(ROOT)} imports {found}"
