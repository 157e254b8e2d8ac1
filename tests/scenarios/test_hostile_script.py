"""The hostile script of issue 19, on SQLite and PostgreSQL: every line answered in one short
line, nothing invisible, mirrored or unstorable stored, and no "something went wrong"."""

from __future__ import annotations

import io

from sqlmodel import select

from bot.frontends.console import ConsoleFrontEnd, ConsoleState
from storage.groups.models import Ask, Member, WorkingGroup
from storage.overview.models import Liaison
from tests.harness import BotHarness
from tests.snapshot import snapshot, strings, unclean

SCRIPT = [
    "/wg create \u200b\u200c\u200d",
    "/wg create BPF \u202eytiruceS",
    "/wg goal \u200b\u2060\ufeff",
    "/wg goal Safer\x00 networks",
    "/wg ask \x00",
    "/wg ask Please review the draft\u200b",
    "/wg done 99999999999999999999",
    "/wg done 1_0",
    "/wg charter 1_0",
    "/wg charter 3 \u2066\u2069",
    "/wg liaison add IETF",
    "/wg liaison add I\u200bETF",
    "/wg liaison add GFCE\x00 jane@gfce.org",
    "/wg join cs\u200b grulac\u200b",
    "/wg status " + "x" * 10_000,
    "/wg history 99999999999999999999",
    "/wg deadline in 99999999999999999999 weeks",
]


def test_the_hostile_script(bot: BotHarness) -> None:
    assert len(SCRIPT) == 17
    out = io.StringIO()
    console = ConsoleFrontEnd(
        bot.app.dispatcher, ConsoleState("admin", "Admin", "wg-hostile"), out=out
    )
    replies = []
    for line in SCRIPT:
        out.seek(0)
        out.truncate()
        console.handle(line)
        replies.append(out.getvalue().strip())
    errors = [r for r in replies if r.startswith("✖")]
    assert not [r for r in replies if "went wrong" in r], replies
    for reply in errors:
        first, *rest = reply.splitlines()
        assert len(first) <= 200 and rest == ["(only you can see this)"], reply
    assert len(errors) == 11, "\n".join(replies)
    assert errors[0].startswith("✖ Missing NAME")
    assert "between 1 and 1000000, not 99999999999999999999" in replies[6]
    assert "`1_0` is not a number" in replies[7] and "`1_0` is not a number" in replies[8]
    assert "control character (U+0000)" in replies[3]
    assert replies[14].startswith("✖ The command is 10,000 characters: keep it under 4,000.")

    snap = snapshot(bot.app.database)
    assert not [(s, unclean(s)) for s in strings(snap) if unclean(s)]
    with bot.read() as store:
        session = store.session
        (group,) = session.exec(select(WorkingGroup)).all()
        assert group.name == "BPF ytiruceS" and group.goal is None
        assert [a.text for a in session.exec(select(Ask)).all()] == ["Please review the draft"]
        assert [liaison.org_name for liaison in session.exec(select(Liaison)).all()] == ["IETF"]
        (member,) = session.exec(select(Member)).all()
        assert (member.stakeholder_group, member.region) == (
            "Civil society",
            "Latin American and Caribbean States (GRULAC)",
        )
