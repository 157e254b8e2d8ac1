"""Who is in the group, with which stakeholder group and region; who chairs it."""

from __future__ import annotations

from bot.core.context import Context
from bot.core.messages import Reply, Tone
from bot.core.params import Args, Kind, Param, VocabularyName
from bot.core.registry import Command, Registry, Role
from bot.domain.wording import YOU, person, verb
from bot.ground.errors import UsageError
from bot.ground.normalise import quoted
from storage.groups.models import MemberRole


def join(ctx: Context, args: Args) -> Reply:
    stakeholder, region = args.text("group"), args.opt_text("region")
    actor = ctx.actor
    member, created = ctx.store.members.join(
        ctx.group_id,
        actor.platform.value,
        actor.user_id,
        actor.name,
        stakeholder,
        region,
        MemberRole.MEMBER,
        actor.key,
        ctx.now,
    )
    where = f", {member.region}" if member.region else ""
    group = ctx.require_group()
    # Joining again after a rollover is a Yes to "continue in YEAR?" (a lapse ends).
    year = ctx.store.cycle.year_of(ctx.group_id)
    renewal = (
        ctx.store.cycle.renewal(ctx.group_id, year, actor.platform.value, actor.user_id)
        if year
        else None
    )
    if renewal is not None:
        ctx.store.cycle.answer_renewal(renewal, "yes", ctx.now)
    # The reply speaks to the person who typed (see bot/domain/wording.py): their own name,
    # which may well be "you" on the console, is not repeated back to them.
    if created:
        text = f"Welcome to {group.name}: you joined as {stakeholder}{where}."
    else:
        text = f"You are now listed in {group.name} as {stakeholder}{where}."
    if not member.region:
        text += " Add your UN region with `/wg join GROUP REGION` so coverage can count it."
    return Reply(text=text, tone=Tone.SUCCESS)


def leave(ctx: Context, _args: Args) -> Reply:
    member = ctx.membership()
    group = ctx.require_group()
    if member is None:
        raise UsageError(f"You are not a member of {group.name}: nothing to leave.")
    if member.role == MemberRole.CHAIR.value and len(ctx.store.members.chairs(ctx.group_id)) == 1:
        # A group without a chair cannot set its goal, deadline or sponsor any more.
        raise UsageError(
            "You are the group's only chair: name another chair with `\ue000/wg chair @user` first."
        )
    ctx.store.members.leave(member, ctx.actor.key, ctx.now)
    return Reply.ok(f"You left {group.name}.", ephemeral=True)


def chair(ctx: Context, args: Args) -> Reply:
    """Name a chair, or (`remove`) take the role back; the group keeps at least one."""
    user = args.user("user")
    mode = (args.opt_text("mode") or "").lower()
    if mode not in ("", "remove"):
        raise UsageError(
            f"{quoted(mode, 20)} is not understood: `\ue000/wg chair @user` names a chair, "
            "`\ue000/wg chair @user remove` takes the role back."
        )
    platform = ctx.where.platform.value
    me = ctx.actor.user_id if ctx.actor.platform.value == platform else None
    existing = ctx.store.members.get(ctx.group_id, platform, user.user_id)
    is_chair = existing is not None and existing.role == MemberRole.CHAIR.value
    if mode == "remove":
        if existing is None or not is_chair:
            raise UsageError(f"@{user.name} is not a chair of this group: nothing to remove.")
        if len(ctx.store.members.chairs(ctx.group_id)) == 1:
            raise UsageError("That is the group's only chair: name another chair first.")
        ctx.store.members.set_role(existing, MemberRole.MEMBER, ctx.actor.key, ctx.now)
        who = person(existing.display_name or existing.user_id, self_=existing.user_id == me)
        return Reply.ok(f"{who} no longer {verb(who, 'chair')} {ctx.require_group().name}.")
    if is_chair:
        who = person(user.name, self_=user.user_id == me)
        return Reply(text=f"{who} already {verb(who, 'chair')} this group.", ephemeral=True)
    name = user.display_name or (existing.display_name if existing else "") or user.user_id
    ctx.store.members.join(
        ctx.group_id,
        platform,
        user.user_id,
        name,
        None,
        None,
        MemberRole.CHAIR,
        ctx.actor.key,
        ctx.now,
    )
    who = person(name, self_=user.user_id == me)
    text = f"{who} now {verb(who, 'chair')} {ctx.require_group().name}."
    if existing is None or not existing.stakeholder_group:
        # Coverage counts only people who joined with a stakeholder group (bot/domain/coverage.py).
        them = "you once you" if who == YOU else "them once they"
        text += f" Coverage counts {them} join with `/wg join GROUP [REGION]`."
    return Reply.ok(text)


def register(registry: Registry) -> None:
    registry.add(
        Command(
            path=("wg", "join"),
            summary="Join this group with your stakeholder group and UN region.",
            handler=join,
            params=(
                Param(
                    "group",
                    Kind.CHOICE,
                    "your stakeholder group: gov, igo, private, cs, tech, academia",
                    vocabulary=VocabularyName.STAKEHOLDER,
                ),
                Param(
                    "region",
                    Kind.CHOICE,
                    "your UN region: africa, apac, eeg, grulac, weog",
                    required=False,
                    vocabulary=VocabularyName.REGION,
                ),
            ),
            details="Joining again updates your stakeholder group and region.",
        )
    )
    registry.add(Command(path=("wg", "leave"), summary="Leave this group.", handler=leave))
    registry.add(
        Command(
            path=("wg", "chair"),
            summary="Make someone a chair (co-facilitator); `remove` takes the role back.",
            handler=chair,
            params=(
                Param("user", Kind.USER, "the person, as a mention: @name"),
                Param("mode", Kind.WORD, "`remove` to take the chair role back", required=False),
            ),
            role=Role.CHAIR,
        )
    )
