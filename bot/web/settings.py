"""The web's settings, a section of their own (environment or `.env`)."""

from __future__ import annotations

from functools import cache

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class WebSettings(BaseSettings):
    """`WGBOT_WEB_LISTEN` (host:port; `wgbot run` serves the web too when it is set),
    `WGBOT_WEB_URL` (the public base URL the reverse proxy answers on; links point there),
    `WGBOT_WEB_SECRET` (signs the MAG board's links; several, comma-separated, rotate: the
    first signs, all verify)."""

    model_config = SettingsConfigDict(
        env_prefix="WGBOT_WEB_", env_file=".env", env_ignore_empty=True, extra="ignore"
    )

    listen: str | None = None
    url: str | None = None
    secret: SecretStr | None = None

    @property
    def secrets(self) -> list[str]:
        raw = self.secret.get_secret_value() if self.secret else ""
        return [s.strip() for s in raw.split(",") if s.strip()]

    @property
    def base_url(self) -> str:
        return (self.url or "http://127.0.0.1:8091").rstrip("/")

    @property
    def board_ready(self) -> bool:
        """Board links can be made: a secret to sign them and a URL to point at."""
        return bool(self.secrets and self.url)


@cache
def web_settings() -> WebSettings:
    return WebSettings()


def reload() -> WebSettings:
    """Read the environment again (tests change it)."""
    web_settings.cache_clear()
    return web_settings()
