"""`/wg uptake`: evidence that an outside body cited, adopted or implemented one of the
group's outputs. Anyone in the group records it, chairs remove an entry, everyone lists it
by body and status. A body that is one of the group's liaisons (the same look-alike rules
as `/wg liaison`) is shown as such."""

from __future__ import annotations

from collections import defaultdict

from bot.core.context import Context
from bot.core.messages import Reply, Section
from bot.core.neutral import mentions_as_names
from bot.core.params import Args, Kind, Param
from bot.core.registry import ActionSpec, Command, Registry
from bot.domain.uptake import STATUSES, check_url, parse_status, split_body_url, status_rank
from bot.domain.wording import plural
from bot.ground.errors import PermissionDenied, UsageError
from bot.ground.keys import MAX_ORG_NAME, org_key
from bot.ground.normalise import clean_text, parse_number
from commands.outputs import find_output
from storage.uptake.models import MAX_URL, Output, Uptake

USAGE = "`\ue000/wg uptake N BODY URL [cited|adopted|implemented] [note]`"
SHORT_USAGE = f"{USAGE}, `\ue000/wg uptake [N]` (list) or `\ue000/wg uptake remove ENTRY`"
MAX_NOTE = 500
MAX_ENTRY = 10**9
ACTION_PREFIX = "uptake"  # the "who used it?" ask's button: `uptake:none`, value output id


def _require_member(ctx: Context) -> None:
    if ctx.is_admin or ctx.membership() is not None:
        return
    raise PermissionDenied(
        "Only the group's members record uptake: join first with `/wg join GROUP [REGION]`."
    )


def body_label(entry: Uptake, liaisons: dict[str, str]) -> str:
    """The body as the group's liaison names it, marked as a liaison when it is one."""
    name = liaisons.get(entry.body_key)
    return f"{name} (liaison)" if name else entry.body_name


def _record(ctx: Context, text: str) -> Reply:
    _require_member(ctx)
    number, _, rest = text.partition(" ")
    output = find_output(ctx, number, f"Usage: {USAGE}")
    body, url, tail = split_body_url(rest, USAGE)
    if not org_key(body):
        raise UsageError(f"Name the body that used it, like `ITU` or `IETF`. Usage: {USAGE}")
    if len(body) > MAX_ORG_NAME:
        raise UsageError(f"That name is {len(body)} characters: keep it under {MAX_ORG_NAME}.")
    if len(url) > MAX_URL:
        raise UsageError(f"That address is {len(url)} characters: keep it under {MAX_URL}.")
    check_url(url, USAGE)
    first, _, more = tail.partition(" ")
    status = parse_status(first) if first else None
    note_text = more if status else tail
    note = clean_text(mentions_as_names(note_text), "The note", max_length=MAX_NOTE) or None
    entry, created = ctx.store.uptake.record(
        output,
        body,
        url,
        status or "cited",
        note,
        ctx.actor.key,
        ctx.actor.name,
        ctx.now,
    )
    liaisons = {r.org_key: r.org_name for r in ctx.store.liaisons.of_group(ctx.group_id)}
    who = body_label(entry, liaisons)
    verb = "recorded" if created else "updated"
    return Reply.ok(
        f"Uptake {verb} for #{output.number} {output.title}: {who} {entry.status} it "
        f"({entry.url}). Entry [{entry.id}]."
    )


def _entry_line(entry: Uptake, output: Output) -> str:
    note = f" — “{entry.note}”" if entry.note else ""
    by = entry.recorded_by_name or entry.recorded_by
    return (
        f"[{entry.id}] {entry.status}: #{output.number} {output.title} — {entry.url} "
        f"(by {by}, {entry.recorded_at.date().isoformat()}){note}"
    )


