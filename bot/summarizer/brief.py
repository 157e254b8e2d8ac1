"""What the group said it is for: the context a draft's problem statement starts from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Brief:
    goal: str | None = None  # the desired outcome (`/wg goal`)
    problem: str | None = None  # the charter's first answer: "What is the problem?"
