"""Persistence: SQLModel tables, Alembic migrations, and the only code that speaks SQL."""

import storage.models_overview  # noqa: F401  (liaison, reported_overlap tables)
from storage.database import Database
from storage.store import Store

__all__ = ["Database", "Store"]
