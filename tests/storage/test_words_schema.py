"""The schema against the one place that knows every copy of a person's words
(storage/consent/words.py): a text column that neither a keeper nor NOT_WORDS declares
fails here, so a new table cannot keep words that `/wg forget me` and the retention period miss; and
docs/data-protection.md names every keeper's table and columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, Text
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

import storage.database  # noqa: F401  (every model registered on the metadata)
from storage.consent.words import KEEPERS, NOT_WORDS

TEXT_TYPES = (String, Text, AutoString)
DOC = Path(__file__).resolve().parents[2] / "docs" / "data-protection.md"


def text_columns(metadata: MetaData = SQLModel.metadata) -> dict[str, set[str]]:
    """table → its columns that can hold text (ids and states included: declaring them
    costs a line, missing a column of names or words costs a person's consent)."""
    return {
        table.name: {
            c.name for c in table.columns if isinstance(c.type, String | Text | AutoString)
        }
        for table in metadata.tables.values()
    }


def declared() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for keeper in KEEPERS:
        out.setdefault(keeper.table, set()).update(keeper.words, keeper.names)
    for table, columns in NOT_WORDS.items():
        out.setdefault(table, set()).update(columns)
    return out


def undeclared(metadata: MetaData = SQLModel.metadata) -> list[str]:
    known = declared()
    return sorted(
        f"{table}.{column}"
        for table, columns in text_columns(metadata).items()
        for column in columns - known.get(table, set())
    )


def test_a_new_text_column_nobody_declared_is_caught() -> None:
    """What happens when a later feature adds a table of words."""
    metadata = MetaData()
    for table in SQLModel.metadata.tables.values():
        table.to_metadata(metadata)
    Table("petition", metadata, Column("id", Integer, primary_key=True), Column("body", Text))
    metadata.tables["vote"].append_column(Column("note", String(200)))
    assert undeclared(metadata) == ["petition.body", "vote.note"]


def test_every_text_column_is_declared() -> None:
    missing = undeclared()
    assert not missing, (
        "Text columns nobody declared: add each to a Keeper in storage/consent/words.py (it "
        "holds a person's words or name) or to NOT_WORDS with the reason it holds none: "
        + ", ".join(missing)
    )


def test_nothing_is_declared_that_the_schema_does_not_have() -> None:
    columns = text_columns()
    stale = sorted(
        f"{table}.{column}"
        for table, names in declared().items()
        for column in names - columns.get(table, set())
    )
    assert not stale, "Declared in storage/consent/words.py, not in the schema: " + ", ".join(stale)


def test_no_column_is_both_words_and_not_words() -> None:
    for keeper in KEEPERS:
        both = set(keeper.words + keeper.names) & set(NOT_WORDS.get(keeper.table, {}))
        assert not both, f"{keeper.table}: {sorted(both)} declared twice"


@pytest.mark.parametrize("keeper", KEEPERS, ids=lambda k: k.table)
def test_the_data_protection_page_lists_every_place_words_are_kept(keeper: object) -> None:
    from storage.consent.words import Keeper

    assert isinstance(keeper, Keeper)
    page = DOC.read_text(encoding="utf-8")
    assert f"`{keeper.table}`" in page, f"docs/data-protection.md does not name {keeper.table}"
    for column in keeper.words + keeper.names:
        assert f"`{keeper.table}.{column}`" in page, f"the page misses {keeper.table}.{column}"
