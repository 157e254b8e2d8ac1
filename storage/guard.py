"""The last line of defence under the input boundary: no statement carries a string that
PostgreSQL would refuse (a NUL byte, a lone surrogate, more characters than its column holds),
on SQLite either, so both databases keep the same rows and give the same errors whatever
slipped past the core."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine, String, event, inspect
from sqlalchemy.orm import Session

from bot.ground.errors import UsageError

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class UnstorableText(UsageError):
    """A value no database here may store; raised before the statement reaches the driver."""


def _check(value: object) -> None:
    if isinstance(value, str):
        found = _UNSTORABLE.search(value)
        if found:
            raise UnstorableText(
                f"That text contains a control character (U+{ord(found.group()):04X}) that "
                "cannot be stored: type plain text without it."
            )
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _check(key)
            _check(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _check(item)


def _before_execute(
    _conn: Any, _cursor: Any, _statement: str, parameters: Any, _context: Any, _many: bool
) -> None:
    _check(parameters)


def _check_lengths(session: Session, _context: Any, _instances: Any) -> None:
    """SQLite stores a string of any length in a VARCHAR(n); PostgreSQL refuses it."""
    for obj in (*session.new, *session.dirty):
        mapper = inspect(obj).mapper
        for column in mapper.columns:
            limit = column.type.length if isinstance(column.type, String) else None
            value = getattr(obj, column.key, None)
            if limit and isinstance(value, str) and len(value) > limit:
                name = column.key.replace("_", " ")
                raise UnstorableText(
                    f"That {name} is {len(value):,} characters: keep it under {limit}."
                )


def install(engine: Engine) -> None:
    """Check every statement's parameters on this engine (JSON values included, as strings)
    and every object's strings against their columns' lengths before a flush."""
    event.listen(engine, "before_cursor_execute", _before_execute)
    if not event.contains(Session, "before_flush", _check_lengths):
        event.listen(Session, "before_flush", _check_lengths)
