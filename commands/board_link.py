"""`/wg overview web`: a MAG admin gets a signed link to the MAG board by direct message
(through the outbox, exactly once), valid 24 hours; `/wg overview web revoke` ends every
link still open at once."""

from __future__ import annotations

from bot.core.context import Context
from bot.core.messages import Reply
from bot.core.ports import Recipient, RecipientKind
from bot.ground.errors import UsageError

USAGE = "`\ue000/wg overview web` (a link by direct message) or `\ue000/wg overview web revoke`"


def _dm_of(ctx: Context) -> str:
    to = Recipient(ctx.actor.platform, RecipientKind.USER, ctx.actor.user_id)
    return f"{to.platform.value}:{to.kind.value}:{to.id}"


def board_link(ctx: Context, rest: str) -> Reply:
    """Runs with its own short transactions (the overview command has `own_transactions`)."""
    ctx.require_admin()
    words = rest.lower().split()
    if words == ["revoke"]:
        with ctx.transaction() as store:
            count = store.board_links.revoke_all(ctx.actor.key, ctx.now)
        return Reply.ok(
            f"{count} open link{'s' if count != 1 else ''} to the MAG board revoked: they "
            "now show a page that says so.",
            ephemeral=True,
        )
    if words:
        raise UsageError(f"`web` takes only `revoke` after it. Usage: {USAGE}")
    web = ctx.services.web
    if web is None or not web.board_ready:
        raise UsageError(
            "The web is not set up here: an operator sets WGBOT_WEB_URL and WGBOT_WEB_SECRET "
            "(docs/web.md), then `\ue000/wg overview web` sends you a link."
        )
    with ctx.transaction() as store:
        groups = [g.id for g in store.groups.all() if g.id is not None]
        if not groups:
            raise UsageError("No working groups yet: the board has nothing to show.")
        link = store.board_links.issue(
            ctx.actor.key, _dm_of(ctx), ctx.now, ctx.now + web.board_lifetime
        )
    # The DM goes through the outbox, keyed on the first group as the overlap digest is.
    ctx.deliver_soon(min(groups))
    until = link.expires_at.strftime("%Y-%m-%d %H:%M UTC")
    return Reply.ok(
        f"I am sending you a link to the MAG board by direct message. It works until {until} "
        "for whoever holds it: do not forward it. `\ue000/wg overview web revoke` ends it sooner.",
        ephemeral=True,
    )
