"""`/wg list ADDRESS`: bind the group to its mailing list, so list posts join its discussion
record and count as voices heard. A list binding is a channel binding on the email platform
whose channel id is the list's address; `/wg list` shows it, `/wg list off` unbinds it."""

from __future__ import annotations

from bot.core.context import Context
from bot.core.messages import Reply
from bot.core.params import Args, Kind, Param
from bot.core.registry import Command, Registry, Role
from bot.domain.addresses import MAX_ADDRESS, InvalidAddress, normalise_address, parse_address
from bot.ground.errors import Conflict, UsageError
from bot.ground.normalise import quoted
from bot.mail.settings import mail_settings
from commands.list_threads import shown, thread_command

USAGE = (
    "\ue000/wg list ADDRESS · \ue000/wg list · \ue000/wg list off · \ue000/wg list mail on|off · "
    "\ue000/wg list thread MESSAGE-ID|off"
)
EMAIL = "email"


def _show(ctx: Context) -> Reply:
    binding = ctx.store.email.list_of(ctx.group_id)
    name = ctx.require_group().name
    if binding is None:
        return Reply(
            text=f"{name} is bound to no mailing list: `\ue000/wg list list@example.org` binds one."
            + shown(ctx),
            ephemeral=True,
        )
    return Reply(
        text=f"{name} reads the mailing list {binding.channel_id} (since "
        f"{binding.bound_at:%Y-%m-%d}); `\ue000/wg list off` unbinds it." + shown(ctx),
        ephemeral=True,
    )


def _off(ctx: Context) -> Reply:
    binding = ctx.store.email.list_of(ctx.group_id)
    if binding is None:
        return Reply(text="No mailing list is bound: nothing to unbind.", ephemeral=True)
    ctx.store.email.unbind(binding, ctx.actor.key, ctx.now)
    return Reply.ok(
        f"{ctx.require_group().name} no longer reads {binding.channel_id}; the posts already "
        "in its record stay."
    )


def _bind(ctx: Context, raw: str) -> Reply:
    try:
        address = parse_address(raw)
    except InvalidAddress as exc:
        raise UsageError(f"{quoted(raw)} is not a list address: {exc}.") from None
    own = normalise_address(mail_settings(ctx.settings).wgbot_email_from or "")
    if own is not None and own == address:
        raise UsageError("That is the bot's own address, not a mailing list: give the list's.")
    group = ctx.require_group()
    other = ctx.store.groups.by_channel(EMAIL, address)
    if other is not None:
        if other.id == group.id:
            return Reply(text=f"{group.name} already reads {address}.", ephemeral=True)
        raise Conflict(f"{address} is bound to another group already: its chair can unbind it.")
    old = ctx.store.email.list_of(ctx.group_id)
    if old is not None:
        ctx.store.email.unbind(old, ctx.actor.key, ctx.now)
        ctx.store.session.flush()
    ctx.store.groups.bind(group, EMAIL, address, ctx.actor.key, ctx.now)
    instead = f" instead of {old.channel_id}" if old is not None else ""
    return Reply.ok(
        f"{group.name} now reads the mailing list {address}{instead}: its posts join the "
        "discussion record, and count as voices heard for members who linked their address "
        "(`/wg email you@example.org`)."
    )


def _mail(ctx: Context, state: str | None) -> Reply:
    """Scheduled reminders to the list address: off by default (a list reaches people who
    never joined the group, and its buttons are dead labels there); a chair turns them on."""
    if state not in ("on", "off"):
        raise UsageError("Write `\ue000/wg list mail on` or `\ue000/wg list mail off`.")
    binding = ctx.store.email.list_of(ctx.group_id)
    if binding is None:
        raise UsageError("No mailing list is bound: `\ue000/wg list list@example.org` binds one.")
    changed = ctx.store.email.set_list_mail(binding, state == "on", ctx.actor.key, ctx.now)
    said = (
        f"Deadline, coverage and vote reminders now also go to {binding.channel_id}."
        if state == "on"
        else f"Reminders go to the group's members, not to {binding.channel_id}."
    )
    return Reply.ok(said + ("" if changed else " (It already was so.)"))


def list_(ctx: Context, args: Args) -> Reply:
    raw = args.opt_text("address")
    state = args.opt_text("state")
    if raw is None:
        return _show(ctx)
    if raw.lower() == "mail":
        return _mail(ctx, state.lower() if state else None)
    if raw.lower() == "thread":
        return thread_command(ctx, state)
    if state is not None:
        raise UsageError(f"Usage: `{USAGE}`")
    if raw.lower() == "off":
        return _off(ctx)
    return _bind(ctx, raw)


def register(registry: Registry) -> None:
    registry.add(
        Command(
            path=("wg", "list"),
            summary="Bind this group to its mailing list, so list posts count as voices.",
            handler=list_,
            params=(
                Param(
                    "address",
                    Kind.WORD,
                    "the list's address, or `off`",
                    required=False,
                    max_length=MAX_ADDRESS,
                ),
                Param(
                    "state",
                    Kind.WORD,
                    "`on` or `off` after `mail`; a Message-ID or `off` after `thread`",
                    required=False,
                    max_length=MAX_ADDRESS,
                ),
            ),
            role=Role.CHAIR,
            details="`\ue000/wg list` shows the bound list; `\ue000/wg list off` unbinds it; "
            "`\ue000/wg list mail on` sends the scheduled reminders to the list address too "
            "(off: to the members only); `\ue000/wg list thread MESSAGE-ID` makes a list thread "
            "this group's own (its posts recorded here, never the list's group's).",
        )
    )
