"""Persistence: SQLModel tables, Alembic migrations, and the only code that speaks SQL."""

import storage.models_overview
import storage.models_scheduler
import storage.models_summarizer  # noqa: F401  (summarizer tables)
from storage import (  # noqa: F401  (votes; comments; cycle; email; LLM endpoints; people; discussion record; Slack)
    models_comments,
    models_consensus,
    models_cycle,
    models_email,
    models_llm,
    models_people,
    models_record,
    models_slack,
    models_uptake,
    models_web,
)
from storage.database import Database
from storage.store import Store

__all__ = ["Database", "Store"]
