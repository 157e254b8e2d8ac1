"""The MAG's overview (R3: connect the dots): every group at a glance, topic overlaps between
groups, and the cycle's outcomes. Read-only across all groups."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.context import Context
from bot.core.messages import Attachment, Field, Reply, Section, Tone
from bot.core.params import Args, Kind, Param
from bot.core.registry import Command, Registry, Role
from bot.domain.charter import CHARTER_SIZE
from bot.domain.dates import local_today
from bot.domain.wording import plural
from bot.ground.errors import UsageError
from bot.overview.build import Overview, OverviewRow, build_overview
from bot.overview.chart import overview_png
from bot.overview.drafts import latest_drafts
from bot.overview.outcomes import (
    DeadlineOutcome,
    GroupOutcome,
    deadline_outcome,
    outcomes_markdown,
)
from bot.overview.phases import NO_CYCLE, GroupPhase, phases
from bot.overview.topics import all_overlaps
from commands.board_link import USAGE as BOARD_USAGE
from commands.board_link import board_link

# Lines in the chat reply; the attached Markdown table always holds every group.
MAX_LINES = 40
MAX_OVERLAPS_SHOWN = 15
NO_DRAFT = "—"


def _days(row: OverviewRow) -> str:
    left = row.facts.days_left
    if left is None:
        return "no deadline"
    if left < 0:
        return f"overdue by {plural(-left, 'day')}"
    return f"{plural(left, 'day')} left"


def _gaps(row: OverviewRow) -> str:
    if row.facts.members == 0:
        return "nobody joined"
    missing = row.facts.missing_stakeholders
    return "gaps: " + ", ".join(missing) if missing else "all stakeholders"


def _draft(row: OverviewRow) -> str:
    return row.facts.last_draft.isoformat() if row.facts.last_draft else NO_DRAFT


def _statements(row: OverviewRow) -> str:
    counts = row.statements
    if not counts.total:
        return "—"
    return f"{counts.converge} converge / {counts.diverge} diverge / {counts.wait} wait"


def uptake_cell(row: OverviewRow) -> str:
    """The column "outputs without known uptake after 6 months": `1 of 2`, or `—`."""
    return f"{row.without_uptake} of {row.outputs}" if row.outputs else "—"


def overview_line(row: OverviewRow, phase: GroupPhase | None = None) -> str:
    why = f" · why: {', '.join(row.attention.reasons)}" if row.attention.reasons else ""
    voted = f" · statements {_statements(row)}" if row.statements.total else ""
    cycle = f"{phase.cell} · " if phase and phase.name != NO_CYCLE else ""
    used = (
        f" · outputs without known uptake after 6 months: {uptake_cell(row)}" if row.outputs else ""
    )
    return (
        f"[{row.attention.score:>3}] {row.name} · {row.format} · {cycle}{_days(row)} · "
        f"charter {row.facts.charter_done}/{CHARTER_SIZE} · {_gaps(row)} · "
        f"sponsor {row.facts.sponsor.value} · last draft {_draft(row)}{voted}{used}{why}"
    )


def _cell(text: str) -> str:
    """Names are typed by people: a `|` or a line break must not break the table."""
    return " ".join(text.replace("|", "\\|").split())


def overview_markdown(data: Overview, phases: Mapping[int, GroupPhase] | None = None) -> str:
    head = (
        "| attention | group | format | phase | days left | charter | coverage | sponsor "
        "| last draft | statements | liaisons | outputs without known uptake after 6 months |\n"
        "| ---: | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    )
    known = phases or {}
    lines = [
        f"| {r.attention.score} | {_cell(r.name)} | {r.format} | "
        f"{known[r.group_id].cell if r.group_id in known else NO_CYCLE} | {_days(r)} | "
        f"{r.facts.charter_done}/{CHARTER_SIZE} | {_gaps(r)} | {r.facts.sponsor.value} | "
        f"{_draft(r)} | {_statements(r)} | {_cell(', '.join(r.liaisons) or '—')} | "
        f"{uptake_cell(r)} |"
        for r in data.rows
    ]
    bodies = [f"- **{body}**: {', '.join(groups)}" for body, groups in data.bodies]
    out = ["# Working groups, most attention first", "", head, *lines]
    if bodies:
        out += ["", "## Outside bodies and the groups that liaise with them", "", *bodies]
    return "\n".join(out) + "\n"


def overview(ctx: Context, args: Args) -> Reply:
    view = (args.opt_text("view") or "").strip()
    head, _, rest = view.partition(" ")
    if head.lower() == "web":
        return board_link(ctx, rest)
    if view:
        raise UsageError(f"`\ue000/wg overview` takes nothing, or `web`. Usage: {BOARD_USAGE}")
    # A short transaction for the reads; the picture is drawn after it (own_transactions).
    with ctx.transaction() as store:
        data = build_overview(
            store,
            ctx.now,
            ctx.settings.stakeholders,
            ctx.settings.regions,
            ctx.settings.consensus_thresholds,
        )
        cycle = phases(store, ctx.settings, ctx.now)
    if not data.rows:
        return Reply(text="No working groups yet: create one with `/wg create NAME`.")
    lines = [overview_line(r, cycle.get(r.group_id)) for r in data.rows[:MAX_LINES]]
    if len(data.rows) > MAX_LINES:
        lines.append(f"… and {len(data.rows) - MAX_LINES} more in overview.md")
    sections = [Section("Working groups, most attention first", tuple(lines))]
    if data.bodies:
        sections.append(
            Section(
                "Outside bodies (liaisons)",
                tuple(f"{body}: {', '.join(groups)}" for body, groups in data.bodies),
            )
        )
    urgent = sum(1 for r in data.rows if r.facts.days_left is not None and r.facts.days_left < 0)
    late = sum(1 for p in cycle.values() if p.late)
    attachments = (
        Attachment(
            "overview.png", overview_png(data), "image/png", "Coverage heat map and deadlines"
        ),
        Attachment(
            "overview.md",
            overview_markdown(data, cycle).encode(),
            "text/markdown",
            "Overview table",
        ),
    )
    return Reply(
        title="Working groups overview",
        text=(
            f"{plural(len(data.rows), 'working group')}, {urgent} past their deadline"
            + (f", {late} late in the cycle" if late else "")
            + ". "
            "[N] = attention "
            "points: the higher, the sooner the MAG should look."
        ),
        sections=tuple(sections),
        attachments=attachments,
        tone=Tone.WARNING if urgent else Tone.INFO,
        ephemeral=True,  # every group's gaps: for the person who asked, not the channel
    )


def _pairs(n: int) -> str:
    return f"{n} pair" if n == 1 else f"{n} pairs"


def overlaps(ctx: Context, _args: Args) -> Reply:
    found = all_overlaps(ctx.store)
    if not found.overlaps:
        return Reply(
            text=(
                f"No topic overlaps between the {len(found.names)} working groups."
                if len(found.names) > 1
                else "No topic overlaps: there is only one working group so far."
            ),
            ephemeral=True,
        )
    shown = found.overlaps[:MAX_OVERLAPS_SHOWN]
    lines = [
        f"{o.score:.2f} {found.names[o.a]} ↔ {found.names[o.b]}: {', '.join(o.shared)}"
        for o in shown
    ]
    if len(found.overlaps) > len(shown):
        lines.append(f"… and {len(found.overlaps) - len(shown)} weaker ones")
    return Reply(
        title="Topic overlaps between groups",
        text=(
            f"{_pairs(len(found.overlaps))} of groups cover similar topics (goal, charter, "
            "latest draft): worth connecting."
        ),
        sections=(Section("Similarity · groups · shared terms", tuple(lines)),),
        ephemeral=True,
    )


def outcomes(ctx: Context, _args: Args) -> Reply:
    groups = ctx.store.groups.all()
    drafts = latest_drafts(ctx.store, [g.id for g in groups if g.id is not None])
    items = []
    for group in groups:
        assert group.id is not None
        draft = drafts.get(group.id)
        today = local_today(ctx.now, group.timezone)
        items.append(
            GroupOutcome(
                name=group.name,
                format=group.format,
                goal=group.goal,
                deadline=group.deadline,
                draft=draft,
                outcome=deadline_outcome(
                    group.deadline, today, draft.created_at.date() if draft else None
                ),
            )
        )
    report = outcomes_markdown(items, ctx.today)
    tally = {o: sum(1 for i in items if i.outcome is o) for o in DeadlineOutcome}
    return Reply(
        title="Outcomes of the cycle",
        text=(
            f"{plural(len(items), 'working group')}: {tally[DeadlineOutcome.MET]} met their "
            "deadline with a "
            f"draft, {tally[DeadlineOutcome.MISSED]} missed it, {tally[DeadlineOutcome.OPEN]} "
            f"still open, {tally[DeadlineOutcome.NO_DEADLINE]} without a deadline. The full "
            "report is attached (outcomes.md)."
        ),
        fields=tuple(Field(o.value, str(n)) for o, n in tally.items()),
        attachments=(
            Attachment("outcomes.md", report.encode(), "text/markdown", "Outcomes report"),
        ),
        ephemeral=True,
    )


def register(registry: Registry) -> None:
    registry.add(
        Command(
            path=("wg", "overview"),
            summary="Every group at a glance, most attention first; `web`: the MAG board.",
            handler=overview,
            params=(
                Param(
                    "view",
                    Kind.TEXT,
                    "`web`: a link to the MAG board by direct message (admins); `web revoke`",
                    required=False,
                    max_length=40,
                    prose=False,
                ),
            ),
            role=Role.MAG,
            needs_group=False,
            # Drawing the PNG takes one to two seconds: front ends acknowledge first.
            slow=True,
            # Reads in a short transaction, draws outside it; `web` issues a link (a write).
            own_transactions=True,
            details=(
                "With a PNG (coverage heat map, deadline timeline) and the full table as "
                "Markdown. `\ue000/wg overview web` sends a MAG admin a signed link to the "
                "web board "
                "(24 hours); `\ue000/wg overview web revoke` ends every open link."
            ),
        )
    )
    registry.add(
        Command(
            path=("wg", "overlaps"),
            readonly=True,
            summary="Pairs of groups working on similar topics.",
            handler=overlaps,
            role=Role.MAG,
            needs_group=False,
        )
    )
    registry.add(
        Command(
            path=("wg", "outcomes"),
            readonly=True,
            summary="Each group's goal, latest draft and whether the deadline was met.",
            handler=outcomes,
            role=Role.ADMIN,
            needs_group=False,
        )
    )
