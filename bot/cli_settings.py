"""Settings for a command-line entry point: a bad variable is one line on stderr and exit,
never a pydantic traceback. Its own module so the sub-CLIs (Discord, scheduler) and `bot.cli`
all use it without importing each other."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings


def load_settings() -> Settings:
    from pydantic import ValidationError

    from bot.config import Settings

    try:
        return Settings()
    except ValidationError as exc:  # one line per bad variable, no pydantic links
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']).upper()}: {error['msg']}"
            for error in exc.errors()
        )
        sys.exit(f"wgbot: bad configuration: {problems}")
