"""A chair may mute the coverage warnings about one stakeholder group or region (with a reason): the
gap is known and accepted, and a weekly reminder of it would only be noise."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from bot.domain.coverage import Coverage


def without_muted(coverage: Coverage, muted: Collection[str]) -> Coverage:
    """The same coverage with muted stakeholder groups no longer warned about; the counts
    stay as they are, so `/wg coverage` still shows the facts."""
    if not muted:
        return coverage
    return replace(
        coverage,
        missing_stakeholders=tuple(n for n in coverage.missing_stakeholders if n not in muted),
        missing_regions=tuple(n for n in coverage.missing_regions if n not in muted),
        silent_stakeholders=tuple(n for n in coverage.silent_stakeholders if n not in muted),
        dominant_stakeholder=None
        if coverage.dominant_stakeholder in muted
        else coverage.dominant_stakeholder,
        dominant_voice=None if coverage.dominant_voice in muted else coverage.dominant_voice,
    )
