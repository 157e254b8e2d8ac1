"""The coverage heat map as inline SVG: one row per group, one column per stakeholder group
and region, the count written in every cell (never colour alone), darker for more."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

CELL_W, CELL_H, NAME_W, HEAD_H = 34, 22, 220, 150
GAP = 14  # between stakeholder groups and regions
LABEL_REACH = 100  # how far the last slanted column label reaches right
# (lowest count, fill, text colour): every pair passes WCAG AA for the cell's text.
LEVELS = (
    (0, "#ffffff", "#6b0000"),
    (1, "#deebf7", "#000000"),
    (3, "#9ecae1", "#000000"),
    (5, "#08519c", "#ffffff"),
)


def _level(count: int) -> tuple[str, str]:
    fill, ink = LEVELS[0][1], LEVELS[0][2]
    for low, f, i in LEVELS:
        if count >= low:
            fill, ink = f, i
    return fill, ink


def _short(name: str, limit: int = 30) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def heatmap_svg(
    rows: Sequence[tuple[str, Sequence[int]]],
    columns: Sequence[str],
    *,
    label: str,
    split: int | None = None,
) -> Markup:
    """`rows`: (group name, a count per column); `split`: where a gap separates the
    stakeholder groups from the regions. Names are escaped here: the SVG is inline."""
    gap = GAP if split else 0

    def left(c: int) -> int:
        return NAME_W + c * CELL_W + (gap if split is not None and c >= split else 0)

    width = NAME_W + CELL_W * len(columns) + gap + LABEL_REACH
    height = HEAD_H + CELL_H * len(rows) + 4
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
    ]
    for c, column in enumerate(columns):
        x = left(c) + CELL_W // 2
        out.append(
            f'<text x="{x}" y="{HEAD_H - 6}" transform="rotate(-55 {x} {HEAD_H - 6})" '
            f'font-size="12" fill="#000000">{escape(_short(column, 22))}</text>'
        )
    for r, (name, counts) in enumerate(rows):
        y = HEAD_H + r * CELL_H
        out.append(
            f'<text x="{NAME_W - 6}" y="{y + 15}" text-anchor="end" font-size="12" '
            f'fill="#000000">{escape(_short(name))}</text>'
        )
        for c, count in enumerate(counts):
            fill, ink = _level(count)
            x = left(c)
            out.append(
                f'<rect x="{x}" y="{y}" width="{CELL_W - 2}" height="{CELL_H - 2}" '
                f'fill="{fill}" stroke="#555555" stroke-width="1"/>'
                f'<text x="{x + CELL_W // 2 - 1}" y="{y + 15}" text-anchor="middle" '
                f'font-size="12" font-weight="{"bold" if count == 0 else "normal"}" '
                f'fill="{ink}">{count}</text>'
            )
    out.append("</svg>")
    return Markup("".join(out))
