"""Credentials at rest (Slack bot and refresh tokens, and any later one), encrypted with
`cryptography`'s Fernet under WGBOT_SECRET_KEY: AES-128-CBC with an HMAC-SHA256, a timestamp,
and MultiFernet's rotation (several keys, the first one encrypts, any one decrypts), instead
of a hand-made scheme.

WGBOT_SECRET_KEY holds one or more Fernet keys separated by commas, the current one first
(`wgbot secrets key` prints a new one). `wgbot secrets rotate` re-encrypts every stored value
with the first key, after which the old keys can be dropped. A stored value is `fernet:`
followed by the token; a value without it is plain text from before encryption (migration
0014 encrypts those) and is refused. Nothing here logs a value, sealed or not.
"""

from __future__ import annotations

import os

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

PREFIX = "fernet:"
VARIABLE = "WGBOT_SECRET_KEY"
# Every column that holds a credential, sealed: (table, id column, value column). A new
# credential is one more line here (and a migration sealing rows stored before).
CREDENTIALS: tuple[tuple[str, str, str], ...] = (("slack_installation", "id", "data"),)

_configured: str | None = None  # from Settings (build_app), else the environment


class SecretKeyError(RuntimeError):
    """The key is missing or wrong: the message names WGBOT_SECRET_KEY, never a secret."""


def use_keys(value: str | None) -> None:
    """The process's keys, from Settings (which also reads .env)."""
    global _configured
    _configured = value or None


def configured() -> bool:
    return bool(_raw())


def _raw() -> str:
    return (_configured or os.environ.get(VARIABLE) or "").strip()


def _cipher() -> MultiFernet:
    raw = _raw()
    if not raw:
        raise SecretKeyError(
            f"{VARIABLE} is not set: the Slack tokens stored in the database are encrypted "
            f"with it. Set it (`wgbot secrets key` makes one) and start again."
        )
    try:
        return MultiFernet([Fernet(k.strip().encode()) for k in raw.split(",") if k.strip()])
    except (ValueError, TypeError):
        raise SecretKeyError(
            f"{VARIABLE} is not a list of Fernet keys (32 url-safe base64-encoded bytes each, "
            "comma-separated, the current one first): `wgbot secrets key` makes one."
        ) from None


def new_key() -> str:
    return Fernet.generate_key().decode()


def is_sealed(stored: str) -> bool:
    return stored.startswith(PREFIX)


def seal(plain: str) -> str:
    return PREFIX + _cipher().encrypt(plain.encode()).decode()


def unseal(stored: str) -> str:
    if not is_sealed(stored):
        raise SecretKeyError(
            "A credential is stored in plain text: run `wgbot db upgrade` with "
            f"{VARIABLE} set to encrypt it."
        )
    try:
        return _cipher().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise SecretKeyError(
            f"A stored credential does not open with {VARIABLE}: keep the old key after the "
            "new one (comma-separated) until `wgbot secrets rotate` has run."
        ) from None


def rotate(stored: str) -> str:
    """The same value under the current (first) key; plain text is sealed."""
    if not is_sealed(stored):
        return seal(stored)
    return PREFIX + _cipher().rotate(stored[len(PREFIX) :].encode()).decode()


def stored(session: Session) -> int:
    """How many credentials are stored (sealed or not)."""
    connection = session.connection()
    total = 0
    for table_name, _id, _value in CREDENTIALS:
        table = SQLModel.metadata.tables[table_name]
        total += int(connection.execute(select(func.count()).select_from(table)).scalar_one())
    return total


def reseal_all(session: Session) -> int:
    """Every stored credential under the current key (`wgbot secrets rotate`)."""
    connection = session.connection()
    count = 0
    for table_name, id_column, value_column in CREDENTIALS:
        table = SQLModel.metadata.tables[table_name]
        key, value = table.c[id_column], table.c[value_column]
        for row_id, data in connection.execute(select(key, value)).all():
            sealed = rotate(data)
            connection.execute(table.update().where(key == row_id).values({value_column: sealed}))
            count += 1
    return count
