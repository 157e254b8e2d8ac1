"""`/wg mute coverage GROUP REASON` and `/wg unmute coverage GROUP`: a chair silences the
weekly coverage warning about one stakeholder group (or region), with a reason shown in
`/wg status`."""

from __future__ import annotations

from bot.core.context import Context
from bot.core.messages import Reply
from bot.core.params import Args, Kind, Param
from bot.core.registry import Command, Registry, Role
from bot.ground.errors import UsageError
from bot.ground.normalise import quoted

MAX_REASON = 300
WHAT = "coverage"


def _check_what(args: Args, usage: str) -> None:
    if args.text("what").lower() != WHAT:
        raise UsageError(f"Only coverage warnings can be muted. Usage: `{usage}`")


def _topic(ctx: Context, text: str, usage: str) -> tuple[str, str]:
    """The longest leading words naming a stakeholder group or a region, and the rest."""
    words = text.split()
    for n in range(min(len(words), 8), 0, -1):
        head = " ".join(words[:n])
        name = ctx.vocabularies.stakeholder.resolve(head) or ctx.vocabularies.region.resolve(head)
        if name:
            return name, " ".join(words[n:])
    raise UsageError(
        f"{quoted(words[0] if words else '', 30)} is not a stakeholder group or region (like "
        f"`civil-society` or `africa`; `/wg coverage` lists them). Usage: `{usage}`"
    )


def mute(ctx: Context, args: Args) -> Reply:
    usage = "\ue000/wg mute coverage GROUP REASON"
    _check_what(args, usage)
    topic, reason = _topic(ctx, args.text("group_then_reason"), usage)
    if not reason:
        raise UsageError(f"Say why the gap is accepted. Usage: `{usage}`")
    if len(reason) > MAX_REASON:
        raise UsageError(f"The reason is {len(reason)} characters: keep it under {MAX_REASON}.")
    ctx.store.coverage_mutes.mute(
        ctx.group_id, topic, reason, ctx.actor.key, ctx.actor.name, ctx.now
    )
    return Reply.ok(
        f"Coverage warnings about {topic} are muted for {ctx.require_group().name}: {reason}. "
        f"`/wg status` shows it; `\ue000/wg unmute coverage {topic}` turns them back on."
    )


def unmute(ctx: Context, args: Args) -> Reply:
    usage = "\ue000/wg unmute coverage GROUP"
    _check_what(args, usage)
    topic, rest = _topic(ctx, args.text("group"), usage)
    if rest:
        raise UsageError(f"Unexpected {quoted(rest, 30)}. Usage: `{usage}`")
    row = next(
        (m for m in ctx.store.coverage_mutes.of_group(ctx.group_id) if m.topic == topic), None
    )
    if row is None:
        raise UsageError(f"Coverage warnings about {topic} are not muted here.")
    ctx.store.coverage_mutes.unmute(row, ctx.actor.key, ctx.now)
    return Reply.ok(f"Coverage warnings about {topic} are on again.")


def muted_topics(ctx: Context) -> set[str]:
    return {m.topic for m in ctx.store.coverage_mutes.of_group(ctx.group_id)}


def mute_lines(ctx: Context) -> tuple[str, ...]:
    """For `/wg status`: what is muted, why, by whom."""
    return tuple(
        f"{m.topic}: {m.reason} (@{m.muted_by_name or m.muted_by}, {m.muted_at.date().isoformat()})"
        for m in ctx.store.coverage_mutes.of_group(ctx.group_id)
    )


_WHAT = Param("what", Kind.WORD, "what to mute: `coverage`")
_TOPIC_AND_REASON = Param(
    "group_then_reason", Kind.TEXT, "the stakeholder group or region, then why"
)


def register(registry: Registry) -> None:
    registry.add(
        Command(
            path=("wg", "mute"),
            summary="Mute the weekly coverage warning about one stakeholder group or region.",
            handler=mute,
            params=(_WHAT, _TOPIC_AND_REASON),
            role=Role.CHAIR,
        )
    )
    registry.add(
        Command(
            path=("wg", "unmute"),
            summary="Turn a muted coverage warning back on.",
            handler=unmute,
            params=(_WHAT, Param("group", Kind.TEXT, "the stakeholder group or region")),
            role=Role.CHAIR,
        )
    )
