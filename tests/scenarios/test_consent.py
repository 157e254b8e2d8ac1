"""Issue 24's defects, each through the core as the front ends drive it, on SQLite and
PostgreSQL: a thread group's words are its own (opt-out, /summarize), `/wg forget me` reaches
every copy (later deliveries, stored drafts, export, vote reasons), votes never pair an
unsigned reason with its voter, a button keeps the reason."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.core.messages import Action, Actor, Platform, Reply, Tone, Where
from bot.core.render_text import render_text
from storage.record.models import RecordMessage
from storage.summaries.models import DraftRecord
from tests.harness import BotHarness

PARENT = Where(Platform.CONSOLE, "wg-cyber")
THREAD = Where(Platform.CONSOLE, "wg-cyber", thread_id="t1")
ANA = Actor(Platform.CONSOLE, "ana", "Ana")
ZED = Actor(Platform.CONSOLE, "zed", "Zed")
KOFI = Actor(Platform.CONSOLE, "kofi", "Kofi Mensah")
SECRET = "We should keep the zanzibar registry closed"
KOFI_WORDS = "We should adopt the quetzal routing practice for all members"


def say(bot: BotHarness, actor: Actor, where: Where, line: str) -> Reply:
    reply = bot.app.dispatcher.handle_line(actor, where, line)
    assert reply is not None
    return reply


def texts(bot: BotHarness) -> dict[str, tuple[int, str | None, str]]:
    with bot.read() as store:
        rows = store.session.exec(select(RecordMessage))
        return {r.message_id: (r.group_id, r.text, r.user_name) for r in rows}


def thread_group(bot: BotHarness) -> None:
    bot.setup_group()  # group 1 in wg-cyber, ana chairs
    assert say(bot, ZED, THREAD, "/wg create Thread Group").tone is Tone.SUCCESS  # group 2


def test_a_thread_groups_opt_out_is_honoured(bot: BotHarness) -> None:
    thread_group(bot)
    record = bot.app.dispatcher.record_message
    assert record(ZED, THREAD, message_id="z1", text="before the opt-out")
    assert say(bot, ZED, THREAD, "/wg summaries off").tone is Tone.SUCCESS
    assert record(ZED, THREAD, message_id="z2", text=SECRET)
    assert record(ANA, PARENT, message_id="a1", text="the parent channel keeps its words")
    rows = texts(bot)
    assert rows["z1"] == (2, None, "") and rows["z2"] == (2, None, "")
    assert rows["a1"] == (1, "the parent channel keeps its words", "Ana")


def test_the_parent_channel_never_summarises_a_thread_of_another_group(bot: BotHarness) -> None:
    thread_group(bot)
    record = bot.app.dispatcher.record_message
    record(ZED, THREAD, message_id="z1", text=SECRET)
    for n in range(3):
        record(ANA, PARENT, message_id=f"a{n}", text=f"We should publish practice {n}.")
    assert texts(bot)["z1"][0] == 2  # recorded under the thread's own group
    reply = bot.say("/summarize public")
    shown = render_text(reply)
    assert "Read 3 messages" in shown and "zanzibar" not in shown
    with bot.read() as store:
        (draft,) = store.summarizer.drafts(1)
        assert "zanzibar" not in draft.markdown and "zanzibar" not in draft.body_json


def test_a_delivery_after_forget_me_keeps_no_words(bot: BotHarness) -> None:
    """A Slack retry or a Discord resume delivers a message said before the forget."""
    bot.setup_group()
    said_at = bot.clock.now - timedelta(minutes=5)
    record = bot.app.dispatcher.record_message
    assert record(KOFI, PARENT, said_at, message_id="k1", text="first words")
    assert say(bot, KOFI, PARENT, "/wg forget me").tone is Tone.SUCCESS
    assert record(KOFI, PARENT, said_at, message_id="k2", text="delivered late")
    assert texts(bot)["k2"] == (1, None, "")
    bot.clock.advance(timedelta(minutes=1))  # said after the forget: a new message is kept
    assert record(KOFI, PARENT, message_id="k3", text="new words")
    assert texts(bot)["k3"] == (1, "new words", "Kofi Mensah")


def _draft_citing_kofi(bot: BotHarness) -> None:
    bot.setup_group()
    record = bot.app.dispatcher.record_message
    for n in range(3):
        record(ANA, PARENT, message_id=f"a{n}", text=f"We should publish practice {n}.")
    record(KOFI, PARENT, message_id="k1", text=KOFI_WORDS)
    reply = bot.say("/summarize")
    assert "quetzal" in render_text(reply) and "Kofi Mensah" in render_text(reply)


def test_forget_me_redacts_stored_drafts_and_the_export(bot: BotHarness) -> None:
    _draft_citing_kofi(bot)
    reply = say(bot, KOFI, PARENT, "/wg forget me")
    assert "1 stored draft redacted" in reply.text
    with bot.read() as store:
        (draft,) = store.session.exec(select(DraftRecord)).all()
    for stored in (draft.markdown, draft.body_json):
        assert "quetzal" not in stored and "Kofi Mensah" not in stored
        assert "[withdrawn by its author]" in stored
    assert "practice 0" in draft.markdown  # the others' words stay
    export = bot.say("/wg export").attachments[0].content.decode()
    assert "quetzal" not in export and "Kofi Mensah" not in export
    posted = bot.app.dispatcher.handle_action(Action(ANA, PARENT, "draft:post", f"post:{draft.id}"))
    assert "quetzal" not in render_text(posted) and "Kofi Mensah" not in render_text(posted)


def _vote_setup(bot: BotHarness) -> None:
    bot.setup_group()
    for user, line in [("lars", "/wg join gov weog"), ("kofi", "/wg join tech africa")]:
        assert bot.say(line, user=user).tone is Tone.SUCCESS
    bot.say("/wg propose Recommend BCP 38")


def test_forget_me_takes_vote_reasons_out(bot: BotHarness) -> None:
    _vote_setup(bot)
    bot.say("/wg vote 1 disagree named Funding is missing for the osprey plan", user="lars")
    assert "osprey" in bot.text("/wg consensus 1")
    reply = bot.say("/wg forget me", user="lars")
    assert "your reasons and name on 1 vote" in reply.text
    text = bot.text("/wg consensus 1")
    assert "osprey" not in text and "Lars" not in text
    assert "Government: 0 agree · 1 disagree" in text  # the vote stays counted
    assert "osprey" not in bot.text("/wg history 20")


def test_history_says_vote_cast_and_never_pairs_an_unsigned_reason(bot: BotHarness) -> None:
    _vote_setup(bot)
    bot.say("/wg vote 1 disagree Funding is missing", user="lars")
    history = bot.text("/wg history 20", user="kofi")
    assert "console:lars vote.cast: — → #1 vote cast" in history
    assert "reason given" not in history and "disagree" not in history
    # lars is Government's only voter: the group would name him next to his reason.
    consensus = bot.text("/wg consensus 1", user="kofi")
    assert "A member: “Funding is missing”" in consensus
    assert "Government: “Funding" not in consensus


def _press(bot: BotHarness, user: str, choice: str) -> Reply:
    action = Action(Actor(Platform.CONSOLE, user, user), PARENT, f"vote:{choice}", f"{choice}:1")
    return bot.app.dispatcher.handle_action(action)


def test_a_button_press_keeps_the_reason_or_says_it_was_dropped(bot: BotHarness) -> None:
    _vote_setup(bot)
    bot.say("/wg vote 1 disagree named Funding is missing", user="lars")
    kept = render_text(_press(bot, "lars", "disagree"))
    assert "unchanged" in kept and "earlier reason stays on record with your name" in kept
    assert "Funding is missing" in bot.text("/wg consensus 1")
    dropped = render_text(_press(bot, "lars", "agree"))
    assert "Your earlier reason went with your earlier vote" in dropped
    assert "Funding is missing" not in bot.text("/wg consensus 1")


def test_forget_me_withdraws_a_reason_quoted_in_a_stored_draft(bot: BotHarness) -> None:
    """`/summarize` stores the statements' consensus with the draft, dissent quoted."""
    _vote_setup(bot)
    bot.say("/wg vote 1 disagree named Funding is missing for the osprey plan", user="lars")
    record = bot.app.dispatcher.record_message
    for n in range(3):
        record(ANA, PARENT, message_id=f"a{n}", text=f"We should publish practice {n}.")
    assert "osprey" in render_text(bot.say("/summarize"))
    with bot.read() as store:
        (stored,) = store.session.exec(select(DraftRecord)).all()
    assert "osprey" in stored.markdown and "osprey" in stored.body_json
    reply = bot.say("/wg forget me", user="lars")
    assert "1 stored draft redacted" in reply.text
    with bot.read() as store:
        (draft,) = store.session.exec(select(DraftRecord)).all()
    assert "osprey" not in draft.markdown and "osprey" not in draft.body_json
    assert "[withdrawn by its author]" in draft.markdown
    assert "osprey" not in bot.say("/wg export").attachments[0].content.decode()
