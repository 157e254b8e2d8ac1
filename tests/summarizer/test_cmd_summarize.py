"""/summarize end to end through the console harness, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.core.messages import Action, Actor, Platform, Reply, Where
from bot.core.ports import HistoryQuery, Services
from bot.core.render_text import render_text
from commands import summarize as summarize_command
from storage.audit.models import AuditEntry
from testkit.summarizer.fixtures import discussion
from testkit.summarizer.standin import Behaviour, StandIn
from tests.harness import BotHarness, ListHistory


def chat(bot: BotHarness, history: ListHistory, count: int) -> None:
    """`count` messages typed in the group's channel in the last hours."""
    for n, message in enumerate(discussion(count)):
        user = message.user_id
        at = bot.clock.now - timedelta(minutes=count - n)
        history.add(
            Actor(Platform.CONSOLE, user, message.user_name), bot_where(bot), message.text, at
        )


def bot_where(bot: BotHarness) -> Where:
    return Where(Platform.CONSOLE, bot.channel)


@pytest.fixture
def history() -> ListHistory:
    return ListHistory()


@pytest.fixture
def group(bot: BotHarness, history: ListHistory) -> ListHistory:
    bot.setup_group()  # ana is the chair (Civil society, GRULAC)
    bot.say("/wg join gov weog", user="lars")
    bot.say("/wg join tech africa", user="kofi")
    bot.say("/wg goal Five cyber-hygiene practices ISPs commit to")
    chat(bot, history, 30)
    return history


def run(
    bot: BotHarness, history: ListHistory, line: str = "/summarize", user: str = "ana"
) -> Reply:
    notes: list[str] = []
    reply = bot.say(line, user=user, services=Services(progress=notes.append, history=history))
    if reply.tone.value != "error":
        assert any("reading" in n for n in notes)
    return reply


def drafts(bot: BotHarness) -> list[tuple[int, str, str]]:
    with bot.read() as store:
        return [(d.version, d.status, d.model) for d in store.summarizer.drafts(1)]


def press(bot: BotHarness, button_id: str, value: str, user: str = "ana") -> Reply:
    action = Action(Actor(Platform.CONSOLE, user, user), bot_where(bot), button_id, value)
    return bot.app.dispatcher.handle_action(action)


def test_offline_draft_for_the_chair_only_with_buttons(bot: BotHarness, group: ListHistory) -> None:
    reply = run(bot, group)
    assert reply.ephemeral
    assert reply.title == "Draft recommendations (v1): BPF Cybersecurity"
    assert "offline draft — no LLM configured" in reply.text
    assert "Read 30 messages" in reply.text
    assert [b.action_id for b in reply.buttons] == ["draft:post", "draft:discard"]
    headings = [s.heading for s in reply.sections]
    assert headings[:7] == [
        "Problem statement",
        "Points of agreement",
        "Points of disagreement",
        "Draft recommendations",
        "Open questions",
        "Missing perspectives",
        "Next steps",
    ]
    missing = dict((s.heading, s.lines) for s in reply.sections)["Missing perspectives"]
    assert any("Academia" in line for line in missing)
    assert drafts(bot) == [(1, "draft", "offline draft — no LLM configured")]

    posted = press(bot, "draft:post", reply.buttons[0].value)
    assert not posted.ephemeral and posted.title == reply.title  # what the chair reviewed
    assert posted.sections == reply.sections and "**" not in render_text(posted)
    assert drafts(bot)[0][1] == "posted"
    again = press(bot, "draft:post", reply.buttons[0].value)
    assert again.tone.value == "error" and "already posted" in again.text


def test_only_a_chair_summarises_and_presses(bot: BotHarness, group: ListHistory) -> None:
    refused = run(bot, group, user="lars")
    assert refused.tone.value == "error" and "Only a chair" in refused.text
    reply = run(bot, group)
    denied = press(bot, "draft:discard", reply.buttons[1].value, user="lars")
    assert denied.tone.value == "error"
    done = press(bot, "draft:discard", reply.buttons[1].value)
    assert "discarded" in done.text
    assert drafts(bot)[0][1] == "discarded"


def test_public_posts_directly(bot: BotHarness, group: ListHistory) -> None:
    reply = run(bot, group, "/summarize 2d public lang:fr")
    assert not reply.ephemeral and not reply.buttons
    assert drafts(bot)[0][1] == "posted"


