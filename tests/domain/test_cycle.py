"""The cycle's pure rules: milestones counted back from the meeting, their order, the phase
and lateness, and the one-line errors for bad input."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.command_ref import unmarked
from bot.domain.cycle import (
    DEFAULT_OFFSETS,
    FIRST_PHASE,
    check_order,
    milestone_key,
    parse_day,
    parse_offsets,
    parse_year,
    phase_of,
    timeline,
)
from bot.ground.errors import UsageError

MEETING = date(2027, 6, 22)


def _dates(meeting: date = MEETING) -> dict[str, date]:
    return {m.key: m.due for m in timeline(meeting, DEFAULT_OFFSETS, {}, {}, None)}


def test_default_milestones_are_counted_back_from_the_meeting() -> None:
    assert _dates() == {
        "charter": date(2027, 2, 2),
        "call-opens": date(2027, 2, 16),
        "call-closes": date(2027, 3, 30),
        "draft": date(2027, 4, 27),
        "comments-open": date(2027, 5, 11),
        "comments-close": date(2027, 6, 1),
        "frozen": date(2027, 6, 15),
        "session": date(2027, 6, 22),
        "final-report": date(2027, 8, 17),
        "uptake-review": date(2027, 12, 21),
    }


def test_offsets_are_settings_over_the_defaults() -> None:
    offsets = parse_offsets(["draft:-10w", "final-report:+60d"])
    items = {m.key: m.due for m in timeline(MEETING, offsets, {}, {}, None)}
    assert items["draft"] == date(2027, 4, 13)
    assert items["final-report"] == date(2027, 8, 21)
    assert items["charter"] == date(2027, 2, 2)
    for bad in ("draft", "nothing:-2w", "draft:-2y"):
        with pytest.raises(ValueError, match="bad cycle offset"):
            parse_offsets([bad])


def test_moves_marks_and_the_deadline_as_final_report() -> None:
    items = timeline(
        MEETING,
        DEFAULT_OFFSETS,
        {"draft": date(2027, 5, 1)},
        {"charter": date(2027, 1, 30)},
        date(2027, 9, 1),
    )
    by_key = {m.key: m for m in items}
    assert by_key["draft"].due == date(2027, 5, 1)
    assert by_key["charter"].done and by_key["charter"].state(date(2027, 3, 1)) == "done 2027-01-30"
    assert by_key["final-report"].due == date(2027, 9, 1)
    # No meeting: only the deadline, as before the cycle existed.
    assert [m.key for m in timeline(None, DEFAULT_OFFSETS, {}, {}, date(2027, 3, 1))] == [
        "final-report"
    ]


def test_phase_late_and_states() -> None:
    fresh = timeline(MEETING, DEFAULT_OFFSETS, {}, {}, None)
    assert phase_of(fresh, date(2027, 1, 11)).name == FIRST_PHASE
    items = timeline(MEETING, DEFAULT_OFFSETS, {}, {"charter": date(2027, 2, 1)}, None)
    early = phase_of(items, date(2027, 2, 1))
    assert early.name == "Scoping" and not early.late
    assert early.next is not None and early.next.key == "call-opens"
    later = phase_of(items, date(2027, 3, 3))
    assert later.name == "Call for input" and [m.key for m in later.late] == ["call-opens"]
    assert later.late_phrase(date(2027, 3, 3)) == "Late: Call for input opens 15 days late"
    by_key = {m.key: m for m in items}
    assert by_key["draft"].state(date(2027, 4, 26)) == "due in 1 day"
    assert by_key["draft"].state(date(2027, 4, 27)) == "due today"
    assert by_key["draft"].state(date(2027, 4, 28)) == "1 day late"
    assert phase_of(items, date(2028, 1, 1)).name == "Cycle complete"


def test_order_errors_name_the_neighbour_to_move_first() -> None:
    items = [m for m in timeline(MEETING, DEFAULT_OFFSETS, {}, {}, None) if m.key != "draft"]
    check_order(items, "draft", date(2027, 5, 1))
    with pytest.raises(UsageError) as late:
        check_order(items, "draft", date(2027, 7, 1))
    assert unmarked(late.value.message) == (
        "First draft cannot come after Comments open (2027-05-11): give a date before it, or "
        "move `comments-open` first with `/wg milestone comments-open DATE`."
    )
    with pytest.raises(UsageError, match="cannot come before Call for input closes"):
        check_order(items, "draft", date(2027, 3, 1))


def test_bad_input_gets_one_line_that_says_how_to_fix_it() -> None:
    assert milestone_key("Draft") == "draft" and milestone_key("deadline") == "final-report"
    cases = [
        (lambda: milestone_key("nonsense"), "No milestone `nonsense`: name one of charter,"),
        (lambda: parse_day("2027-02-30"), "`2027-02-30` is not a date: give the date as"),
        (lambda: parse_day("tomorrow"), "`tomorrow` is not a date"),
        (lambda: parse_day("1900-01-01"), "1900-01-01 is out of range"),
        (lambda: parse_year("27"), "`27` is not a year: give the cycle's year, like `2027`."),
    ]
    for call, message in cases:
        with pytest.raises(UsageError) as error:
            call()
        assert error.value.message.startswith(message), error.value.message
        assert "\n" not in error.value.message
