"""/wg output and /wg uptake: outputs numbered per group, evidence of their uptake matched
to liaisons by the look-alike rules, listed by body and status; the overview's column."""

from __future__ import annotations

import pytest

from bot.core.messages import Tone
from bot.core.render_text import render_text
from tests.harness import BotHarness
from tests.hostile import ALL as HOSTILE

URL = "https://intgovforum.org/bpf-cyber-2026.pdf"


def _group(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say("/wg liaison add IETF jari@ietf.org")
    bot.say("/wg join tech africa", user="kofi")


def test_a_console_session_records_an_output_and_two_uptake_entries(bot: BotHarness) -> None:
    """The issue's done-when: one output, two entries (one matched to a liaison), the
    listing by body and status, and the overview's column."""
    _group(bot)
    added = bot.say(f"/wg output add Cyber hygiene practices for ISPs {URL} published:2026-03-01")
    assert added.tone is Tone.SUCCESS and "Output #1 recorded" in added.text
    first = bot.say(
        "/wg uptake 1 I.E.T.F. https://datatracker.ietf.org/doc/x cited in refs", user="kofi"
    )
    assert first.tone is Tone.SUCCESS and "IETF (liaison) cited it" in first.text
    second = bot.say('/wg uptake 1 "Council of Europe" https://coe.int/rec adopted', user="kofi")
    assert second.tone is Tone.SUCCESS and "Council of Europe adopted it" in second.text
    listed = bot.say("/wg uptake")
    assert listed.text == "2 entries from 2 bodies: 1 adopted, 1 cited."
    assert [s.heading for s in listed.sections] == ["Council of Europe", "IETF (liaison)"]
    assert "“in refs”" in listed.sections[1].lines[0]
    assert bot.say("/wg uptake 1").sections == listed.sections
    overview = render_text(bot.say("/wg overview", user="admin"))
    # Published 2026-03-01, used: 0 of 1 without known uptake after 6 months.
    assert "outputs without known uptake after 6 months: 0 of 1" in overview


def test_the_column_counts_outputs_nobody_used_after_six_months(bot: BotHarness) -> None:
    _group(bot)
    bot.say(f"/wg output add Old report {URL} published:2026-05-01")  # > 6 months before
    bot.say(f"/wg output add New brief {URL}2 published:2026-12-01")  # < 6 months
    overview = bot.say("/wg overview", user="admin")
    table = overview.attachments[1].content.decode()
    assert "outputs without known uptake after 6 months" in table
    assert "| IETF | 1 of 2 |" in table


def test_recording_again_updates_and_chairs_alone_remove(bot: BotHarness) -> None:
    _group(bot)
    bot.say(f"/wg output add Report {URL}")
    bot.say("/wg uptake 1 ITU https://itu.int/a cited", user="kofi")
    again = bot.say("/wg uptake 1 itu https://itu.int/a implemented", user="kofi")
    assert "updated" in again.text and "implemented" in again.text
    before = bot.audit_count()
    denied = bot.say("/wg uptake remove 1", user="kofi")
    assert denied.tone is Tone.ERROR and bot.audit_count() == before
    assert bot.say("/wg uptake remove 1").tone is Tone.SUCCESS
    assert "No known uptake" in bot.say("/wg uptake").text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/wg uptake 9 ITU https://itu.int/a", "no output #9"),
        ("/wg uptake 1 ITU", "http(s) URL"),
        ("/wg uptake 1 https://itu.int/a", "Name the body"),
        ("/wg uptake 1 ITU javascript:alert(1)", "http(s) URL"),
        ("/wg uptake 1 ITU https://x.org/<script>", "cannot have"),
        ("/wg output add Title", "http(s) URL"),
        (f"/wg output add T {URL} published:2099-01-01", "in the future"),
        (f"/wg output add T {URL} tomorrow", "published:DATE"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    bot: BotHarness, line: str, expected: str
) -> None:
    _group(bot)
    bot.say(f"/wg output add Report {URL}")
    before = bot.audit_count()
    reply = bot.say(line)
    assert reply.tone is Tone.ERROR and reply.ephemeral and expected in reply.text
    assert "\n" not in reply.text and bot.audit_count() == before


def test_only_members_record_and_only_chairs_add_outputs(bot: BotHarness) -> None:
    _group(bot)
    assert bot.say(f"/wg output add Report {URL}", user="kofi").tone is Tone.ERROR
    bot.say(f"/wg output add Report {URL}")
    stranger = bot.say("/wg uptake 1 ITU https://itu.int/a", user="zed")
    assert stranger.tone is Tone.ERROR and "join first" in stranger.text


@pytest.mark.parametrize("payload", HOSTILE[:40])
def test_hostile_notes_and_bodies_are_kept_as_text(bot: BotHarness, payload: str) -> None:
    _group(bot)
    bot.say(f"/wg output add Report {URL}")
    reply = bot.say(f"/wg uptake 1 ITU https://itu.int/a cited {payload}", user="kofi")
    assert reply.tone in (Tone.SUCCESS, Tone.ERROR)
    if reply.tone is Tone.ERROR:
        assert "\n" not in reply.text


def test_publish_on_and_off(bot: BotHarness) -> None:
    _group(bot)
    assert "now has a public page" in bot.say("/wg publish on").text
    assert "already has" in bot.say("/wg publish on").text
    assert bot.say("/wg publish on", user="kofi").tone is Tone.ERROR
    assert "removed" in bot.say("/wg publish off").text
    with bot.read() as store:
        assert store.public_pages.group_ids() == []


def test_forgetting_a_person_drops_their_notes(bot: BotHarness) -> None:
    _group(bot)
    bot.say(f"/wg output add Report {URL}")
    bot.say("/wg uptake 1 ITU https://itu.int/a cited my own words here", user="kofi")
    bot.say("/wg forget me", user="kofi")
    with bot.read() as store:
        (entry,) = store.uptake.all()
    assert entry.note is None and entry.recorded_by_name == ""


def test_the_outcome_document_offers_the_outputs_and_their_uptake(bot: BotHarness) -> None:
    _group(bot)
    bot.say(f"/wg output add Report {URL} published:2026-03-01")
    bot.say("/wg uptake 1 ietf https://datatracker.ietf.org/doc/x adopted", user="kofi")
    document = bot.say("/wg export").attachments[0].content.decode()
    assert "## Published outputs and their uptake" in document
    assert f"1. **Report** — <{URL}> (published 2026-03-01, cycle 2026)" in document
    assert "   - adopted: IETF (liaison) — <https://datatracker.ietf.org/doc/x>" in document
