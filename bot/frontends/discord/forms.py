"""Discord modals within Discord's deadlines, and never a lost submission.

A modal must be the *first* answer to an interaction (it cannot be deferred), so nothing slow
may run before `send_modal`: the form's current values are read in a worker thread for a
short moment at most, else taken from `DefaultsCache` (what the last read found), else left
out. Every open form is remembered in `OpenForms` with the values it showed, and submissions
are routed here by their custom id rather than by discord.py's in-memory modal store: one
that arrives after the form's life or after a restart (nothing remembered) is answered with
a clear line and the typed text shown back, instead of being dropped without a word.
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

FORM_PREFIX = "wg-form"
# A submission is saved if it arrives within this long of opening the form; people take their
# time over a charter, so this is longer than an interaction token's 15 minutes.
FORM_LIFE_SECONDS = 60 * 60.0
# How long opening a form may wait for its current values before it opens without them.
DEFAULTS_WAIT_SECONDS = 1.0

Place = tuple[str, str, str | None]  # (form id, channel id, thread id)


class DefaultsCache:
    """The last values read for a form in each place (bounded, least recently used out)."""

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._values: OrderedDict[Place, dict[str, str]] = OrderedDict()

    def get(self, place: Place) -> dict[str, str] | None:
        values = self._values.get(place)
        if values is not None:
            self._values.move_to_end(place)
        return None if values is None else dict(values)

    def put(self, place: Place, values: Mapping[str, str]) -> None:
        self._values[place] = dict(values)
        self._values.move_to_end(place)
        while len(self._values) > self.size:
            self._values.popitem(last=False)


@dataclass(frozen=True)
class OpenForm:
    form_id: str
    page: int
    user_id: int
    shown: Mapping[str, str]  # the values it was opened with: unchanged ones are not saved
    opened_at: float


class OpenForms:
    """Forms opened by this process and not yet past their life, by custom id."""

    def __init__(
        self,
        life: float = FORM_LIFE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        size: int = 10_000,
    ) -> None:
        self.life = life
        self.clock = clock
        self.size = size
        self._open: OrderedDict[str, OpenForm] = OrderedDict()

    def add(self, form_id: str, page: int, user_id: int, shown: Mapping[str, str]) -> str:
        """Remember a form about to be opened; its custom id, unique to this opening."""
        now = self.clock()
        while self._open and (
            len(self._open) >= self.size
            or now - next(iter(self._open.values())).opened_at > self.life
        ):
            self._open.popitem(last=False)
        custom_id = f"{FORM_PREFIX}|{form_id}|{page}|{secrets.token_hex(6)}"
        self._open[custom_id] = OpenForm(form_id, page, user_id, dict(shown), now)
        return custom_id

    def get(self, custom_id: str, user_id: int) -> OpenForm | None:
        """The open form, if it is still within its life and was opened by this person."""
        form = self._open.get(custom_id)
        if form is None or form.user_id != user_id or self.clock() - form.opened_at > self.life:
            return None
        return form


def parse_custom_id(custom_id: str) -> tuple[str, int] | None:
    """`wg-form|charter|2|…` → ("charter", 2); None if it is not one of ours."""
    parts = custom_id.split("|")
    if len(parts) != 4 or parts[0] != FORM_PREFIX or not parts[2].isdigit():
        return None
    return parts[1], int(parts[2])


def submitted_values(data: Mapping[str, Any]) -> dict[str, str]:
    """The text inputs of a MODAL_SUBMIT payload, by custom id, in the order shown. Inputs
    come in action rows (type 1) or, in newer modals, in labels (type 18)."""
    values: dict[str, str] = {}

    def walk(components: Iterable[Any]) -> None:
        for component in components:
            if not isinstance(component, Mapping):
                continue
            if component.get("type") == 4 and isinstance(component.get("custom_id"), str):
                value = component.get("value")
                values[component["custom_id"]] = value if isinstance(value, str) else ""
            walk(component.get("components") or ())
            inner = component.get("component")
            if inner is not None:
                walk((inner,))

    walk(data.get("components") or ())
    return values
