"""Packing items into requests by a token budget, in order, each item in exactly one pack."""

from __future__ import annotations

from collections.abc import Sequence

# Each line in a pack is followed by a newline: one more byte, so one more token at most.
SEPARATOR = 1


def pack(costs: Sequence[int], budget: int) -> list[list[int]]:
    """Greedy, order-keeping packing of item indexes so each pack's cost stays ≤ budget.

    An item that alone exceeds the budget must be shortened by the caller first; it is
    refused here rather than sent over the limit.
    """
    if budget <= 0:
        raise ValueError("the token budget must be positive")
    packs: list[list[int]] = []
    current: list[int] = []
    used = 0
    for index, cost in enumerate(costs):
        size = cost + SEPARATOR
        if size > budget:
            raise ValueError(f"item {index} needs {size} tokens, over the budget of {budget}")
        if current and used + size > budget:
            packs.append(current)
            current, used = [], 0
        current.append(index)
        used += size
    if current:
        packs.append(current)
    return packs
