"""/wg overlaps compares what the latest drafts SAY, not their Markdown: the footer, headings,
dates and the offline label are the same in every draft and are no shared topic. Drafts are
made for real, with /summarize over console chat, on every database backend."""

from __future__ import annotations

from datetime import timedelta

from bot.core.messages import Actor, Platform, Tone, Where
from bot.core.ports import Services
from testkit.summarizer.fixtures import discussion
from tests.harness import BotHarness, ListHistory

LEDGERS = [
    "I agree that smart contracts on public ledgers need independent audits.",
    "However, token custody rules differ a lot between jurisdictions.",
    "We should recommend open registries for decentralised identity wallets.",
    "Could the ledger consortium publish its consensus energy figures?",
    "I will write the paragraph on wallet recovery by Friday.",
    "In Estonia, notaries already anchor deeds on a permissioned chain.",
    "I disagree: regulators should not license every validator node.",
    "Good idea, and exchanges could disclose custody arrangements to users.",
]
OCEANS = [
    "I support satellite monitoring of trawlers near coastal fisheries.",
    "My concern: mangrove restoration funds rarely reach island villages.",
    "We should recommend shared sensor buoys for coral reef temperatures.",
    "Could the maritime agencies open their plankton survey archives?",
    "I will collect the seagrass mapping studies by Friday.",
    "In Fiji, fishers report catches by radio to the cooperative.",
    "I object: quotas alone will not save the spawning grounds.",
    "Makes sense, and ports could publish bilge discharge inspections.",
]
USERS = ["ana", "kofi", "mei", "lars"]


def summarise(bot: BotHarness, channel: str, name: str, lines: list[str]) -> None:
    """A group with no goal or charter, its chat, and its offline draft."""
    assert bot.say(f"/wg create {name}", channel=channel).tone is Tone.SUCCESS
    history = ListHistory()
    where = Where(Platform.CONSOLE, channel)
    for n, text in enumerate(lines):
        user = USERS[n % len(USERS)]
        at = bot.clock.now - timedelta(minutes=len(lines) - n)
        history.add(Actor(Platform.CONSOLE, user, user.capitalize()), where, text, at)
    reply = bot.say("/summarize", channel=channel, services=Services(history=history))
    assert reply.tone is not Tone.ERROR, reply.text
    assert "offline draft — no LLM configured" in reply.text


def test_unrelated_offline_drafts_do_not_overlap(bot: BotHarness) -> None:
    summarise(bot, "c1", "DC Blockchain", LEDGERS * 2)
    summarise(bot, "c2", "PN Oceans", OCEANS * 2)
    reply = bot.say("/wg overlaps", user="admin")
    assert "No topic overlaps between the 2 working groups" in reply.text, reply.sections


def test_related_drafts_still_overlap_on_their_content(bot: BotHarness) -> None:
    summarise(bot, "c1", "BPF Cybersecurity", [m.text for m in discussion(30, seed=7)])
    summarise(bot, "c2", "DC Network Resilience", [m.text for m in discussion(30, seed=9)])
    summarise(bot, "c3", "PN Oceans", OCEANS * 2)
    reply = bot.say("/wg overlaps", user="admin")
    assert reply.sections, reply.text
    assert len(reply.sections[0].lines) == 1, reply.sections
    (line,) = reply.sections[0].lines
    assert "BPF Cybersecurity ↔ DC Network Resilience" in line, line
    terms = line.split(": ", 1)[1].split(", ")
    # Words of both discussions (the drafts quote them), not of the drafts' wording.
    said = [" ".join(m.text for m in discussion(30, seed=s)).lower() for s in (7, 9)]
    assert terms and all(t in text for t in terms for text in said), terms
    assert not {"llm", "configured", "extracted", "point", "offline"} & set(terms), line
