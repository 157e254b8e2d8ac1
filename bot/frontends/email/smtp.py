"""Hands one message to the submission server (stdlib smtplib): STARTTLS, implicit TLS or
plain, AUTH when a user is set, a timeout on every socket operation.

Failures become DeliveryError so the scheduler's retry policy decides: a 5xx answer (bad
recipient, refused login, message refused) cannot get better by retrying and is permanent;
a 4xx answer, a refused or dropped connection or a timeout is retried later.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from enum import StrEnum

from bot.core.ports import DeliveryError

DEFAULT_TIMEOUT = 30.0


class Security(StrEnum):
    STARTTLS = "starttls"  # port 587: plain connection upgraded before AUTH (RFC 3207)
    SSL = "ssl"  # port 465: TLS from the first byte (RFC 8314)
    NONE = "none"  # a relay on localhost or a trusted network only


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int = 587
    security: Security = Security.STARTTLS
    user: str | None = None
    password: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    # None: the system's trust store (SSL_CERT_FILE / SSL_CERT_DIR are honoured).
    tls_context: ssl.SSLContext | None = None

    def context(self) -> ssl.SSLContext:
        return self.tls_context or ssl.create_default_context()

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port} ({self.security.value})"


def parse_security(value: str) -> Security:
    try:
        return Security(value.strip().lower())
    except ValueError:
        raise ValueError(f"WGBOT_SMTP_SECURITY={value[:20]!r}: use starttls, ssl or none") from None


def _connect(config: SmtpConfig) -> smtplib.SMTP:
    if config.security is Security.SSL:
        return smtplib.SMTP_SSL(
            config.host, config.port, timeout=config.timeout, context=config.context()
        )
    client = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
    try:
        if config.security is Security.STARTTLS:
            client.ehlo()
            if not client.has_extn("starttls"):
                raise DeliveryError(
                    f"{config.where} does not offer STARTTLS: set WGBOT_SMTP_SECURITY=ssl "
                    "(port 465) or fix the server",
                    permanent=True,
                )
            client.starttls(context=config.context())
            client.ehlo()
    except BaseException:
        client.close()
        raise
    return client


def _answer_error(code: int, text: bytes | str, what: str) -> DeliveryError:
    detail = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    detail = " ".join(detail.split())[:200]
    return DeliveryError(f"{what}: {code} {detail}", permanent=500 <= code < 600)


def send_message(config: SmtpConfig, message: EmailMessage, recipient: str) -> None:
    """Sends `message` to one envelope recipient (the envelope sender is its From)."""
    try:
        client = _connect(config)
        try:
            if config.user:
                client.login(config.user, config.password or "")
            client.send_message(message, to_addrs=[recipient])
        finally:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()
    except DeliveryError:
        raise
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()))
        raise _answer_error(code, text, f"{config.where} refused the recipient") from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise DeliveryError(f"{config.where}: {exc}", permanent=True) from exc
    except smtplib.SMTPAuthenticationError as exc:
        raise _answer_error(
            exc.smtp_code, exc.smtp_error, f"{config.where} refused WGBOT_SMTP_USER's login"
        ) from exc
    except smtplib.SMTPResponseException as exc:
        raise _answer_error(exc.smtp_code, exc.smtp_error, f"{config.where} refused") from exc
    except smtplib.SMTPServerDisconnected as exc:
        raise DeliveryError(f"{config.where} closed the connection: {exc}") from exc
    except ssl.SSLError as exc:
        raise DeliveryError(f"TLS with {config.where} failed: {exc}") from exc
    except smtplib.SMTPException as exc:
        raise DeliveryError(f"{config.where}: {exc}") from exc
    except OSError as exc:  # refused, unreachable, timed out, name not found
        raise DeliveryError(f"could not reach {config.where}: {exc}") from exc
