"""A group's timeline as a picture: a Gantt chart of its phases with each milestone marked
(done, late, ahead) and today drawn. matplotlib with the Agg backend, as the overview's."""

from __future__ import annotations

import io
from datetime import date, timedelta

from bot.timeline import Timeline

DONE, LATE, AHEAD = "#2e7d32", "#c62828", "#1565c0"
MAX_TICKS = 8


def _x(day: date) -> float:
    return float(day.toordinal())


def _month_starts(first: date, last: date) -> list[date]:
    """First days of months from `first` to `last`, thinned to at most MAX_TICKS."""
    months: list[date] = []
    day = date(first.year, first.month, 1)
    while day <= last + timedelta(days=31):
        months.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    step = max(1, -(-len(months) // MAX_TICKS))
    return months[::step]


def timeline_png(name: str, line: Timeline, today: date) -> bytes:
    """PNG bytes: one row per milestone, a bar from the previous milestone to it (the phase
    leading up to it), a diamond on its day, and a vertical line for today."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    items = line.milestones
    height = max(2.5, 0.38 * len(items) + 1.3)
    fig = Figure(figsize=(10, height))
    FigureCanvasAgg(fig)
    fig.subplots_adjust(left=0.24, right=0.97, top=1 - 0.6 / height, bottom=0.7 / height)
    axes = fig.subplots()
    start = items[0].due - timedelta(days=14) if items else today
    previous = start
    for y, m in enumerate(items):
        colour = DONE if m.done else LATE if m.days_late(today) else AHEAD
        begin, end = _x(previous), _x(m.due)
        axes.barh(y, max(end - begin, 1.0), left=begin, height=0.5, color=colour, alpha=0.35)
        axes.plot([end], [y], marker="D", color=colour, markersize=6)
        previous = m.due
    axes.axvline(_x(today), color="#424242", linewidth=1.2, linestyle="--")
    axes.text(_x(today), -0.8, " today", fontsize=8, color="#424242")
    axes.set_yticks(range(len(items)), [m.label for m in items], fontsize=8)
    axes.set_ylim(len(items) - 0.5, -1.2)
    ticks = _month_starts(items[0].due if items else today, items[-1].due if items else today)
    axes.set_xticks([_x(t) for t in ticks], [f"{t:%b %Y}" for t in ticks])
    axes.tick_params(axis="x", labelsize=7)
    year = f" {line.year}" if line.year else ""
    axes.set_title(f"{name}: cycle{year} (green done, red late, blue ahead)", fontsize=10)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()
