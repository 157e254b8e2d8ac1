"""Web API failures as the core's DeliveryError, with a message saying what to do."""

from __future__ import annotations

import re

from slack_sdk.errors import SlackApiError

from bot.core import notices
from bot.core.ports import DeliveryError
from bot.ground.errors import UserError

PERMANENT_HINTS = {
    "not_in_channel": "The bot is not in that channel: invite it with `/invite @wgbot`.",
    "channel_not_found": (
        "Slack cannot find that channel (deleted, or private without the bot): "
        "invite the bot with `/invite @wgbot`."
    ),
    "is_archived": "That channel is archived: unarchive it or bind the group to another one.",
    "missing_scope": (
        "The Slack app lacks a permission it needs ({needed}): reinstall it from the "
        "manifest in deploy/slack/ so it gets every scope."
    ),
    "user_not_found": "Slack does not know that user (left the workspace?).",
    "account_inactive": "That Slack account is deactivated.",
    "cannot_dm_bot": "Slack does not allow direct messages to a bot user.",
    "invalid_auth": "SLACK_BOT_TOKEN is not valid: copy the bot token again from the app page.",
    "not_authed": "SLACK_BOT_TOKEN is missing.",
    "token_revoked": "The bot token was revoked: reinstall the Slack app.",
    "msg_too_long": "The message is too long for Slack.",
}


def error_code(exc: SlackApiError) -> str:
    data = exc.response.data if exc.response is not None else None
    return str(data.get("error", "")) if isinstance(data, dict) else ""


def delivery_error(exc: SlackApiError, what: str) -> DeliveryError:
    """Rate limits carry Retry-After; errors retrying cannot fix are marked permanent."""
    response = exc.response
    code = error_code(exc)
    if response is not None and response.status_code == 429:
        headers = {k.lower(): v for k, v in (response.headers or {}).items()}
        raw = headers.get("retry-after", "1")
        value = raw[0] if isinstance(raw, list) else raw
        try:
            retry_after = float(value)
        except (TypeError, ValueError):
            retry_after = 1.0
        return DeliveryError(
            f"Slack rate-limited {what}: retry in {retry_after:g} s.", retry_after=retry_after
        )
    if code in PERMANENT_HINTS:
        data = response.data if response is not None else None
        needed = data.get("needed", "a scope") if isinstance(data, dict) else "a scope"
        hint = PERMANENT_HINTS[code].format(needed=needed)
        return DeliveryError(f"{what} failed ({code}): {hint}", permanent=True)
    # Admins read this in failure reports: Slack's code, never the raw error (URL, JSON).
    status = response.status_code if response is not None else "no answer"
    return DeliveryError(f"{what} failed: {code or f'HTTP {status}'}")


class HistoryUnreadable(UserError):
    """The channel could not be read for a summary. A UserError (core errors may be raised by
    a front end's reader), so the person who asked is told what to do, e.g. invite the bot,
    instead of a generic "something went wrong"."""


def history_error(exc: SlackApiError) -> HistoryUnreadable:
    """One line: what failed and what to do (the hints above, or a rate limit's wait)."""
    return HistoryUnreadable(user_hint(exc, "Reading this channel"))


def user_hint(exc: SlackApiError, what: str) -> str:
    """One line for a person: what failed and what to do. Never the raw API error (its URL,
    its JSON): those go to the log."""
    response = exc.response
    code = re.sub(r"[^a-z0-9_]", "", error_code(exc))
    if response is not None and response.status_code == 429:
        return notices.busy(what, "Slack")
    if code in PERMANENT_HINTS:
        data = response.data if response is not None else None
        needed = data.get("needed", "a scope") if isinstance(data, dict) else "a scope"
        return f"{what} failed ({code}): {PERMANENT_HINTS[code].format(needed=needed)}"
    return notices.failed(what, "Slack", code)
