"""The email front end's settings section (docs/email.md): outbound SMTP for nudges and
confirmation codes, inbound list traffic from an IMAP mailbox (polled) and/or an LMTP endpoint
a list delivers to, and the one-click links in its mails. The bot's own address and how list
mail is read are mail's neutral section (bot/mail/settings.py)."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

from bot.core.settings import SECTION_CONFIG, section


class EmailSettings(BaseSettings):
    model_config = SECTION_CONFIG

    wgbot_smtp_host: str | None = None
    wgbot_smtp_port: int = Field(default=587, ge=1, le=65535)
    wgbot_smtp_security: str = "starttls"  # starttls | ssl | none
    wgbot_smtp_user: str | None = None
    wgbot_smtp_password: SecretStr | None = None
    wgbot_imap_host: str | None = None
    wgbot_imap_port: int = Field(default=993, ge=1, le=65535)
    wgbot_imap_security: str = "ssl"  # ssl | starttls | none
    wgbot_imap_user: str | None = None
    wgbot_imap_password: SecretStr | None = None
    wgbot_imap_folder: str = "INBOX"
    wgbot_imap_poll_seconds: int = Field(default=60, ge=5, le=86_400)
    wgbot_lmtp_listen: str | None = None  # host:port of the inbound LMTP endpoint
    # One-click links in emails (commit, snooze, step down) are signed with this secret and
    # point at this public base URL (the bot's HTTP server).
    wgbot_email_link_secret: SecretStr | None = None
    # The authserv-id our own receiving mail server writes in Authentication-Results (e.g.
    # mx.igf.example): a keyword reply acts only on that server's DMARC or aligned-DKIM pass.
    wgbot_email_authserv_id: str | None = None
    wgbot_public_url: str | None = None
    # Where `wgbot run` serves those links (host:port); WGBOT_PUBLIC_URL's proxy forwards here.
    wgbot_email_http_listen: str = "127.0.0.1:8090"


def email_settings(settings: object) -> EmailSettings:
    """Email's section of the settings the front end is handed."""
    return section(settings, EmailSettings)
