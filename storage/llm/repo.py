"""The repository of probed LLM endpoints: one row per endpoint and model, upserted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import SQLModel, select

from storage.base import _Repo
from storage.llm.models import LLMEndpoint


class LLMEndpointRepo(_Repo):
    def get(self, endpoint: str, model: str, fresh_since: datetime) -> str | None:
        """The capabilities JSON probed at or after `fresh_since`, if any."""
        row = self.session.exec(
            select(LLMEndpoint).where(LLMEndpoint.endpoint == endpoint, LLMEndpoint.model == model)
        ).first()
        if row is None or row.probed_at < fresh_since:
            return None
        return row.capabilities

    def put(self, endpoint: str, model: str, capabilities: str, now: datetime) -> None:
        """Insert or replace (two processes probing at once both succeed; the last wins)."""
        table = SQLModel.metadata.tables[LLMEndpoint.__tablename__]
        bind = self.session.get_bind()
        insert = pg_insert if bind.dialect.name == "postgresql" else sqlite_insert
        stmt = insert(table).values(
            endpoint=endpoint, model=model, capabilities=capabilities, probed_at=now
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=["endpoint", "model"],
            set_={"capabilities": capabilities, "probed_at": now},
        )
        self.session.exec(stmt)
