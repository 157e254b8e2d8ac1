"""Timezone names people type (`/wg timezone africa/nairobi`) and platforms send (Slack
`user.tz`): one check, so a name that reaches the database always loads."""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from bot.ground.errors import UsageError
from bot.ground.normalise import quoted

EXAMPLE = "`/wg timezone Africa/Nairobi`"
MAX_NAME = 64  # the columns' width; the longest IANA name is 32
# In the tz database but not places anyone lives in.
_NOT_PLACES = {"factory", "localtime", "posixrules"}


@cache
def _by_key() -> dict[str, str]:
    """Lower-cased name → the IANA spelling, so `america/lima` is understood."""
    return {name.lower(): name for name in available_timezones() if name.lower() not in _NOT_PLACES}


def known(name: str | None) -> str | None:
    """The IANA spelling of `name`, or None if it is not a timezone (never raises)."""
    if not name or len(name) > MAX_NAME:
        return None
    found = _by_key().get(name.strip().lower())
    if found is None:
        return None
    try:
        ZoneInfo(found)
    except (ValueError, OSError):
        return None
    return found


def parse_timezone(text: str) -> str:
    """A typed timezone name, or a one-line error with an example."""
    found = known(text)
    if found is None:
        raise UsageError(
            f"{quoted(text.strip(), 40)} is not a timezone: give an Area/City name from the "
            f"IANA list, like {EXAMPLE} or `/wg timezone America/Lima`."
        )
    return found
