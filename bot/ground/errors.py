"""Errors a user caused. Each carries a one-line message that says what is expected."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or a forbidden action: answered ephemerally, nothing is written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(UserError):
    """The arguments did not parse; the message names the expected form."""


class PermissionDenied(UserError):
    pass


class NotBound(UserError):
    """The channel is not bound to any working group."""


class Conflict(UserError):
    """The change collides with existing state (a twin channel binding, a duplicate name)."""
