"""The LLM's settings section: the OpenAI-compatible endpoint /summarize drafts with."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

from bot.core.settings import SECTION_CONFIG


class LlmSettings(BaseSettings):
    """No key and no base URL: offline drafts (bot/summarizer/offline.py)."""

    model_config = SECTION_CONFIG

    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    wgbot_llm_model: str = "gpt-4o-mini"
    wgbot_llm_context_tokens: int = Field(default=128_000, gt=1000)
    # How many LLM requests one summary may have in flight at once (map and reduce levels).
    wgbot_llm_concurrency: int = Field(default=4, ge=1, le=32)
    # Retry policy of LLM calls (429 / 5xx / timeouts): attempts in all, first backoff, and
    # the per-request timeout, in seconds.
    wgbot_llm_attempts: int = Field(default=5, ge=1, le=20)
    wgbot_llm_backoff: float = Field(default=1.0, ge=0)
    wgbot_llm_timeout: float = Field(default=120.0, gt=0)
