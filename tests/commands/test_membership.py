"""/wg join, leave, chair and the charter, through the dispatcher on every backend."""

from __future__ import annotations

from bot.core.messages import Tone
from tests.harness import BotHarness


def test_join_accepts_names_slugs_and_short_forms(bot: BotHarness) -> None:
    bot.setup_group()
    cases = {
        "kofi": ("/wg join tech africa", "Technical community", "African States"),
        "mei": ("/wg join Private Sector APAC", "Private sector", "Asia-Pacific States"),
        "lars": ("/wg join gov weog", "Government", "Western European and Others (WEOG)"),
        "ida": (
            "/wg join intergovernmental-organisation eeg",
            "Intergovernmental organisation",
            "Eastern European States",
        ),
        "uma": ("/wg join academia", "Academia", None),
    }
    for user, (line, _, _) in cases.items():
        assert bot.say(line, user=user).tone is Tone.SUCCESS, line
    with bot.read() as store:
        members = {m.user_id: (m.stakeholder_group, m.region) for m in store.members.of_group(1)}
    for user, (_, stakeholder, region) in cases.items():
        assert members[user] == (stakeholder, region)


def test_join_twice_updates_instead_of_duplicating(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say("/wg join tech africa", user="kofi")
    reply = bot.say("/wg join academia africa", user="kofi")
    assert "now listed" in reply.text
    with bot.read() as store:
        kofis = [m for m in store.members.of_group(1) if m.user_id == "kofi"]
    assert len(kofis) == 1 and kofis[0].stakeholder_group == "Academia"


def test_join_with_unknown_values_lists_the_valid_ones(bot: BotHarness) -> None:
    bot.setup_group()
    before = bot.audit_count()
    reply = bot.say("/wg join martians", user="kofi")
    assert reply.tone is Tone.ERROR and reply.ephemeral
    assert "`civil-society`" in reply.text and "`academia`" in reply.text
    reply = bot.say("/wg join cs atlantis", user="kofi")
    assert "is not a region" in reply.text and "`grulac`" in reply.text
    missing = bot.say("/wg join", user="kofi")
    assert "Missing GROUP" in missing.text and "/wg join GROUP [REGION]" in missing.text
    assert bot.audit_count() == before


def test_leave_and_only_chair_protection(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say("/wg join tech africa", user="kofi")
    assert "only chair" in bot.say("/wg leave", user="ana").text
    assert bot.say("/wg leave", user="kofi").tone is Tone.SUCCESS
    assert "not a member" in bot.say("/wg leave", user="kofi").text
    assert bot.say("/wg chair @kofi", user="ana").tone is Tone.SUCCESS
    assert bot.say("/wg leave", user="ana").tone is Tone.SUCCESS


def test_chair_accepts_slack_and_discord_mentions(bot: BotHarness) -> None:
    bot.setup_group()
    assert "now chairs" in bot.say("/wg chair <@U024BE7LH|Bea>").text
    assert "now chairs" in bot.say("/wg chair <@!80351110224678912>").text
    assert "Coverage counts them once they join" in bot.say("/wg chair <@U9|Zed>").text
    with bot.read() as store:
        chairs = {c.user_id: c.display_name for c in store.members.chairs(1)}
    assert chairs["U024BE7LH"] == "Bea" and "80351110224678912" in chairs
    assert "already chairs" in bot.say("/wg chair @U024BE7LH").text
    bad = bot.say("/wg chair bea")
    assert bad.tone is Tone.ERROR and "mention one person" in bad.text


def test_new_chair_can_use_chair_commands(bot: BotHarness) -> None:
    bot.setup_group()
    assert bot.say("/wg deadline in 3 weeks", user="kofi").tone is Tone.ERROR
    bot.say("/wg chair @kofi", user="ana")
    assert bot.say("/wg deadline in 3 weeks", user="kofi").tone is Tone.SUCCESS


def test_charter_answers_count_and_show(bot: BotHarness) -> None:
    bot.setup_group()
    assert "Charter 0/10" in bot.text("/wg charter")
    assert "Charter 1/10" in bot.text("/wg charter 1 Standards exist but are not implemented.")
    assert "Charter 2/10" in bot.text("/wg charter 10 Go.")
    assert "Charter 2/10" in bot.text("/wg charter 10 Go, with GFCE.")  # re-answer, same count
    overview = bot.text("/wg charter", user="kofi")
    assert "1. What is the problem? → Standards exist" in overview
    assert "3. What does success look like? → (not answered)" in overview
    assert "Go, with GFCE." in bot.text("/wg charter 10", user="kofi")


def test_charter_rejects_bad_numbers_and_non_chairs(bot: BotHarness) -> None:
    bot.setup_group()
    for line in ("/wg charter 11 too far", "/wg charter 0 zero", "/wg charter x answer"):
        reply = bot.say(line)
        assert reply.tone is Tone.ERROR and "\n" not in reply.text, line
    assert "between 1 and 10" in bot.say("/wg charter 11 too far").text
    denied = bot.say("/wg charter 1 my view", user="kofi")
    assert denied.tone is Tone.ERROR and "Only a chair" in denied.text
    assert "Charter 0/10" in bot.text("/wg charter")


def test_a_chair_can_be_removed_but_not_the_last(bot: BotHarness) -> None:
    bot.setup_group()
    bot.say("/wg chair @Ana2")  # a typo
    assert "no longer chairs" in bot.say("/wg chair @Ana2 remove").text
    assert "only chair" in bot.say("/wg chair @ana remove").text
    assert "not a chair" in bot.say("/wg chair @kofi remove").text
    assert bot.say("/wg chair @x promote").tone is Tone.ERROR
    with bot.read() as store:
        assert [c.user_id for c in store.members.chairs(1)] == ["ana"]
    assert "member.role" in bot.text("/wg history 1")


def test_help_shows_every_command_of_a_name(bot: BotHarness) -> None:
    reply = bot.say("/wg help summarize")
    assert "`/summarize" in reply.text and "`/wg summari" not in reply.text
    reply = bot.say("/wg help summaries")
    assert "`/wg summaries STATE`" in reply.text and "`/summarize" not in reply.text


def test_charter_form_saves_all_or_nothing_and_only_for_chairs(bot: BotHarness) -> None:
    from bot.core.messages import Actor, Platform, Where

    bot.setup_group()
    dispatcher = bot.app.dispatcher
    ana, kofi = Actor(Platform.CONSOLE, "ana", "Ana"), Actor(Platform.CONSOLE, "kofi", "Kofi")
    here = Where(Platform.CONSOLE, "wg-cyber")
    too_long = {"q1": "Fine answer", "q2": "x" * 2001}
    refused = dispatcher.handle_form(ana, here, "charter", too_long)
    assert refused.tone is Tone.ERROR and "Answer 2 is 2001 characters" in refused.text
    assert bot.text("/wg charter").count("(not answered)") == 10  # q1 was not saved either
    denied = dispatcher.handle_form(kofi, here, "charter", {"q1": "mine"})
    assert denied.tone is Tone.ERROR and "Only a chair" in denied.text
    saved = dispatcher.handle_form(ana, here, "charter", {"q1": "A", "q3": "C", "q4": ""})
    assert saved.title == "Charter 2/10" and "You answered charter questions 1, 3" in saved.text
    again = dispatcher.handle_form(ana, here, "charter", {"q1": "A", "q3": "C"})
    assert again.text.startswith("No changes") and again.ephemeral
    nothing = dispatcher.handle_form(ana, here, "charter", {"q1": " "})
    assert nothing.text.startswith("Nothing entered")
    assert dispatcher.handle_form(ana, here, "nope", {}).tone is Tone.ERROR


def test_replies_speak_to_the_person_who_typed_never_by_their_own_name(bot: BotHarness) -> None:
    """The console's default person is called "you": "✔ you, you are now listed" read badly.
    Whoever typed is "you"; everyone else is @name."""
    created = bot.say("/wg create BPF Cybersecurity", user="you", name="you")
    assert "and you are its chair" in created.text and "you too" in created.text
    joined = bot.say("/wg join cs grulac", user="you", name="you")
    assert joined.text == (
        "You are now listed in BPF Cybersecurity as Civil society, "
        "Latin American and Caribbean States (GRULAC)."
    )
    welcome = bot.say("/wg join tech", user="kofi", name="Kofi")
    assert welcome.text.startswith("Welcome to BPF Cybersecurity: you joined as Technical")
    assert "Kofi" not in welcome.text
    assert bot.say("/wg chair @you", user="you").text == "You already chair this group."
    assert bot.say("/wg chair @kofi", user="you").text == "@Kofi now chairs BPF Cybersecurity."
    assert bot.say("/wg chair @kofi remove", user="kofi").text == (
        "You no longer chair BPF Cybersecurity."
    )
    mine = bot.say("/wg sponsor @you", user="you").text
    assert mine.startswith("You are now the MAG sponsor of BPF Cybersecurity. You will get")
    assert bot.say("/wg sponsor @you", user="you").text == "You already sponsor BPF Cybersecurity."


def test_a_chair_without_a_stakeholder_group_is_not_counted_and_is_asked_to_join(
    bot: BotHarness,
) -> None:
    bot.say("/wg create BPF Cybersecurity")
    bot.say("/wg join tech africa", user="kofi")
    named = bot.say("/wg chair @lena").text
    assert named == (
        "@lena now chairs BPF Cybersecurity. Coverage counts them once they join with "
        "`/wg join GROUP [REGION]`."
    )
    coverage = bot.say("/wg coverage")
    assert coverage.sections[0].heading == "Stakeholder groups among 1 member"
    assert "Not counted: 2 chairs without a stakeholder group (`/wg join GROUP [REGION]`)" in (
        coverage.text
    )
    members = {f.label: f.value for f in bot.say("/wg status").fields}["Members"]
    assert members == (
        "1: Technical community 1; not counted: 2 chairs without a stakeholder group "
        "(`/wg join GROUP [REGION]`)"
    )
    bot.say("/wg join gov weog", user="lena")
    assert bot.say("/wg coverage").sections[0].heading == "Stakeholder groups among 2 members"
    assert "Not counted: 1 chair" in bot.say("/wg coverage").text
