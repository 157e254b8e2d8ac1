"""The email front end's side of the contract (bot/frontends/base.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.core.messages import Platform
from bot.frontends.base import FrontEnd, Stopper
from bot.frontends.email import make_delivery

if TYPE_CHECKING:
    from bot.app import App
    from bot.core.settings import CommandSettings
    from bot.frontends.email.delivery import EmailDelivery


class Email(FrontEnd):
    """Sends by SMTP when WGBOT_SMTP_HOST is set; serves beside the chat front ends (list
    traffic in by IMAP or LMTP, one-click answer links) when their settings are."""

    platform = Platform.EMAIL
    chat = False

    def configured(self, settings: CommandSettings) -> bool:
        from bot.frontends.email.settings import email_settings

        return bool(email_settings(settings).wgbot_smtp_host)

    def delivery(self, settings: CommandSettings) -> EmailDelivery:
        return make_delivery(settings)

    def start_beside(self, app: App) -> list[Stopper]:
        from bot.frontends.email.background import start_background

        return start_background(app)


FRONT_END = Email()
