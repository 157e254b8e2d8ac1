"""Settings for a command-line entry point: a bad variable is one line on stderr and exit,
never a pydantic traceback. Its own module so the sub-CLIs (Discord, email, scheduler, web)
and `bot.cli` all use it without importing each other. `bot.cli` loads the whole `Settings`
(bot/settings.py); a sub-CLI below it loads the core's sections, or its own."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TypeVar, overload

if TYPE_CHECKING:
    from pydantic_settings import BaseSettings

    from bot.core.settings import CommandSettings

    Section = TypeVar("Section", bound=BaseSettings)


@overload
def load_settings() -> CommandSettings: ...
@overload
def load_settings(kind: type[Section]) -> Section: ...
def load_settings(kind: type[BaseSettings] | None = None) -> BaseSettings:
    from pydantic import ValidationError

    from bot.core.settings import CommandSettings

    try:
        return (kind or CommandSettings)()
    except ValidationError as exc:  # one line per bad variable, no pydantic links
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']).upper()}: {error['msg']}"
            for error in exc.errors()
        )
        sys.exit(f"wgbot: bad configuration: {problems}")
