"""`/wg list thread MESSAGE-ID`: a mailing-list thread becomes this group's own, as a chat
thread does when a group is created in it. Its posts (the ones already kept, and every later
one) are recorded under this group, subject to its `/wg summaries off`, its retention and its
members' `/wg forget me`; the list's own group never reads that thread again.
`/wg list thread off` gives the group's list threads back to their lists."""

from __future__ import annotations

from bot.core.context import Context
from bot.core.messages import Reply
from bot.domain.list_threads import EMAIL_THREAD, typed_message_id
from bot.ground.errors import Conflict, UsageError
from bot.ground.normalise import quoted

EMAIL = "email"  # list posts' platform in the record
USAGE = "\ue000/wg list thread MESSAGE-ID · \ue000/wg list thread off"


def thread_command(ctx: Context, raw: str | None) -> Reply:
    if raw is None:
        raise UsageError(f"Give the thread's first Message-ID: `{USAGE}`")
    if raw.lower() == "off":
        return _off(ctx)
    key = typed_message_id(raw)
    if key is None:
        raise UsageError(
            f"{quoted(raw)} is not a Message-ID: give the thread's first message's, e.g. "
            "`<CAB123@mail.example.org>` (the list archive shows it)."
        )
    return _bind(ctx, key)


def _bind(ctx: Context, key: str) -> Reply:
    group = ctx.require_group()
    other = ctx.store.groups.by_channel(EMAIL_THREAD, key)
    if other is not None:
        if other.id == group.id:
            return Reply(text=f"{group.name} already owns the list thread {key}.", ephemeral=True)
        raise Conflict(f"The list thread {key} is another group's already: its chair can free it.")
    ctx.store.groups.bind(group, EMAIL_THREAD, key, ctx.actor.key, ctx.now)
    moved = ctx.store.list_threads.take_over(ctx.group_id, key)
    if ctx.store.summarizer.opted_out(ctx.where.platform.value, ctx.bound_channel_id):
        _opt(ctx, key, off=True)  # the group opted out: the thread it now owns keeps no words
    kept = f" ({moved} posts already kept move with it)" if moved else ""
    return Reply.ok(
        f"The list thread {key} is now {group.name}'s own{kept}: its posts are recorded under "
        "this group, follow its `\ue000/wg summaries` choice, its retention and its members' "
        "`/wg forget me`, and the list's group no longer reads them."
    )


def _off(ctx: Context) -> Reply:
    bound = ctx.store.list_threads.bound(ctx.group_id)
    if not bound:
        return Reply(text="This group owns no list thread: nothing to free.", ephemeral=True)
    for binding in bound:
        _opt(ctx, binding.channel_id, off=False)  # the list's group decides for it again
        ctx.store.list_threads.unbind(binding, ctx.actor.key, ctx.now)
    keys = ", ".join(b.channel_id for b in bound)
    return Reply.ok(
        f"{keys}: later posts go to the list's group again; the posts already kept stay "
        f"{ctx.require_group().name}'s."
    )


def shown(ctx: Context) -> str:
    """A line for `/wg list`: the list threads this group owns."""
    bound = ctx.store.list_threads.bound(ctx.group_id)
    if not bound:
        return ""
    return " It owns the list threads " + ", ".join(b.channel_id for b in bound) + "."


def follow_list_threads(ctx: Context, off: bool) -> None:
    """`/wg summaries off|on` in the group's place covers the list threads it owns."""
    for binding in ctx.store.list_threads.bound(ctx.group_id):
        _opt(ctx, binding.channel_id, off)


def _opt(ctx: Context, key: str, off: bool) -> None:
    """The record refuses a post's words when its thread's key is opted out for the group
    that owns it (storage/record/repo.py `_insert_new`); off also drops the words kept."""
    ctx.store.summarizer.set_opt_out(ctx.group_id, EMAIL, key, off, ctx.actor.key, ctx.now)
    if off:
        ctx.store.record.drop_channel_text(ctx.group_id, EMAIL, key)
