"""`/wg forget me`: your words leave this group's discussion record (and are never kept again
from history reads of those messages), your posts to its mailing list from your linked
address too; that you spoke, and when, stays in the counts of voices heard. An audit entry
says who asked and how many messages lost their words."""

from __future__ import annotations

from bot.core.context import Context
from bot.core.errors import UsageError
from bot.core.messages import Reply
from bot.core.params import Args, Kind, Param
from bot.core.registry import Command, Registry
from bot.domain.wording import plural

USAGE = "/wg forget me"


def forget(ctx: Context, args: Args) -> Reply:
    if args.text("me").lower() != "me":
        raise UsageError(f"You can only take out your own words. Usage: `{USAGE}`")
    actor = ctx.actor
    removed = ctx.store.record.forget(
        ctx.group_id, actor.platform.value, actor.user_id, actor.key, ctx.now
    )
    linked = ctx.store.email.identity_of(actor.platform.value, actor.user_id)
    if linked is not None:  # their posts to the group's mailing list too
        removed += ctx.store.record.forget(
            ctx.group_id, "email", linked.address, actor.key, ctx.now
        )
    # Notes they wrote with uptake evidence (the evidence itself stays).
    ctx.store.uptake.forget_author(
        ctx.group_id, actor.platform.value, actor.user_id, actor.key, ctx.now
    )
    # Their comments on drafts too (what they said goes; that they commented stays).
    commented = ctx.store.comments.forget_person(
        ctx.group_id, actor.platform.value, actor.user_id, actor.key, ctx.now
    )
    if linked is not None:
        commented += ctx.store.comments.forget_person(
            ctx.group_id, "email", linked.address, actor.key, ctx.now
        )
    group = ctx.require_group().name
    return Reply.ok(
        f"Done: the words of your {plural(removed, 'message')}"
        + (f" and {plural(commented, 'comment')} on drafts" if commented else "")
        + f" are out of {group}'s record; "
        "only that you spoke, and when, stays for voices heard.",
        ephemeral=True,
    )


def register(registry: Registry) -> None:
    registry.add(
        Command(
            path=("wg", "forget"),
            summary="Take your words out of this group's discussion record.",
            handler=forget,
            params=(Param("me", Kind.WORD, "`me`: your own words"),),
        )
    )