def test_bad_arguments_change_nothing(bot: BotHarness, group: ListHistory) -> None:
    before = bot.audit_count()
    for line in (
        "/summarize yesterday",
        "/summarize since 2030-01-01",
        "/summarize 999d",
        "/summarize https://example.com/x",
    ):
        reply = run(bot, group, line)
        assert reply.tone.value == "error" and reply.ephemeral, line
    assert bot.audit_count() == before
    assert drafts(bot) == []


def test_next_summary_starts_after_the_last_draft(bot: BotHarness, group: ListHistory) -> None:
    run(bot, group)
    nothing = run(bot, group)
    assert nothing.tone.value == "error" and "No messages" in nothing.text
    bot.clock.advance(timedelta(hours=1))
    chat(bot, group, 3)
    second = run(bot, group)
    assert "Read 3 messages" in second.text
    listing = bot.text("/wg drafts")
    assert "v2" in listing and "v1" in listing


def test_opt_out(bot: BotHarness, group: ListHistory) -> None:
    assert bot.say("/wg summaries off").tone.value == "success"
    refused = run(bot, group)
    assert "opted out" in refused.text and "`/wg summaries on`" in refused.text
    assert bot.say("/wg summarize on").tone.value == "success"  # its old name still works
    assert run(bot, group).tone.value != "error"


def test_failed_and_offline_runs_leave_no_trace_and_use_no_quota(
    bot: BotHarness, history: ListHistory
) -> None:
    bot.setup_group()
    before = bot.audit_count()
    for _ in range(summarize_command.RATE_LIMIT + 1):  # nothing to read: fails every time
        assert "No messages" in run(bot, history, "/summarize 1d").text
    assert bot.audit_count() == before  # a failed attempt changes nothing
    # History already read is not read again: the new messages come after those reads.
    bot.clock.advance(timedelta(minutes=10))
    chat(bot, history, 5)
    assert run(bot, history, "/summarize 1d").tone.value != "error"  # offline: no LLM quota


def test_one_summary_at_a_time_per_group(bot: BotHarness, group: ListHistory) -> None:
    with bot.read() as store:
        store.summarizer.claim(
            1, "console:kofi#1", "console:kofi", bot.clock.now, summarize_command.STALE_LOCK
        )
    busy = run(bot, group)
    assert busy.tone.value == "error" and "already being made" in busy.text
    bot.clock.advance(summarize_command.STALE_LOCK + timedelta(minutes=1))
    assert run(bot, group, "/summarize 1d").tone.value != "error"


def test_export_outcome_document(bot: BotHarness, group: ListHistory) -> None:
    run(bot, group)
    reply = bot.say("/wg export")
    (attachment,) = reply.attachments
    document = attachment.content.decode()
    assert attachment.filename.endswith(".md")
    assert "# Outcome document: BPF Cybersecurity" in document
    assert "Five cyber-hygiene practices ISPs commit to" in document
    assert "## Charter" in document and "## Coverage" in document
    assert "### Problem statement" in document and "Version 1" in document
    assert bot.say("/wg export", user="lars").tone.value == "error"


def test_without_a_history_reader_the_record_alone_is_read(
    bot: BotHarness, group: ListHistory
) -> None:
    """The 30 messages before the record began stay unknown; what was typed since is read."""
    assert "No messages" in bot.say("/summarize").text
    for n in range(3):
        bot.app.dispatcher.record_message(
            Actor(Platform.CONSOLE, "kofi", "Kofi"), bot_where(bot), text=f"We should do {n}."
        )
    reply = bot.say("/summarize")
    assert reply.tone.value != "error" and "Read 3 messages" in reply.text


# -- with an LLM -------------------------------------------------------------------------------


@pytest.fixture
def llm_bot(database_url: str) -> Iterator[tuple[BotHarness, StandIn]]:
    with StandIn(Behaviour(context_limit=6000)) as server:
        harness = BotHarness(
            database_url,
            openai_api_key="k",
            openai_base_url=server.base_url,
            wgbot_llm_model="standin-1",
            wgbot_llm_context_tokens=6000,
            wgbot_llm_attempts=3,
            wgbot_llm_backoff=0.01,
        )
        yield harness, server
        harness.app.database.dispose()


def audit(bot: BotHarness, action: str) -> list[str]:
    with bot.app.database.session() as session:
        from sqlmodel import select

        rows = session.exec(select(AuditEntry).where(AuditEntry.action == action))
        return [row.new or "" for row in rows]


