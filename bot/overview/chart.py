"""The overview as a picture: a heat map of groups × stakeholder groups (member counts, gaps
marked) beside a deadline timeline. matplotlib with the Agg backend: no display needed."""

from __future__ import annotations

import io
import textwrap

from bot.overview.build import Overview

# More rows than this make an unreadable picture; the most urgent groups are drawn.
MAX_CHART_ROWS = 40


def overview_png(overview: Overview) -> bytes:
    """PNG bytes. matplotlib is imported lazily (it takes a while to load), and a bare Figure
    with the Agg canvas is used instead of pyplot: no global figure state shared by threads."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = overview.rows[:MAX_CHART_ROWS]
    names = [r.name if len(r.name) <= 32 else r.name[:31] + "…" for r in rows]
    columns = [textwrap.fill(s, 14, break_long_words=False) for s in overview.stakeholders]
    counts = [[n for _, n in r.stakeholder_counts] for r in rows]
    height = max(3.0, 0.32 * len(rows) + 1.8)
    fig = Figure(figsize=(13, height))
    FigureCanvasAgg(fig)
    # Fixed margins in inches (names on the left, labels on top) instead of tight_layout,
    # which draws the whole figure once more just to measure it.
    fig.subplots_adjust(
        left=2.3 / 13, right=0.98, top=1 - 1.35 / height, bottom=0.55 / height, wspace=0.08
    )
    heat, line = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})

    peak = max([1, *(n for row in counts for n in row)])
    if rows:
        heat.imshow(counts, aspect="auto", cmap="Blues", vmin=-0.15 * peak, vmax=peak)
    for y, row in enumerate(counts):
        for x, n in enumerate(row):
            if n == 0 and rows[y].facts.members > 0:
                heat.text(x, y, "×", ha="center", va="center", color="#c62828", weight="bold")
            else:
                colour = "white" if n > peak * 0.6 else "#1a1a1a"
                heat.text(x, y, str(n), ha="center", va="center", color=colour, fontsize=8)
    heat.set_xticks(range(len(columns)), columns, fontsize=8)
    heat.set_yticks(range(len(names)), names, fontsize=8)
    heat.set_title("Members per stakeholder group (× = missing)", fontsize=10)
    heat.tick_params(top=True, bottom=False, labeltop=True, labelbottom=False)

    line.set_title("Days left to the deadline (most urgent on top)", fontsize=10)
    for y, r in enumerate(rows):
        left = r.facts.days_left
        if left is None:
            # x in axes fractions, y in data: always inside the panel, whatever the scale.
            transform = line.get_yaxis_transform()
            line.text(
                0.01,
                y,
                "no deadline",
                va="center",
                fontsize=8,
                color="#757575",
                transform=transform,
            )
            continue
        colour = "#c62828" if left < 0 else "#ef6c00" if left <= 30 else "#2e7d32"
        line.barh(y, left, color=colour, height=0.6)
        label, align = (f"{left} ", "right") if left < 0 else (f" {left}", "left")
        line.text(left, y, label, va="center", ha=align, fontsize=7)
    line.axvline(0, color="#424242", linewidth=1)
    line.margins(x=0.15)
    line.set_ylim(len(rows) - 0.5, -0.5)
    line.set_yticks(range(len(names)), [""] * len(names))
    line.set_xlabel("days (negative = overdue)", fontsize=8)
    if len(overview.rows) > len(rows):
        fig.suptitle(
            f"The {len(rows)} groups needing most attention, of {len(overview.rows)}",
            fontsize=11,
            y=1 - 0.15 / height,
        )
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    return buffer.getvalue()


def consensus_png(by_group: dict[str, tuple[int, int, int]], title: str) -> bytes:
    """One statement's votes as stacked bars per stakeholder group (agree, disagree, pass),
    so a split between groups shows at a glance."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    names = [textwrap.fill(n, 18, break_long_words=False) for n in by_group]
    height = max(2.4, 0.55 * len(names) + 1.4)
    fig = Figure(figsize=(8, height))
    FigureCanvasAgg(fig)
    fig.subplots_adjust(left=2.0 / 8, right=0.97, top=1 - 0.7 / height, bottom=0.6 / height)
    axes = fig.subplots()
    left = [0] * len(names)
    colours = (("agree", "#2e7d32"), ("disagree", "#c62828"), ("pass", "#9e9e9e"))
    for index, (label, colour) in enumerate(colours):
        widths = [counts[index] for counts in by_group.values()]
        axes.barh(range(len(names)), widths, left=left, color=colour, label=label, height=0.6)
        left = [a + b for a, b in zip(left, widths, strict=True)]
    axes.set_yticks(range(len(names)), names, fontsize=8)
    axes.set_ylim(len(names) - 0.5, -0.5)
    axes.set_xlabel("votes", fontsize=8)
    axes.set_title(title, fontsize=10)
    axes.legend(fontsize=8, loc="lower right")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()
