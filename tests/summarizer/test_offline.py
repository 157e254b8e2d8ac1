"""No key: the offline drafter, same structure, labelled, on a fresh machine."""

from __future__ import annotations

from bot.config import Settings
from bot.summarizer.engine import LLMConfig, RosterEntry, Summarizer, missing_perspectives
from bot.summarizer.render import to_markdown
from tests.summarizer.fixtures import discussion


def test_offline_draft_has_the_same_structure_and_says_so() -> None:
    config = LLMConfig.from_settings(Settings(_env_file=None))
    assert not config.online
    summarizer = Summarizer(config)
    messages = discussion(60)
    draft = summarizer.run(messages, group_name="BPF", stakeholder_of=lambda m: "Civil society")
    assert draft.offline and summarizer.usage.calls == 0
    markdown = to_markdown(draft)
    assert "offline draft — no LLM configured" in markdown
    body = draft.body
    assert body.problem_statement
    assert body.recommendations and body.agreements and body.open_questions and body.next_steps
    assert body.disagreements[0].views[0].stakeholder_groups == ["Civil society"]
    known = {p.cid for p in draft.messages}
    assert all(c in known for r in body.recommendations for c in r.citations)
    assert all(q.text.endswith("?") for q in body.open_questions)


def test_offline_draft_is_deterministic() -> None:
    config = LLMConfig.from_settings(Settings(_env_file=None))
    one = Summarizer(config).run(discussion(50), group_name="G").body
    two = Summarizer(config).run(discussion(50), group_name="G").body
    assert one == two


def test_missing_perspectives_from_membership() -> None:
    roster = [
        RosterEntry("ana", "Civil society", "GRULAC"),
        RosterEntry("lars", "Government", "WEOG"),
        RosterEntry("kofi", "Technical community", "African States"),
    ]
    missing = missing_perspectives(roster, {"ana", "kofi"}, ["Government", "Academia"])
    assert "Government (stakeholder group): members, but silent here" in missing
    assert "WEOG (region): members, but silent here" in missing
    assert "Academia (stakeholder group): no member in the group" in missing
    assert not any("Civil society" in m for m in missing)