def test_llm_draft_end_to_end(llm_bot: tuple[BotHarness, StandIn], history: ListHistory) -> None:
    bot, server = llm_bot
    bot.setup_group()
    chat(bot, history, 200)
    reply = run(bot, history)
    assert reply.tone.value != "error", reply.text
    assert "model standin-1" in reply.text and "Read 200 messages" in reply.text
    assert server.rejected == [] and len(server.requests) > 2
    assert drafts(bot) == [(1, "draft", "standin-1")]
    (sent,) = audit(bot, "llm.sent")
    assert f"endpoint={server.base_url}/" in sent and "messages=200" in sent
    assert f"calls={len(server.requests)}" in sent and "outcome=ok" in sent
    texts = " ".join(m.text for m in history.read(HistoryQuery(bot_where(bot))))
    assert texts[:40] not in sent  # counts, never the text


def test_retries_exhausted_store_no_draft(
    llm_bot: tuple[BotHarness, StandIn], history: ListHistory
) -> None:
    bot, server = llm_bot
    bot.setup_group()
    chat(bot, history, 10)
    server.behaviour.failures.extend(["500"] * 50)
    reply = run(bot, history)
    assert reply.tone.value == "error"
    assert "No draft this time" in reply.text and "after 3 attempts" in reply.text
    assert drafts(bot) == []
    (sent,) = audit(bot, "llm.sent")
    assert "outcome=failed" in sent
    server.behaviour.failures.clear()
    assert run(bot, history).tone.value != "error"  # the lock was released


def test_no_transaction_is_open_while_the_model_works(
    llm_bot: tuple[BotHarness, StandIn], history: ListHistory, database_url: str
) -> None:
    """While the stand-in answers, another connection writes to the database at once."""
    bot, server = llm_bot
    bot.setup_group()
    chat(bot, history, 10)
    writes: list[str] = []

    def write_meanwhile() -> None:
        url = make_url(database_url)
        if url.get_backend_name() == "sqlite":
            conn = sqlite3.connect(str(Path(url.database or "")), timeout=0.5)
            conn.execute("BEGIN IMMEDIATE")  # fails with "database is locked" if one is open
            conn.execute("UPDATE working_group SET goal = 'set meanwhile'")
            conn.commit()
            conn.close()
        else:
            bot.say("/wg goal set meanwhile")
        writes.append("ok")

    server.on_request = write_meanwhile
    reply = run(bot, history)
    assert reply.tone.value != "error", reply.text
    assert writes and set(writes) == {"ok"}


def test_per_user_rate_limit_counts_llm_runs(
    llm_bot: tuple[BotHarness, StandIn], history: ListHistory
) -> None:
    bot, _server = llm_bot
    bot.setup_group()
    chat(bot, history, 20)
    for _ in range(summarize_command.RATE_LIMIT):
        assert run(bot, history, "/summarize 1d").tone.value != "error"
    limited = run(bot, history, "/summarize 1d")
    assert limited.tone.value == "error" and "limit is 5" in limited.text
    bot.clock.advance(summarize_command.RATE_WINDOW + timedelta(minutes=1))
    chat(bot, history, 3)
    assert run(bot, history, "/summarize 1d").tone.value != "error"


def test_what_the_endpoint_supports_is_probed_once_and_kept(
    llm_bot: tuple[BotHarness, StandIn], history: ListHistory
) -> None:
    """The first /summarize probes (json_schema refused as llama-cpp-python does, with a 500)
    and stores what it found; the next run, and a restarted bot, ask nothing again."""
    bot, server = llm_bot
    server.behaviour.dialect = "llama-cpp-python"
    bot.setup_group()
    chat(bot, history, 40)
    notes: list[str] = []
    reply = bot.say("/summarize", services=Services(progress=notes.append, history=history))
    assert reply.tone.value != "error", reply.text
    assert server.probes == [("json_schema", 500), ("json_object+schema", 200)]
    assert {r.response_format for r in server.requests} == {"json_object"}
    assert server.attempts == len(server.requests)  # nothing retried, nothing refused
    assert any(n.startswith("part 1 of ") for n in notes)
    with bot.read() as store:
        kept = store.llm_endpoints.get(f"{server.base_url}", "standin-1", bot.clock.now)
    assert kept is not None and '"form": "json_object+schema"' in kept
    chat(bot, history, 5)
    assert run(bot, history, "/summarize 1d").tone.value != "error"
    assert len(server.probes) == 2  # not probed again
