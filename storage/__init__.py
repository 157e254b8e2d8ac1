"""Persistence: SQLModel tables, Alembic migrations, and the only code that speaks SQL."""

import storage.models_scheduler  # noqa: F401  (registers the scheduler tables)
from storage.database import Database
from storage.store import Store

__all__ = ["Database", "Store"]
