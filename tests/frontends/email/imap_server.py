"""A real IMAP server on 127.0.0.1 for the tests: Debian's dovecot-imapd, started privately
(testkit/email/dovecot.py: its own configuration in a temporary directory, passwd-file users,
Maildir, plain IMAP with STARTTLS and implicit TLS on free high ports).

Without dovecot the tests that need it skip, saying how to install it; with
WGBOT_TEST_IMAP=require (what .ci/run sets, after installing dovecot-imapd) they fail
instead. WGBOT_TEST_IMAP_DOVECOT names another dovecot binary (the skip test uses it).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from testkit.email.dovecot import Account, DovecotServer, dovecot_binary, make_server

__all__ = ["Account", "DovecotServer", "make_server", "need_dovecot"]

MODE = os.environ.get("WGBOT_TEST_IMAP", "")  # read before the tests clear WGBOT_*
REQUIRED = MODE == "require"
BINARY = os.environ.get("WGBOT_TEST_IMAP_DOVECOT", "")
INSTALL_HINT = (
    "dovecot-imapd is not installed (`apt-get install dovecot-imapd`; .ci/run installs it "
    "and sets WGBOT_TEST_IMAP=require)"
)


def need_dovecot() -> str:
    """The dovecot binary, or skip (fail when it is required) with how to get it."""
    binary = dovecot_binary(BINARY)
    if binary is None:
        if REQUIRED:
            pytest.fail(f"WGBOT_TEST_IMAP=require, but {INSTALL_HINT}")
        pytest.skip(INSTALL_HINT)
    return binary


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    """One dovecot per session, so one per xdist worker (each test takes an account of its
    own). Its free ports are picked before dovecot binds them, and another worker may take one
    in between: then it starts again on new ports."""
    binary = need_dovecot()
    for attempt in range(3):
        server = make_server(binary)
        try:
            server.start()
            break
        except RuntimeError as exc:
            shutil.rmtree(server.root, ignore_errors=True)
            if attempt == 2:
                pytest.fail(str(exc))
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)


@pytest.fixture
def imap_account(dovecot: DovecotServer) -> Account:
    return dovecot.add_account()
