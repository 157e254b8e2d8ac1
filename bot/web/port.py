"""The web as the commands see it: `bot.core.ports.WebLinks`, answered from the web's own
settings, read afresh at each question (as the scheduler reads them when it builds a link).
The process that runs the commands hands it to its dispatcher (bot/cli.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from bot.web.links import LIFETIME
from bot.web.settings import WebSettings, web_settings


class SiteLinks:
    def __init__(self, settings: Callable[[], WebSettings] = web_settings) -> None:
        self._settings = settings

    @property
    def board_ready(self) -> bool:
        return self._settings().board_ready

    @property
    def board_lifetime(self) -> timedelta:
        return LIFETIME

    def page_url(self, group_id: int) -> str | None:
        web = self._settings()
        return f"{web.base_url}/groups/{group_id}" if web.url else None
