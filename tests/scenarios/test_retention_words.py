"""Words age out everywhere the record's words do (WGBOT_RECORD_DAYS), through the one
retention purge of storage/consent/words.py, on SQLite and PostgreSQL: a stored draft whose
newest message is older than the period loses its text (what `/wg drafts`, "Post to channel",
the export and `/wg propose` read), vote reasons and voters' shown names go (the votes stay
counted), a newer draft and a newer reason stay."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.core.messages import Action, Actor, Platform, Where
from bot.core.render_text import render_text
from bot.record.retention import purge
from storage.audit.models import AuditEntry
from storage.consensus.models import Vote
from storage.consent.aging import EXPIRED, EXPIRED_REASON
from storage.summaries.models import DraftRecord
from tests.harness import BotHarness

PARENT = Where(Platform.CONSOLE, "wg-cyber")
KOFI = Actor(Platform.CONSOLE, "kofi", "Kofi Mensah")
WORDS = "We should adopt the quetzal routing practice for all members"


def _draft(bot: BotHarness, tag: str) -> None:
    record = bot.app.dispatcher.record_message
    for n in range(3):
        record(KOFI, PARENT, message_id=f"{tag}{n}", text=f"{WORDS} {tag} point {n}.")
    assert "quetzal" in render_text(bot.say("/summarize"))


def test_drafts_and_vote_reasons_age_out_with_the_record(bot: BotHarness) -> None:
    days = bot.app.settings.wgbot_record_days
    bot.setup_group()
    bot.say("/wg join gov weog", user="lars")
    _draft(bot, "old")
    bot.say("/wg propose Recommend BCP 38")
    bot.say("/wg vote 1 disagree named Funding is missing for the osprey plan", user="lars")
    bot.clock.advance(timedelta(days=days - 10))
    _draft(bot, "new")  # newer than the period when the purge runs
    bot.say("/wg propose Recommend MANRS")
    bot.say("/wg vote 2 disagree named The kestrel plan is unfunded", user="lars")
    bot.clock.advance(timedelta(days=20))

    removed = purge(bot.app.database, days=days, now=bot.clock(), batch=1)
    assert removed >= 3 + 1 + 1  # old messages, the old draft, the old vote

    with bot.read() as store:
        old, new = store.session.exec(select(DraftRecord).order_by(DraftRecord.version)).all()
        votes = {v.statement_id: v for v in store.session.exec(select(Vote))}
        audit = [e.new or "" for e in store.session.exec(select(AuditEntry))]
    for stored in (old.markdown, old.body_json):
        assert "quetzal" not in stored and "Kofi" not in stored and EXPIRED in stored
    assert "quetzal" in new.markdown and "Kofi Mensah" in new.markdown
    # The newer draft stored the statements' consensus: the aged-out reason's quote goes.
    assert "osprey" not in new.markdown + new.body_json
    assert EXPIRED_REASON in new.markdown and EXPIRED_REASON in new.body_json
    assert old.message_count == 3  # the row stays: what /wg drafts lists
    assert votes[1].reason is None and votes[1].voter_name == "" and votes[1].choice == "disagree"
    assert votes[2].reason == "The kestrel plan is unfunded"
    assert not any("osprey" in a for a in audit)

    consensus = bot.text("/wg consensus 1")
    assert "osprey" not in consensus and "Government: 0 agree · 1 disagree" in consensus
    assert "kestrel" in bot.text("/wg consensus 2")
    assert "v1" in bot.text("/wg drafts")
    posted = bot.app.dispatcher.handle_action(
        Action(Actor(Platform.CONSOLE, "ana", "Ana"), PARENT, "draft:post", f"post:{old.id}")
    )
    assert "quetzal" not in render_text(posted)
    export = bot.say("/wg export").attachments[0].content.decode()
    assert "osprey" not in export, export

    # A second run finds nothing left to take out of the drafts and votes.
    with bot.read() as store:
        before = store.session.exec(select(DraftRecord).where(DraftRecord.id == old.id)).one()
        assert before.body_json == old.body_json
    assert purge(bot.app.database, days=days, now=bot.clock()) == 0
