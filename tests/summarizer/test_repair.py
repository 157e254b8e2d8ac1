"""Small local models' answers, as they come: cut off, repeated, echoed, empty, inventing
citations. Each is repaired, asked again once, or replaced by the offline drafter's structure
for that part, and always labelled; never a crash, an empty draft or an invented citation."""

from __future__ import annotations

import json

from bot.domain.draft_schema import DraftBody, Point
from bot.summarizer.citations import cited_ids
from bot.summarizer.engine import Summarizer
from bot.summarizer.mapreduce import merge_plainly
from bot.summarizer.render import to_markdown
from bot.summarizer.result import Draft
from testkit.summarizer.fixtures import discussion
from testkit.summarizer.standin import StandIn
from tests.summarizer.conftest import config_for

GOOD = json.dumps(
    {
        "problem_statement": "Which hygiene practices ISPs should commit to.",
        "agreements": [{"text": "BCP 38 comes first.", "citations": ["m1", "m2"]}],
        "recommendations": [{"text": "Adopt BCP 38.", "rationale": "", "citations": ["m3"]}],
    }
)


def summarize(standin: StandIn, *answers: str, count: int = 6) -> Draft:
    standin.behaviour.scripted.extend(answers)
    return Summarizer(config_for(standin)).run(discussion(count), group_name="G")


def known(draft: Draft) -> bool:
    return set(cited_ids(draft.body)) <= {m.cid for m in draft.messages}


def test_json_cut_off_at_max_tokens_is_repaired(standin: StandIn) -> None:
    cut = GOOD[: GOOD.index("Adopt BCP 38.") + 5]
    draft = summarize(standin, cut)
    assert len(standin.requests) == 1
    assert draft.body.agreements[0].citations == ["m1", "m2"]
    assert draft.notes == [
        "the discussion: the model's JSON was cut off or malformed and was repaired"
    ]
    assert "Repaired: the discussion: the model's JSON was cut off" in to_markdown(draft)


def test_a_repeated_list_is_merged(standin: StandIn) -> None:
    looping = json.loads(GOOD)
    looping["agreements"] = [
        {"text": "BCP 38 comes first.", "citations": [f"m{n}"]} for n in (1, 2, 3)
    ] * 4
    looping["problem_statement"] = "ISPs and hygiene. ISPs and hygiene. ISPs and hygiene."
    draft = summarize(standin, json.dumps(looping))
    assert [(p.text, p.citations) for p in draft.body.agreements] == [
        ("BCP 38 comes first.", ["m1", "m2", "m3"])
    ]
    assert draft.body.problem_statement == "ISPs and hygiene."
    assert "the discussion: repeated points were merged" in draft.notes


def test_citations_of_messages_that_do_not_exist_are_dropped(standin: StandIn) -> None:
    invented = json.loads(GOOD)
    invented["recommendations"][0]["citations"] = ["m3", "m77", "m999999", "x"]
    draft = summarize(standin, json.dumps(invented))
    assert draft.body.recommendations[0].citations == ["m3"] and known(draft)


def test_an_empty_answer_is_asked_again_once(standin: StandIn) -> None:
    draft = summarize(standin, "", GOOD)
    assert len(standin.requests) == 2
    assert draft.notes == ["the discussion: asked again after an unusable answer"]
    assert draft.body.recommendations[0].text == "Adopt BCP 38."


def test_two_empty_answers_give_the_offline_structure_labelled(standin: StandIn) -> None:
    draft = summarize(standin, "", "   ")
    assert len(standin.requests) == 2  # asked again once, not more
    assert draft.notes == [
        "the discussion: the model gave an empty answer; the offline extract stands in for it"
    ]
    assert draft.body.problem_statement and not draft.offline  # a model run, labelled
    assert known(draft) and cited_ids(draft.body)


def test_an_echoed_prompt_is_not_a_draft(standin: StandIn) -> None:
    messages = discussion(6)
    echo = "Stage: MAP. Below is part 1 of 1\n" + "\n".join(
        f"[m{n}] 2027-01-04 08:0{n} {m.user_name}: {m.text}" for n, m in enumerate(messages, 1)
    )
    draft = summarize(standin, echo, echo)
    assert draft.notes == [
        "the discussion: the model repeated its prompt instead of answering; the offline "
        "extract stands in for it"
    ]
    assert "Stage: MAP" not in to_markdown(draft) and known(draft)


def test_json_of_the_wrong_shape_in_every_part_never_empties_the_draft(standin: StandIn) -> None:
    standin.behaviour.scripted.extend([json.dumps({"agreements": [{"citations": 3}]})] * 200)
    draft = Summarizer(config_for(standin)).run(discussion(200), group_name="G")
    parts = draft.message_count and len([n for n in draft.notes if "offline extract" in n])
    assert parts >= 2 and known(draft) and draft.body.problem_statement


def test_partials_are_joined_plainly_when_a_merge_fails() -> None:
    a = DraftBody(problem_statement="A.", agreements=[Point(text="Same.", citations=["m1"])])
    b = DraftBody(problem_statement="B.", agreements=[Point(text="same", citations=["m2"])])
    merged = merge_plainly([a, b])
    assert merged.problem_statement == "A."
    assert [(p.text, p.citations) for p in merged.agreements] == [("Same.", ["m1", "m2"])]
