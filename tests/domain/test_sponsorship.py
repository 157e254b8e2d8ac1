"""A sponsor's standing, pinned once at its home (bot/domain/sponsorship.py): status, home,
nudges and the MAG overview all read it from there."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.sponsorship import SponsorStanding, sponsor_phrase, sponsor_standing, standing_of
from bot.ground.states import SponsorState
from storage.sponsors.models import Sponsor

NOW = datetime(2027, 1, 11, 9, tzinfo=UTC)
LATER, EARLIER = NOW + timedelta(days=3), NOW - timedelta(days=1)


def _sponsor(state: SponsorState, until: datetime | None) -> Sponsor:
    return Sponsor(
        group_id=1,
        platform="console",
        user_id="marta",
        display_name="Marta",
        state=state.value,
        state_until=until,
        assigned_by="x",
        assigned_at=NOW,
        updated_at=NOW,
    )


@pytest.mark.parametrize(
    ("state", "until", "standing", "phrase"),
    [
        (SponsorState.COMMITTED, LATER, "committed", "committed to support until 2027-01-14"),
        (SponsorState.COMMITTED, EARLIER, "lapsed", "commitment lapsed on 2027-01-10"),
        # Where the two old copies disagreed: overview said lapsed, status "not yet confirmed".
        (SponsorState.COMMITTED, None, "lapsed", "commitment lapsed"),
        (SponsorState.SNOOZED, LATER, "snoozed", "snoozed until 2027-01-14"),
        (SponsorState.SNOOZED, EARLIER, "unconfirmed", "not yet confirmed"),
        (SponsorState.UNCONFIRMED, None, "unconfirmed", "not yet confirmed"),
        (SponsorState.STEPPED_DOWN, None, "stepped down", "stepped down"),
        (SponsorState.COMMITTED, NOW, "lapsed", "commitment lapsed on 2027-01-11"),  # ends now
    ],
)
def test_one_sponsor(
    state: SponsorState, until: datetime | None, standing: str, phrase: str
) -> None:
    sponsor = _sponsor(state, until)
    assert standing_of(sponsor, NOW) == standing
    assert sponsor_phrase(sponsor, NOW) == f"@Marta: {phrase}"


def test_a_group_stands_as_well_as_its_best_sponsor() -> None:
    assert sponsor_standing([], NOW) is SponsorStanding.NONE
    stepped_down = _sponsor(SponsorState.STEPPED_DOWN, None)
    assert sponsor_standing([stepped_down], NOW) is SponsorStanding.NONE
    lapsed, snoozed = (
        _sponsor(SponsorState.COMMITTED, EARLIER),
        _sponsor(SponsorState.SNOOZED, LATER),
    )
    assert sponsor_standing([lapsed, stepped_down], NOW) is SponsorStanding.LAPSED
    assert sponsor_standing([lapsed, snoozed], NOW) is SponsorStanding.SNOOZED
    committed = _sponsor(SponsorState.COMMITTED, LATER)
    assert sponsor_standing([snoozed, committed, lapsed], NOW) is SponsorStanding.COMMITTED
