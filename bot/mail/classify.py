"""Mail that is nobody's voice: bounces and auto-replies, told by their headers.

Bounces: a delivery-status report (RFC 3464 multipart/report), mail from MAILER-DAEMON or
postmaster, X-Failed-Recipients, or the null return path `<>` of a notification.
Auto-replies: Auto-Submitted other than "no" (RFC 3834), X-Autoreply, X-Autorespond,
Precedence auto_reply or junk. `Precedence: list` and `bulk` are not auto-replies: every
Mailman post carries the first, and some list software the second. Digests: Mailman's
"Digest, Vol N, Issue M" subject or a multipart/digest part.
"""

from __future__ import annotations

import re
from email.message import EmailMessage

from bot.ground.normalise import excerpt
from bot.mail.headers import header_text

_DIGEST_SUBJECT = re.compile(r"\bDigest,\s+Vol\s+\d+,\s+Issue\s+\d+", re.IGNORECASE)
_DAEMONS = re.compile(r"(?:^|[<\s\"])(?:mailer-daemon|postmaster)@", re.IGNORECASE)
_AUTO_PRECEDENCE = frozenset({"auto_reply", "auto-reply", "junk"})


def _bounce(msg: EmailMessage) -> str | None:
    if msg.get_content_type() == "multipart/report":
        kind = str(msg.get_param("report-type") or "").lower()
        if kind in ("delivery-status", ""):
            return "a delivery-status report"
        if kind == "disposition-notification":
            return "a read receipt"
    sender = header_text(msg, "From") or ""
    if _DAEMONS.search(sender):
        return f"from {excerpt(sender, 60)}"
    if header_text(msg, "X-Failed-Recipients"):
        return "X-Failed-Recipients is set"
    return None


def _auto_reply(msg: EmailMessage) -> str | None:
    submitted = (header_text(msg, "Auto-Submitted") or "").strip().lower()
    if submitted and submitted.split(";")[0].strip() != "no":
        return f"Auto-Submitted: {excerpt(submitted, 40)}"
    for header in ("X-Autoreply", "X-Autorespond", "X-Autoresponder"):
        if header_text(msg, header) is not None:
            return f"{header} is set"
    precedence = (header_text(msg, "Precedence") or "").strip().lower()
    if precedence in _AUTO_PRECEDENCE:
        return f"Precedence: {precedence}"
    return None


def _digest(msg: EmailMessage) -> str | None:
    """A Mailman digest bundles other people's posts: the bot's address must be subscribed
    without digests for each post to count."""
    subject = header_text(msg, "Subject") or ""
    if _DIGEST_SUBJECT.search(subject):
        return f"a list digest ({excerpt(subject, 60)})"
    if any(part.get_content_type() == "multipart/digest" for part in msg.walk()):
        return "a list digest (multipart/digest)"
    return None


def skip_reason(msg: EmailMessage) -> tuple[str, str] | None:
    """("bounce" | "auto_reply" | "digest", detail for the log), or None for a post."""
    digest = _digest(msg)
    if digest:
        return "digest", digest
    bounce = _bounce(msg)
    if bounce:
        return "bounce", bounce
    auto = _auto_reply(msg)
    if auto:
        return "auto_reply", auto
    return_path = header_text(msg, "Return-Path")
    if return_path is not None and return_path.strip() in ("<>", ""):
        return "bounce", "null return path <> (a delivery notification)"
    return None