def listing(ctx: Context, number: str | None) -> Reply:
    group = ctx.require_group()
    outputs = {o.id: o for o in ctx.store.outputs.of_group(ctx.group_id)}
    only = find_output(ctx, number, f"Usage: {SHORT_USAGE}") if number else None
    entries = [
        e for e in ctx.store.uptake.of_group(ctx.group_id) if only is None or e.output_id == only.id
    ]
    about = f"#{only.number} {only.title}" if only else f"{group.name}'s outputs"
    if not entries:
        hint = f"record it with {USAGE}" if outputs else "a chair first adds an output"
        return Reply(text=f"No known uptake of {about} yet: {hint}.", ephemeral=True)
    liaisons = {r.org_key: r.org_name for r in ctx.store.liaisons.of_group(ctx.group_id)}
    by_body: dict[str, list[Uptake]] = defaultdict(list)
    for entry in entries:
        by_body[entry.body_key].append(entry)
    sections = []
    for key in sorted(by_body, key=lambda k: body_label(by_body[k][0], liaisons).casefold()):
        rows = sorted(by_body[key], key=lambda e: (-status_rank(e.status), e.id or 0))
        sections.append(
            Section(
                body_label(rows[0], liaisons),
                tuple(_entry_line(e, outputs[e.output_id]) for e in rows),
            )
        )
    tally = ", ".join(
        f"{sum(1 for e in entries if e.status == s)} {s}"
        for s in reversed(STATUSES)
        if any(e.status == s for e in entries)
    )
    return Reply(
        title=f"Uptake of {about}",
        text=f"{plural(len(entries), 'entry', 'entries')} from "
        f"{plural(len(by_body), 'body', 'bodies')}: {tally}.",
        sections=tuple(sections),
        ephemeral=True,
    )


def _remove(ctx: Context, rest: str) -> Reply:
    ctx.require_chair()
    words = rest.split()
    if len(words) != 1:
        raise UsageError(
            "Give the entry's number in brackets from `\ue000/wg uptake`: "
            "`\ue000/wg uptake remove 12`."
        )
    entry_id = parse_number(words[0].strip("[]"), "ENTRY", low=1, high=MAX_ENTRY)
    entry = ctx.store.uptake.get(ctx.group_id, entry_id)
    if entry is None:
        raise UsageError(
            f"There is no uptake entry [{entry_id}] here: `\ue000/wg uptake` lists them."
        )
    ctx.store.uptake.remove(entry, ctx.actor.key, ctx.now)
    return Reply.ok(f"Uptake entry [{entry_id}] ({entry.body_name}, {entry.url}) removed.")


def uptake(ctx: Context, args: Args) -> Reply:
    text = (args.opt_text("args") or "").strip()
    if not text:
        return listing(ctx, None)
    head, _, rest = text.partition(" ")
    if head.lower() in ("remove", "rm", "delete"):
        return _remove(ctx, rest)
    if not rest.strip():
        return listing(ctx, head)
    return _record(ctx, text)


def none_known(ctx: Context, value: str) -> Reply:
    """The ask's button: "I know of none yet" is an answer too (kept in the audit log)."""
    if not value.isdigit():
        raise UsageError("This button is no longer valid.")
    output = ctx.store.outputs.by_id(int(value))
    if output is None:
        raise UsageError("That output was removed: nothing to answer.")
    ctx.store.uptake.none_known(output, ctx.actor.key, ctx.now)
    return Reply.ok(
        f"Thank you: noted that you know of no uptake of “{output.title}” yet. When you learn "
        f"of some, `\ue000/wg uptake {output.number} BODY URL [cited|adopted|implemented]` "
        "records it.",
        ephemeral=True,
    )


def register(registry: Registry) -> None:
    registry.add(
        Command(
            path=("wg", "uptake"),
            discord_area="cycle",  # `/wg` is full on Discord; after the meeting is the cycle
            summary="Who used the group's outputs: record evidence, list it (chairs remove).",
            handler=uptake,
            params=(
                Param(
                    "args",
                    Kind.TEXT,
                    "N BODY URL [cited|adopted|implemented] [note]; or N to list; or remove ENTRY",
                    required=False,
                    max_length=MAX_ORG_NAME + MAX_URL + MAX_NOTE + 40,
                    prose=False,
                ),
            ),
            details=SHORT_USAGE,
        )
    )
    registry.add_action(ActionSpec(ACTION_PREFIX, none_known))
