"""`/wg forget me`: your words leave everything this group keeps (storage/consent/words.py: the
discussion record, your posts to its mailing list from your linked address, stored drafts,
your vote reasons) and are never kept again from later deliveries or history reads of what
you said before; that you spoke, and when, stays in the counts of voices heard, your votes
stay counted. An audit entry says who asked and how much changed."""

from __future__ import annotations

from bot.core.context import Context
from bot.core.messages import Reply
from bot.core.params import Args, Kind, Param
from bot.core.registry import Command, Registry
from bot.domain.wording import plural
from bot.ground.errors import UsageError
from storage.consent.words import Forgotten

USAGE = "/wg forget me"


def forget(ctx: Context, args: Args) -> Reply:
    if args.text("me").lower() != "me":
        raise UsageError(f"You can only take out your own words. Usage: `{USAGE}`")
    actor = ctx.actor
    identities = [(actor.platform.value, actor.user_id)]
    linked = ctx.store.email.identity_of(actor.platform.value, actor.user_id)
    if linked is not None:  # their posts to the group's mailing list too
        identities.append(("email", linked.address))
    member = ctx.store.members.get(ctx.group_id, actor.platform.value, actor.user_id)
    names = {actor.name, *([member.display_name] if member is not None else [])}
    done = ctx.store.words.forget(
        Forgotten(
            group_id=ctx.group_id,
            identities=tuple(identities),
            key=actor.key,
            names=tuple(n for n in names if n),
            actor=actor.key,
        ),
        ctx.now,
    )
    group = ctx.require_group().name
    parts = [f"the words of your {plural(done['record_message'], 'message')}"]
    if done["draft"]:
        parts.append(f"{plural(done['draft'], 'stored draft')} redacted")
    if done.get("comment"):
        parts.append(f"{plural(done['comment'], 'comment')} on drafts")
    if done.get("uptake"):
        parts.append(f"your notes on {plural(done['uptake'], 'uptake entry', 'uptake entries')}")
    if done["vote"]:
        parts.append(f"your reasons and name on {plural(done['vote'], 'vote')}")
    if done["comment"]:
        parts.append(f"your {plural(done['comment'], 'comment')} on drafts")
    return Reply.ok(
        f"Done: {', '.join(parts)} are out of {group}'s keeping, and anything of yours said "
        "before now that reaches the bot later is not kept. Only that you spoke, and when, "
        "stays for voices heard; your votes stay counted.",
        ephemeral=True,
    )


def register(registry: Registry) -> None:
    registry.add(
        Command(
            path=("wg", "forget"),
            summary="Take your words out of everything this group keeps.",
            handler=forget,
            params=(Param("me", Kind.WORD, "`me`: your own words"),),
        )
    )
