"""The MAG sponsor (R4: the MAG stands by the work) and the volunteers' asks of them."""

from __future__ import annotations

from bot.core.context import Context
from bot.core.messages import Reply, Tone
from bot.core.params import Args, Kind, Param
from bot.core.registry import Command, Registry, Role
from bot.domain.timezones import MAX_NAME as MAX_TZ
from bot.domain.timezones import parse_timezone
from bot.domain.wording import person, verb
from bot.ground.errors import PermissionDenied, UsageError
from bot.ground.normalise import quoted
from bot.ground.states import SponsorState
from storage.people.models import TimezoneSource

MAX_ASK = 1000
TZ_PREFIX = "tz:"  # `/wg sponsor @user [also] tz:Area/City` (Discord: the `tz` option)
MAX_ASK_NUMBER = 1_000_000  # asks are numbered within their group


def sponsor(ctx: Context, args: Args) -> Reply:
    """Assign the sponsor: replaces the current one(s), or adds a co-sponsor with `also`."""
    user = args.user("user")
    mode, typed_zone = args.opt_text("mode"), args.opt_text("tz")
    if typed_zone is None and mode and mode.lower().startswith(TZ_PREFIX):
        mode, typed_zone = None, mode  # typed `/wg sponsor @user tz:…` (no mode)
    mode = (mode or "").lower()
    if typed_zone and typed_zone.lower().startswith(TZ_PREFIX):
        typed_zone = typed_zone[len(TZ_PREFIX) :]
    if mode not in ("", "also"):
        raise UsageError(
            f"{quoted(mode, 20)} is not understood: write `\ue000/wg sponsor @user` to replace the "
            "sponsor, or `\ue000/wg sponsor @user also` to add a co-sponsor."
        )
    zone = parse_timezone(typed_zone) if typed_zone else None
    group = ctx.require_group()
    # An address names an email-only sponsor: nudged by email (docs/email.md).
    platform = (user.platform or ctx.where.platform).value
    row, changed = ctx.store.sponsors.assign(
        ctx.group_id, platform, user.user_id, user.display_name, ctx.actor.key, ctx.now
    )
    zone_note = ""
    if zone is not None:
        kept = ctx.store.people.set_timezone(
            platform, user.user_id, zone, TimezoneSource.CHAIR, ctx.actor.key, ctx.now
        )
        zone_note = (
            f" Their nudges follow {zone}." if kept else " They set their own timezone, kept."
        )
    name = row.display_name or row.user_id
    me = (row.platform, row.user_id) == (ctx.actor.platform.value, ctx.actor.user_id)
    who = person(name, self_=me)
    replaced = []
    if mode != "also":
        for other in ctx.store.sponsors.of_group(ctx.group_id):
            if other.id != row.id:
                ctx.store.sponsors.set_state(
                    other, SponsorState.STEPPED_DOWN, None, ctx.actor.key, ctx.now
                )
                replaced.append(f"@{other.display_name or other.user_id}")
    if not changed and not replaced:
        return Reply(
            text=f"{who} already {verb(who, 'sponsor')} {group.name}.{zone_note}", ephemeral=True
        )
    text = f"{who} {'are' if me else 'is'} now {'a' if mode else 'the'} MAG sponsor of {group.name}"
    text += f", replacing {', '.join(replaced)}." if replaced else "."
    text += (
        " You will get a welcome message now, then a weekly nudge with the group's state and its "
        "open asks."
        if me
        else " They will get a welcome message now, then a weekly nudge with the group's state and "
        "your open asks."
    ) + zone_note
    if changed:
        ctx.deliver_soon(ctx.group_id)  # the welcome, once this transaction is committed
    return Reply(title="MAG sponsor assigned", text=text, tone=Tone.SUCCESS)


def ask(ctx: Context, args: Args) -> Reply:
    text = args.text("text").strip()
    if len(text) > MAX_ASK:
        raise UsageError(f"That ask is {len(text)} characters: keep it under {MAX_ASK}.")
    row = ctx.store.asks.add(ctx.group_id, text, ctx.actor.key, ctx.actor.name, ctx.now)
    reply = f"Ask #{row.number} queued for the sponsor's next nudge: {text}"
    if not ctx.store.sponsors.of_group(ctx.group_id):
        reply += (
            " (This group has no MAG sponsor yet: a chair can name one with "
            "`\ue000/wg sponsor @user`.)"
        )
    return Reply(text=reply, tone=Tone.SUCCESS)


def done(ctx: Context, args: Args) -> Reply:
    number = args.opt_int("number")
    assert number is not None
    row = ctx.store.asks.get(ctx.group_id, number)
    if row is None or row.status != "open":
        raise UsageError(f"There is no open ask #{number} here: `/wg status` lists the open ones.")
    is_sponsor = any(
        s.platform == ctx.actor.platform.value and s.user_id == ctx.actor.user_id
        for s in ctx.store.sponsors.of_group(ctx.group_id)
    )
    if not (row.asked_by == ctx.actor.key or is_sponsor or ctx.is_chair() or ctx.is_admin):
        raise PermissionDenied(
            "Only the person who asked, the sponsor or a chair can close an ask."
        )
    ctx.store.asks.close(row, ctx.actor.key, ctx.now)
    return Reply.ok(f"Ask #{number} marked done: {row.text}")


def register(registry: Registry) -> None:
    registry.add(
        Command(
            path=("wg", "sponsor"),
            summary=(
                "Assign the MAG sponsor: a mention or an email address (`also` adds a co-sponsor)."
            ),
            handler=sponsor,
            params=(
                Param(
                    "user",
                    Kind.USER,
                    "the MAG member, as a mention (@name) or an email address",
                    email=True,
                ),
                Param("mode", Kind.WORD, "`also` to add a co-sponsor", required=False),
                Param(
                    "tz",
                    Kind.WORD,
                    "their timezone, `Area/City`, when their platform cannot tell (email)",
                    required=False,
                    keyword=True,
                    max_length=MAX_TZ + len(TZ_PREFIX),
                ),
            ),
            role=Role.CHAIR,
        )
    )
    registry.add(
        Command(
            path=("wg", "ask"),
            summary="Ask the MAG sponsor for help; it goes into their next nudge.",
            handler=ask,
            params=(
                Param("text", Kind.TEXT, "what you need from the sponsor", max_length=MAX_ASK),
            ),
        )
    )
    registry.add(
        Command(
            path=("wg", "done"),
            summary="Mark an ask as done (the asker, the sponsor or a chair).",
            handler=done,
            params=(
                Param(
                    "number",
                    Kind.INT,
                    "the ask's number, from `/wg status`",
                    min_value=1,
                    max_value=MAX_ASK_NUMBER,
                ),
            ),
        )
    )
