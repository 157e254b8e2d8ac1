"""The email front end: mailing-list traffic in (IMAP poll, LMTP), MIME decoded to neutral
text, and nudges, reminders and confirmation codes out by SMTP (docs/email.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.core.ports import DeliveryError

if TYPE_CHECKING:  # `wgbot --help` imports this package for its CLI: no settings loaded
    from bot.frontends.email.delivery import EmailDelivery
    from bot.frontends.email.links import LinkSigner


def make_delivery(process: object) -> EmailDelivery:
    """The SMTP port from WGBOT_SMTP_* and WGBOT_EMAIL_FROM (the `Email` front end's), read
    from the settings the process hands the front end (email's and mail's sections)."""
    from bot.frontends.email.delivery import EmailDelivery, sender_address
    from bot.frontends.email.settings import email_settings
    from bot.frontends.email.smtp import SmtpConfig, parse_security
    from bot.mail.settings import mail_settings

    settings, own = email_settings(process), mail_settings(process).wgbot_email_from
    if not settings.wgbot_smtp_host:
        raise DeliveryError("WGBOT_SMTP_HOST is not set", permanent=True)
    if not own:
        raise DeliveryError("WGBOT_EMAIL_FROM is not set: the bot's own address", permanent=True)
    try:
        sender = sender_address(own)
        security = parse_security(settings.wgbot_smtp_security)
    except ValueError as exc:
        raise DeliveryError(str(exc), permanent=True) from None
    password = settings.wgbot_smtp_password
    config = SmtpConfig(
        host=settings.wgbot_smtp_host,
        port=settings.wgbot_smtp_port,
        security=security,
        user=settings.wgbot_smtp_user or None,
        password=password.get_secret_value() if password else None,
    )
    secret = settings.wgbot_email_link_secret
    return EmailDelivery(
        config,
        sender,
        secret=secret.get_secret_value().encode() if secret else None,
        links=make_link_signer(settings),
    )


def make_link_signer(process: object) -> LinkSigner | None:
    """One-click links need both the secret and the public URL; else nudges say to reply."""
    from bot.frontends.email.links import LinkSigner
    from bot.frontends.email.settings import email_settings

    settings = email_settings(process)
    secret, url = settings.wgbot_email_link_secret, settings.wgbot_public_url
    if secret is None or not secret.get_secret_value() or not url:
        return None
    return LinkSigner([secret.get_secret_value()], url)
