"""`/summarize [link | 7d | since 2027-01-10] [lang:fr] [public]` → what to read and how."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs, urlparse

from bot.domain.languages import UnknownLanguage, normalise
from bot.ground.errors import UsageError
from bot.ground.normalise import quoted

USAGE = "/summarize [thread-or-message link | 7d | since 2027-01-10] [lang:fr] [public]"
DEFAULT_DAYS = 7
MAX_DAYS = 366
_PERIOD = re.compile(r"^(\d{1,6})([dw])$", re.IGNORECASE | re.ASCII)
_LANG = re.compile(r"^lang:(.*)$", re.IGNORECASE)
_SLACK_TS = re.compile(r"^p(\d{10})(\d{6})$", re.ASCII)


@dataclass(frozen=True)
class Scope:
    since: datetime | None = None  # None: since the last draft, or the last 7 days
    channel_id: str | None = None  # from a link; None: the channel typed in
    thread_id: str | None = None
    link: str | None = None
    language: str = "en"
    public: bool = False


def _link(url: str) -> tuple[str, str]:
    """(channel id, thread id) from a Slack permalink or a Discord message link."""
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower()
    parts = [p for p in parsed.path.split("/") if p]
    if host.endswith("slack.com") and len(parts) >= 3 and parts[0] == "archives":
        match = _SLACK_TS.match(parts[2])
        if match:
            thread = parse_qs(parsed.query).get("thread_ts", [None])[0]
            return parts[1], thread or f"{match.group(1)}.{match.group(2)}"
    discord = host.endswith(("discord.com", "discordapp.com"))
    if (
        discord
        and len(parts) == 4
        and parts[0] == "channels"
        and parts[2].isdigit()
        and parts[3].isdigit()
    ):
        return parts[2], parts[3]
    raise UsageError(
        f"`{url}` is not a Slack message permalink or a Discord message link. Usage: `{USAGE}`"
    )


def parse_scope(text: str, now: datetime) -> Scope:
    tokens = text.split()
    values: dict[str, object] = {}
    index = 0

    def once(key: str, what: str) -> None:
        """Each option at most once: `7d 3d` or `lang:fr lang:de` is a question, not a scope."""
        if key in values:
            raise UsageError(f"Give {what} once, not twice. Usage: `{USAGE}`")

    while index < len(tokens):
        token = tokens[index]
        low = token.lower()
        index += 1
        if low == "public":
            once("public", "`public`")
        elif low == "since" or _PERIOD.match(token):
            once("since", "the period")
        elif _LANG.match(token):
            once("language", "the language")
        elif low.startswith(("http://", "https://", "<http")):
            once("link", "the link")
        if low == "public":
            values["public"] = True
        elif match := _LANG.match(token):
            try:
                values["language"] = normalise(match.group(1))
            except UnknownLanguage as exc:
                raise UsageError(str(exc)) from None
        elif match := _PERIOD.match(token):
            days = int(match.group(1)) * (7 if match.group(2).lower() == "w" else 1)
            if not 1 <= days <= MAX_DAYS:
                raise UsageError(f"Give a period of 1 to {MAX_DAYS} days, like `7d` or `2w`.")
            values["since"] = now - timedelta(days=days)
        elif low == "since":
            if index >= len(tokens):
                raise UsageError(f"`since` needs a date like `2027-01-10`. Usage: `{USAGE}`")
            try:
                day = date.fromisoformat(tokens[index])
            except ValueError:
                raise UsageError(
                    f"{quoted(tokens[index], 30)} is not a date: write it like `2027-01-10`."
                ) from None
            index += 1
            start = datetime(day.year, day.month, day.day, tzinfo=UTC)
            if start > now:
                raise UsageError(f"{day.isoformat()} is in the future: give a past date.")
            values["since"] = start
        elif low.startswith(("http://", "https://", "<http")):
            url = token.strip("<>").split("|", 1)[0]
            values["channel_id"], values["thread_id"] = _link(url)
            values["link"] = url
        else:
            raise UsageError(f"Unexpected `{token}`. Usage: `{USAGE}`")
    if "since" in values and "thread_id" in values:
        raise UsageError("Give either a link or a period, not both.")
    return Scope(**values)  # type: ignore[arg-type]
