"""/wg liaison add | list | remove: one row per group and outside body, chairs edit."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from bot.core.messages import Attachment, Tone
from bot.frontends.console import ConsoleFrontEnd, ConsoleState
from storage.overview.models import Liaison
from tests.harness import BotHarness


def liaisons(bot: BotHarness) -> list[tuple[str, str, str | None]]:
    with bot.read() as store:
        group = store.groups.by_channel("console", bot.channel)
        assert group is not None and group.id is not None
        return [(r.org_key, r.org_name, r.contact) for r in store.liaisons.of_group(group.id)]


def test_add_list_remove(bot: BotHarness) -> None:
    bot.setup_group()
    added = bot.say("/wg liaison add IETF jari@ietf.org")
    assert added.tone is Tone.SUCCESS and "now liaises with IETF (contact: jari@ietf.org)" in (
        added.text
    )
    assert bot.say("/wg liaison add Council of Europe").tone is Tone.SUCCESS
    assert bot.say('/wg liaison add "GFCE" Mia Chen').tone is Tone.SUCCESS
    listed = bot.say("/wg liaison list", user="kofi")
    assert listed.sections[0].lines == (
        "Council of Europe",
        "GFCE — Mia Chen",
        "IETF — jari@ietf.org",
    )
    removed = bot.say("/wg liaison remove council of europe")
    assert (
        removed.tone is Tone.SUCCESS and "no longer liaises with Council of Europe" in removed.text
    )
    assert [k for k, _, _ in liaisons(bot)] == ["gfce", "ietf"]


def test_the_same_body_typed_differently_is_one_liaison(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say("/wg liaison add IETF")
    again = bot.say("/wg liaison add i.e.t.f. jari@ietf.org")
    assert again.tone is Tone.SUCCESS and "already liaises with IETF" in again.text
    assert liaisons(bot) == [("ietf", "IETF", "jari@ietf.org")]
    assert bot.say("/wg liaison remove ietf").tone is Tone.SUCCESS
    assert liaisons(bot) == []


def test_only_chairs_and_admins_edit_but_anyone_lists(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say("/wg join tech africa", user="kofi")
    before = bot.audit_count()
    denied = bot.say("/wg liaison add ICANN", user="kofi")
    assert denied.tone is Tone.ERROR and denied.ephemeral and "Only a chair" in denied.text
    assert bot.say("/wg liaison add ICANN", user="admin").tone is Tone.SUCCESS
    assert bot.say("/wg liaison remove ICANN", user="kofi").tone is Tone.ERROR
    assert liaisons(bot) == [("icann", "ICANN", None)]
    assert bot.audit_count() == before + 1
    assert "ICANN" in bot.text("/wg liaison list", user="kofi")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/wg liaison", "Missing ACTION"),
        ("/wg liaison add", "Missing ORG"),
        ("/wg liaison add ...", "Name the outside body"),
        ('/wg liaison add "IETF', "quote that is not closed"),
        ("/wg liaison add " + "x" * 201, "keep it under 200"),
        ("/wg liaison remove GFCE", "has no liaison with `GFCE`"),
        ("/wg liaison list IETF", "takes nothing after it"),
        ("/wg liaison join IETF", "`join` is not add, list or remove"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    bot: BotHarness, line: str, expected: str
) -> None:
    bot.setup_group()
    before = bot.audit_count()
    reply = bot.say(line)
    assert reply.tone is Tone.ERROR and reply.ephemeral and "\n" not in reply.text
    assert expected in reply.text
    assert bot.audit_count() == before and liaisons(bot) == []


def test_liaison_needs_a_bound_channel(bot: BotHarness) -> None:
    assert "/wg create NAME" in bot.say("/wg liaison list", channel="nowhere").text


def test_the_database_refuses_a_twin_liaison(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say("/wg liaison add IETF")
    ((key, _, _),) = liaisons(bot)
    with pytest.raises(IntegrityError), bot.app.database.session() as session:
        group_id = session.exec(select(Liaison.group_id)).one()
        session.add(
            Liaison(
                group_id=group_id, org_key=key, org_name="ietf", added_by="x", added_at=bot.clock()
            )
        )
        session.flush()


def test_console_writes_attachments_to_the_data_dir(bot: BotHarness, tmp_path: Path) -> None:
    out = io.StringIO()
    folder = tmp_path / "files"
    console = ConsoleFrontEnd(
        bot.app.dispatcher, ConsoleState("admin", "Admin", "c1"), out=out, attachments_dir=folder
    )
    console.handle("/wg create BPF Cybersecurity")
    console.handle("/wg outcomes")
    first = console.save(Attachment("outcomes.md", b"again", "text/markdown"))
    printed = [line for line in out.getvalue().splitlines() if line.startswith("📎")]
    assert len(printed) == 1 and "Outcomes report: " in printed[0]
    path = Path(printed[0].split(": ", 1)[1])
    assert path.parent == folder.resolve() and path.name.endswith("-outcomes.md")
    assert path.read_text().startswith("# Outcomes of the intersessional work")
    assert first != path and first.read_bytes() == b"again"  # never overwritten
