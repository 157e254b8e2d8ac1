"""`wgbot secrets key` prints a new Fernet key; `wgbot secrets rotate` re-encrypts every stored
credential under the first key of WGBOT_SECRET_KEY (set it to `NEW,OLD`, rotate, then drop
OLD). Neither prints nor logs a stored value."""

from __future__ import annotations

import argparse
from typing import Any


def cmd_key(_args: argparse.Namespace) -> int:
    from storage import sealed  # the database layer loads only when a command needs it

    print(sealed.new_key())
    return 0


def cmd_rotate(_args: argparse.Namespace) -> int:
    from bot.app import build_app
    from bot.cli_settings import load_settings
    from storage import sealed

    app = build_app(load_settings())
    with app.database.session() as session:
        count = sealed.reseal_all(session)
    print(
        f"Re-encrypted {count} stored credential(s) (Slack installations) with the first key of "
        f"{sealed.VARIABLE}; the keys after it can now be removed."
    )
    return 0


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("secrets", help="keys for the credentials stored in the database")
    actions = parser.add_subparsers(dest="secrets_command", required=True, metavar="ACTION")
    actions.add_parser("key", help="print a new key for WGBOT_SECRET_KEY").set_defaults(
        func=cmd_key
    )
    actions.add_parser(
        "rotate", help="re-encrypt stored credentials with WGBOT_SECRET_KEY's first key"
    ).set_defaults(func=cmd_rotate)
