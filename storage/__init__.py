"""Persistence: SQLModel tables, Alembic migrations, and the only code that speaks SQL."""

from storage import models_slack  # noqa: F401  (Slack event dedupe table)
from storage.database import Database
from storage.store import Store

__all__ = ["Database", "Store"]
