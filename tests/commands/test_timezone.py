"""`/wg timezone` and a chair's `tz:` for a sponsor: stored per person, checked, one-line
errors that change nothing (both databases)."""

from __future__ import annotations

from bot.core.messages import Tone
from tests.harness import BotHarness
from tests.hostile import ALL


def _zone(bot: BotHarness, user: str) -> tuple[str | None, str | None]:
    with bot.read() as store:
        person = store.people.get("console", user)
        return (person.timezone, person.timezone_source) if person else (None, None)


def test_set_show_and_clear_your_timezone_anywhere(bot: BotHarness) -> None:
    shown = bot.text("/wg timezone", user="zoe", channel="nowhere")
    assert "Your timezone: UTC (not set" in shown and "/wg timezone Area/City" in shown
    reply = bot.say("/wg timezone america/LIMA", user="zoe", channel="nowhere")
    assert reply.tone is Tone.SUCCESS and reply.ephemeral
    assert "America/Lima" in reply.text and "Monday at 09:00" in reply.text
    assert _zone(bot, "zoe") == ("America/Lima", "self")
    assert "Your timezone: America/Lima (your own setting)" in bot.text("/wg timezone", user="zoe")
    assert "UTC is used" in bot.text("/wg timezone clear", user="zoe")
    assert _zone(bot, "zoe") == (None, None)


def test_a_bad_name_is_one_line_with_an_example_and_changes_nothing(bot: BotHarness) -> None:
    bot.say("/wg timezone Africa/Nairobi", user="zoe")
    audit = bot.audit_count()
    for typed in ("Mars/Olympus", "../../etc/passwd", "localtime", "UTC+3"):
        reply = bot.say(f"/wg timezone {typed}", user="zoe")
        assert reply.tone is Tone.ERROR, typed
        assert "\n" not in reply.text and "/wg timezone Africa/Nairobi" in reply.text, typed
    for typed in ALL:  # several words are refused by the parser: one line all the same
        reply = bot.say(f"/wg timezone {typed}", user="zoe")
        if reply.tone is not Tone.ERROR:  # only invisible characters: read as nothing typed
            assert reply.text.startswith("Your timezone: Africa/Nairobi (your own"), typed
            continue
        assert "\n" not in reply.text, typed
    assert _zone(bot, "zoe") == ("Africa/Nairobi", "self")
    assert bot.audit_count() == audit


def test_a_chair_gives_a_sponsor_timezone_but_never_over_their_own(bot: BotHarness) -> None:
    bot.setup_group()
    reply = bot.say("/wg sponsor <@marta> tz:Asia/Kathmandu", user="ana")
    assert reply.tone is Tone.SUCCESS and "Asia/Kathmandu" in reply.text
    assert _zone(bot, "marta") == ("Asia/Kathmandu", "chair")
    bot.say("/wg timezone Europe/Madrid", user="kofi")
    reply = bot.say("/wg sponsor <@kofi> also tz:Asia/Tokyo", user="ana")
    assert "set their own timezone" in reply.text
    assert _zone(bot, "kofi") == ("Europe/Madrid", "self")
    bad = bot.say("/wg sponsor <@lars> tz:Nowhere/Atall", user="ana")
    assert bad.tone is Tone.ERROR and "Africa/Nairobi" in bad.text
    with bot.read() as store:
        assert store.groups.by_name("BPF Cybersecurity") is not None
        assert {s.user_id for s in store.sponsors.of_group(1)} == {"marta", "kofi"}
