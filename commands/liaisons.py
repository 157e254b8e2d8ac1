"""Liaisons (R3): the outside bodies a group works with (IETF, GFCE, Council of Europe, ICANN,
a national or regional IGF initiative …). One body is one row per group however it is typed."""

from __future__ import annotations

import re

from bot.core.context import Context
from bot.core.messages import Reply, Section
from bot.core.neutral import is_person
from bot.core.params import Args, Kind, Param
from bot.core.registry import Command, Registry
from bot.ground.errors import UsageError
from bot.ground.keys import MAX_ORG_NAME, org_key
from bot.ground.normalise import closed_quotes, quoted

MAX_CONTACT = 300
SHORT_USAGE = "`/wg liaison add ORG [CONTACT]`, `/wg liaison list` or `/wg liaison remove ORG`"
USAGE = f'{SHORT_USAGE} (quote a multi-word ORG before a contact: `"Council of Europe" Jane Doe`)'
# A trailing email address or URL is a contact even without quotes (and so is a person:
# bot/core/neutral.py says what a mention is).
_ADDRESS_LIKE = re.compile(r"^(\S+@\S+\.\S+|https?://\S+)$")


def split_org_contact(text: str) -> tuple[str, str | None]:
    """`"Council of Europe" Jane Doe` → ("Council of Europe", "Jane Doe");
    `IETF jari@ietf.org` → ("IETF", "jari@ietf.org"); `GFCE` → ("GFCE", None);
    `Council of Europe` → ("Council of Europe", None)."""
    text = closed_quotes(text.strip(), "ORG")  # the input boundary's one rule for quotes
    end = text.find('"', 1) if text.startswith('"') else -1
    if end > 0:
        org, rest = text[1:end].strip(), text[end + 1 :].strip()
        return org, rest or None
    head, _, last = text.rpartition(" ")
    if head and (_ADDRESS_LIKE.match(last) or is_person(last)):
        return head.strip(), last
    return text, None


def _check_org(org: str) -> str:
    if not org_key(org):
        raise UsageError(f"Name the outside body, like `IETF` or `GFCE`. Usage: {SHORT_USAGE}")
    if len(org) > MAX_ORG_NAME:
        raise UsageError(f"That name is {len(org)} characters: keep it under {MAX_ORG_NAME}.")
    return org


def _add(ctx: Context, rest: str | None) -> Reply:
    ctx.require_chair()
    if not rest:
        raise UsageError(f"Missing ORG. Usage: {USAGE}")
    org, contact = split_org_contact(rest)
    _check_org(org)
    if contact is not None and len(contact) > MAX_CONTACT:
        raise UsageError(f"That contact is {len(contact)} characters: keep it under {MAX_CONTACT}.")
    row, created = ctx.store.liaisons.add(ctx.group_id, org, contact, ctx.actor.key, ctx.now)
    who = f" (contact: {row.contact})" if row.contact else ""
    group = ctx.require_group().name
    if created:
        return Reply.ok(f"{group} now liaises with {row.org_name}{who}".rstrip(".") + ".")
    return Reply.ok(f"{group} already liaises with {row.org_name}{who}".rstrip(".") + ".")


def _remove(ctx: Context, rest: str | None) -> Reply:
    ctx.require_chair()
    if not rest:
        raise UsageError(f"Missing ORG. Usage: {USAGE}")
    org = rest.strip().strip('"')
    row = ctx.store.liaisons.get(ctx.group_id, _check_org(org))
    if row is None:
        name = ctx.require_group().name
        raise UsageError(
            f"{name} has no liaison with {quoted(org)}: `/wg liaison list` shows them."
        )
    ctx.store.liaisons.remove(row, ctx.actor.key, ctx.now)
    return Reply.ok(f"{ctx.require_group().name} no longer liaises with {row.org_name}.")


def _list(ctx: Context) -> Reply:
    group = ctx.require_group()
    rows = ctx.store.liaisons.of_group(ctx.group_id)
    if not rows:
        return Reply(
            text=f"{group.name} lists no outside bodies yet: a chair adds one with "
            "`/wg liaison add ORG [CONTACT]`.",
            ephemeral=True,
        )
    lines = tuple(r.org_name + (f" — {r.contact}" if r.contact else "") for r in rows)
    return Reply(
        title=f"{group.name}: liaisons",
        text=f"{len(rows)} outside bod{'y' if len(rows) == 1 else 'ies'}.",
        sections=(Section("Outside bodies", lines),),
        ephemeral=True,
    )


def liaison(ctx: Context, args: Args) -> Reply:
    verb = args.text("action").lower()
    rest = args.opt_text("org")
    if verb == "add":
        return _add(ctx, rest)
    if verb in ("remove", "rm", "delete"):
        return _remove(ctx, rest)
    if verb == "list":
        if rest:
            raise UsageError(f"`list` takes nothing after it. Usage: {SHORT_USAGE}")
        return _list(ctx)
    raise UsageError(f"{quoted(verb, 20)} is not add, list or remove. Usage: {SHORT_USAGE}")


def register(registry: Registry) -> None:
    registry.add(
        Command(
            path=("wg", "liaison"),
            summary="The outside bodies this group works with: add, list, remove (chairs edit).",
            handler=liaison,
            params=(
                Param("action", Kind.WORD, "add, list or remove"),
                Param(
                    "org",
                    Kind.TEXT,
                    "the outside body (and for add, optionally a contact)",
                    required=False,
                    max_length=MAX_ORG_NAME + MAX_CONTACT + 3,
                    prose=False,
                ),
            ),
            details=USAGE,
        )
    )
