"""Mail's neutral settings section: the bot's own address and how list mail is read, shared
by the email front end, the commands (`/wg list` knows the bot's address) and
`wgbot summarize FILE`. The email front end's servers are its own section
(bot/frontends/email/settings.py)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings

from bot.core.settings import SECTION_CONFIG, section


class MailSettings(BaseSettings):
    model_config = SECTION_CONFIG

    wgbot_email_from: str | None = None  # the bot's From: address, e.g. wgbot@igf.example
    wgbot_email_max_bytes: int = Field(default=5_000_000, ge=10_000)  # bigger posts are skipped
    # A list archive's permalink pattern for citations, {message_id} filled in, e.g.
    # https://mail.intgovforum.org/archives/list/bpf@…/message/{message_id}/
    wgbot_list_archive_url: str | None = None


def mail_settings(settings: object) -> MailSettings:
    """Mail's section of the settings a module is handed."""
    return section(settings, MailSettings)
