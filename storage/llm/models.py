"""What the bot learned about each LLM endpoint and model (structured-output form, context,
tokenizer, slots), so a restart does not probe again."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class LLMEndpoint(SQLModel, table=True):
    __tablename__ = "llm_endpoint"
    __table_args__ = (UniqueConstraint("endpoint", "model", name="uq_llm_endpoint"),)

    id: int | None = Field(default=None, primary_key=True)
    endpoint: str = Field(max_length=500)
    model: str = Field(max_length=200)
    # Capabilities as JSON (bot.summarizer.endpoint.Capabilities); storage does not read it.
    capabilities: str = Field(sa_column=Column(Text, nullable=False))
    probed_at: datetime
