"""`/wg email ADDRESS`: link your email address to your chat identity, so your posts to the
group's mailing list count as your voice. The address is proven by a six-digit code mailed to
it (only its hash is kept; it expires, and allows a few attempts); `/wg email confirm CODE`
links it, `/wg email` shows it, `/wg email off` unlinks it."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import datetime, timedelta

from bot.core.context import Context
from bot.core.messages import Actor, Platform, Reply
from bot.core.params import Args, Kind, Param
from bot.core.ports import DeliveryError, DeliveryPort, Recipient, RecipientKind
from bot.core.registry import Command, Registry
from bot.domain.addresses import MAX_ADDRESS, InvalidAddress, parse_address
from bot.ground.errors import Conflict, UsageError
from bot.ground.normalise import quoted
from storage.email.models import EmailCode

log = logging.getLogger(__name__)

USAGE = "/wg email ADDRESS · /wg email confirm CODE · /wg email off"
CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=15)
MAX_ATTEMPTS = 5
RESEND_AFTER = timedelta(minutes=1)  # the bot must not become a way to flood an inbox


def code_hash(actor: Actor, address: str, code: str) -> str:
    """Bound to the person and the address: a code is worth nothing for another pair."""
    data = f"{actor.platform.value}:{actor.user_id}:{address}:{code}".encode()
    return hashlib.sha256(data).hexdigest()


def email_port(ctx: Context) -> DeliveryPort | None:
    """The email DeliveryPort of this process (WGBOT_SMTP_HOST set), from the services."""
    return ctx.services.deliveries.get(Platform.EMAIL)


def _code_mail(code: str, actor: Actor) -> Reply:
    where = actor.platform.value.capitalize()
    return Reply(
        title="Your wgbot confirmation code",
        text=(
            f"Your code is {code}. Type `/wg email confirm {code}` on {where} to link this "
            f"address; it expires in {CODE_LIFETIME.seconds // 60} minutes. If you did not "
            "ask for it, ignore this mail: nothing is linked without the code."
        ),
    )


def _show(ctx: Context) -> Reply:
    actor = ctx.actor
    with ctx.transaction() as store:
        linked = store.email.identity_of(actor.platform.value, actor.user_id)
        pending = store.email.pending_code(actor.platform.value, actor.user_id)
        waiting = pending is not None and pending.expires_at > ctx.now
        address = pending.address if pending is not None else ""
    if linked is not None:
        return Reply(
            text=f"Your linked address is {linked.address}: your list posts count as your "
            "voice. `/wg email off` unlinks it.",
            ephemeral=True,
        )
    if waiting:
        return Reply(
            text=f"A code was mailed to {address}: type `/wg email confirm CODE`.",
            ephemeral=True,
        )
    return Reply(
        text="No address is linked. `/wg email you@example.org` mails you a code to link one.",
        ephemeral=True,
    )


def _off(ctx: Context) -> Reply:
    actor = ctx.actor
    with ctx.transaction() as store:
        pending = store.email.pending_code(actor.platform.value, actor.user_id)
        if pending is not None:
            store.email.drop_code(pending)
        address = store.email.unlink(actor.platform.value, actor.user_id, actor.key, ctx.now)
    if address is None:
        return Reply(text="No address was linked: nothing to unlink.", ephemeral=True)
    return Reply.ok(
        f"Unlinked {address}: its list posts no longer count as your voice.", ephemeral=True
    )


def _request(ctx: Context, raw: str) -> Reply:
    try:
        address = parse_address(raw)
    except InvalidAddress as exc:
        raise UsageError(f"{quoted(raw)} is not an email address: {exc}.") from None
    port = email_port(ctx)
    if port is None:
        raise UsageError("This bot sends no email (WGBOT_SMTP_HOST is not set): ask an admin.")
    actor = ctx.actor
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    with ctx.transaction() as store:
        linked = store.email.identity_of(actor.platform.value, actor.user_id)
        if linked is not None and linked.address == address:
            return Reply(text=f"{address} is already your linked address.", ephemeral=True)
        other = store.email.identity_by_address(address)
        if other is not None:
            raise Conflict("That address is linked to someone else: they can unlink it first.")
        pending = store.email.pending_code(actor.platform.value, actor.user_id)
        if pending is not None and pending.created_at > ctx.now - RESEND_AFTER:
            raise UsageError("A code was mailed less than a minute ago: wait for it, then retry.")
        store.email.set_code(
            actor.platform.value,
            actor.user_id,
            address,
            code_hash(actor, address, code),
            ctx.now,
            ctx.now + CODE_LIFETIME,
        )
    try:
        port.send(Recipient(Platform.EMAIL, RecipientKind.USER, address), _code_mail(code, actor))
    except DeliveryError as exc:
        log.warning("confirmation code to %s not sent: %s", address, exc)
        with ctx.transaction() as store:
            row = store.email.pending_code(actor.platform.value, actor.user_id)
            if row is not None and row.address == address:
                store.email.drop_code(row)
        return Reply.error(f"The code could not be mailed to {address}: try again later.")
    return Reply.ok(
        f"A {CODE_DIGITS}-digit code is on its way to {address}: type "
        f"`/wg email confirm CODE` within {CODE_LIFETIME.seconds // 60} minutes.",
        ephemeral=True,
    )


def _expired(row: EmailCode, now: datetime) -> bool:
    return row.expires_at <= now or row.attempts >= MAX_ATTEMPTS


def _confirm(ctx: Context, raw: str | None) -> Reply:
    code = (raw or "").strip()
    if not (len(code) == CODE_DIGITS and code.isascii() and code.isdigit()):
        raise UsageError(
            f"The code is the {CODE_DIGITS} digits from the mail: `/wg email confirm 123456`."
        )
    actor = ctx.actor
    with ctx.transaction() as store:
        row = store.email.pending_code(actor.platform.value, actor.user_id)
        if row is None:
            raise UsageError("No code is waiting: ask for one with `/wg email you@example.org`.")
        if _expired(row, ctx.now):
            store.email.drop_code(row)
            return Reply.error("That code expired: ask for a new one with `/wg email ADDRESS`.")
        expected = row.code_hash
        if not hmac.compare_digest(expected, code_hash(actor, row.address, code)):
            store.email.count_attempt(row)
            left = MAX_ATTEMPTS - row.attempts
            if left <= 0:
                store.email.drop_code(row)
                return Reply.error("Wrong code, and no tries left: ask for a new one.")
            return Reply.error(f"Wrong code: {left} {'try' if left == 1 else 'tries'} left.")
        address = row.address
        store.email.drop_code(row)
        store.email.link(address, actor.platform.value, actor.user_id, actor.key, ctx.now)
    return Reply.ok(
        f"Linked {address}: your posts to a group's mailing list now count as your voice.",
        ephemeral=True,
    )


def email(ctx: Context, args: Args) -> Reply:
    first = args.opt_text("address")
    if first is None:
        return _show(ctx)
    word = first.lower()
    if word == "off":
        return _off(ctx)
    if word == "confirm":
        return _confirm(ctx, args.opt_text("code"))
    if args.opt_text("code") is not None:
        raise UsageError(f"One address only. Usage: `{USAGE}`")
    return _request(ctx, first)


def register(registry: Registry) -> None:
    registry.add(
        Command(
            path=("wg", "email"),
            summary="Link your email address (a code is mailed to it) so list posts count.",
            handler=email,
            params=(
                Param(
                    "address",
                    Kind.WORD,
                    "your address, `confirm`, or `off`",
                    required=False,
                    max_length=MAX_ADDRESS,
                ),
                Param("code", Kind.WORD, "the code from the mail", required=False),
            ),
            needs_group=False,
            slow=True,  # mails a code: the platform's ack must not wait on SMTP
            own_transactions=True,  # a wrong code's attempt is kept although it is an error
            details=(
                "`/wg email you@example.org` mails a six-digit code; "
                "`/wg email confirm CODE` links the address; `/wg email` shows it; "
                "`/wg email off` unlinks it."
            ),
        )
    )
