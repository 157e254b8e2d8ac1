"""Persistence: SQLModel tables, Alembic migrations, and the only code that speaks SQL.

One subpackage per aggregate, each with its tables (`models.py`) and its repository
(`repo.py`, plus a module per further repository of that aggregate); `store.py` gathers the
neutral ones over one transaction, `base.py` is what every repository shares. Importing
`storage` registers every table on SQLModel.metadata (Alembic and the tests rely on it).
"""

import storage.audit.models
import storage.budget.models
import storage.comments.models
import storage.consensus.models
import storage.cycle.models
import storage.deliveries.models
import storage.email.models
import storage.generation
import storage.groups.models
import storage.llm.models
import storage.overview.models
import storage.people.models
import storage.record.models
import storage.slack.models
import storage.sponsors.models
import storage.summaries.models
import storage.uptake.models
import storage.web.models  # noqa: F401
from storage.database import Database
from storage.store import Store

__all__ = ["Database", "Store"]
