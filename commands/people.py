"""Settings a person keeps across groups: `/wg timezone` (their weekly nudge comes at the
configured hour of their own day). Slack tells the bot a person's timezone itself; on
Discord, the console and email people say it here."""

from __future__ import annotations

from bot.core.context import Context
from bot.core.messages import Reply, Tone
from bot.core.params import Args, Kind, Param
from bot.core.registry import Command, Registry
from bot.domain.timezones import MAX_NAME, parse_timezone
from storage.people.models import TimezoneSource
from storage.people.repo import ZoneFrom, zone_of

CLEAR = "clear"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _when(ctx: Context, zone: str) -> str:
    day, hour = WEEKDAYS[ctx.settings.wgbot_nudge_weekday], ctx.settings.wgbot_nudge_hour
    return f"Sponsor nudges reach you on {day} at {hour:02d}:00 in {zone}."


def timezone(ctx: Context, args: Args) -> Reply:
    platform, user_id = ctx.actor.platform.value, ctx.actor.user_id
    typed = (args.opt_text("zone") or "").strip()
    fallback = ctx.group.timezone if ctx.group else ctx.settings.wgbot_timezone
    if not typed:
        zone, source = zone_of(ctx.store.people.get(platform, user_id), fallback)
        said = {
            ZoneFrom.OWN: "your own setting",
            ZoneFrom.PLATFORM: f"from your {ctx.actor.platform.value} profile",
            ZoneFrom.GROUP: "not set: the group's timezone is used",
        }[source]
        hint = " Set yours with `/wg timezone Area/City`, like `/wg timezone America/Lima`."
        return Reply(
            text=f"Your timezone: {zone} ({said}). {_when(ctx, zone)}"
            + (hint if source is not ZoneFrom.OWN else ""),
            ephemeral=True,
        )
    if typed.lower() == CLEAR:
        ctx.store.people.set_timezone(
            platform, user_id, None, TimezoneSource.SELF, ctx.actor.key, ctx.now
        )
        zone, _ = zone_of(ctx.store.people.get(platform, user_id), fallback)
        return Reply(
            text=f"Your own timezone is cleared: {zone} is used. {_when(ctx, zone)}",
            ephemeral=True,
            tone=Tone.SUCCESS,
        )
    zone = parse_timezone(typed)
    ctx.store.people.set_timezone(
        platform, user_id, zone, TimezoneSource.SELF, ctx.actor.key, ctx.now
    )
    return Reply(
        text=f"Your timezone is now {zone}. {_when(ctx, zone)}", ephemeral=True, tone=Tone.SUCCESS
    )


def register(registry: Registry) -> None:
    registry.add(
        Command(
            path=("wg", "timezone"),
            summary="Show or set your timezone (`Area/City`): your sponsor nudges come on your "
            "own morning.",
            handler=timezone,
            params=(
                Param(
                    "zone",
                    Kind.WORD,
                    "an IANA name like `Africa/Nairobi`, or `clear`",
                    required=False,
                    max_length=MAX_NAME,
                ),
            ),
            needs_group=False,
            details=(
                "Slack tells me your timezone from your profile; on Discord, the console and "
                "email say it here. Your own setting comes first, then your platform's, then "
                "the group's. `/wg timezone clear` drops your own setting."
            ),
        )
    )
