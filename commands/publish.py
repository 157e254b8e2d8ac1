"""`/wg publish on|off`: a chair opts the group into a public web page (its goal, timeline,
coverage counts, outputs with their uptake, closed statements); `off` removes it at once."""

from __future__ import annotations

from bot.core.context import Context
from bot.core.messages import Reply
from bot.core.params import Args, Kind, Param
from bot.core.registry import Command, Registry, Role
from bot.ground.errors import UsageError
from bot.ground.normalise import quoted

USAGE = "`\ue000/wg publish on` or `\ue000/wg publish off`"
SHOWN = (
    "its goal, timeline, coverage counts (numbers, never names), published outputs with their "
    "uptake, and closed statements with their verdict by stakeholder group"
)


def publish(ctx: Context, args: Args) -> Reply:
    word = args.text("switch").lower()
    group = ctx.require_group()
    if word == "on":
        new = ctx.store.public_pages.publish(ctx.group_id, ctx.actor.key, ctx.now)
        url = ctx.services.web.page_url(ctx.group_id) if ctx.services.web else None
        where = f" at {url}" if url else ""
        state = "now has" if new else "already has"
        return Reply.ok(
            f"{group.name} {state} a public page{where}: {SHOWN}. "
            "`\ue000/wg publish off` removes it."
        )
    if word == "off":
        gone = ctx.store.public_pages.withdraw(ctx.group_id, ctx.actor.key, ctx.now)
        if not gone:
            return Reply(text=f"{group.name} has no public page.", ephemeral=True)
        return Reply.ok(f"{group.name}'s public page is removed: it is gone from the web now.")
    raise UsageError(f"{quoted(word, 20)} is not on or off. Usage: {USAGE}")


def register(registry: Registry) -> None:
    registry.add(
        Command(
            path=("wg", "publish"),
            summary="A public web page for this group: on or off.",
            handler=publish,
            role=Role.CHAIR,
            params=(Param("switch", Kind.WORD, "on or off"),),
            details=f"{USAGE}. The page shows {SHOWN}.",
        )
    )
