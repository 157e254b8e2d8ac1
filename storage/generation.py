"""The data generation counter's table (storage.database bumps it in every write)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel


class DataGeneration(SQLModel, table=True):
    """One row counting committed write transactions (storage.database bumps it in each):
    a reply cached at generation n is still true while the counter reads n, in every process
    sharing the database."""

    __tablename__ = "data_generation"

    id: int = Field(default=1, primary_key=True)
    n: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, server_default="0"))
