"""A private dovecot (Debian's dovecot-imapd) on 127.0.0.1 for the IMAP tests and
bench/imap_poll.py: its own configuration, run and state directories in a temporary
directory (no system service, no port below 1024: the package's own dovecot on 143/993, if
one runs, is never used), passwd-file users (one file each), Maildir mailboxes, and two
listeners: plain IMAP (STARTTLS offered) and implicit TLS, with a certificate from a
throwaway CA (trustme)."""

from __future__ import annotations

import contextlib
import imaplib
import os
import pwd
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import trustme

from bot.frontends.email.imap_client import ImapConfig

START_SECONDS = 20.0


def dovecot_binary(override: str = "") -> str | None:
    """The dovecot binary (`override` names another one), or None when it is not installed."""
    if override:
        return override if os.access(override, os.X_OK) else None
    return shutil.which("dovecot", path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin"]))


@dataclass(frozen=True)
class Account:
    user: str
    password: str = field(repr=False)


@dataclass
class DovecotServer:
    """One private dovecot; `add_account()` gives each test a mailbox of its own."""

    binary: str
    root: Path
    plain_port: int
    tls_port: int
    ca: trustme.CA
    process: subprocess.Popen[bytes] | None = None

    @property
    def log(self) -> Path:
        return self.root / "dovecot.log"

    @property
    def ca_file(self) -> Path:
        """The test CA as PEM (SSL_CERT_FILE for a `wgbot` subprocess)."""
        return self.root / "ca.pem"

    def client_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        self.ca.configure_trust(context)
        return context

    def add_account(self, user: str | None = None) -> Account:
        """A new user with an empty mailbox: a passwd-file of its own (dovecot opens a user's
        file at its first login, so no cache has to notice a change)."""
        account = Account(user or f"u{secrets.token_hex(5)}", secrets.token_urlsafe(12))
        path = self.root / "users" / account.user
        path.write_text(f"{account.user}:{{PLAIN}}{account.password}::::\n", encoding="utf-8")
        path.chmod(0o644)
        return account

    def config(self, account: Account, security: str = "none", **options: object) -> ImapConfig:
        port = self.tls_port if security == "ssl" else self.plain_port
        return ImapConfig(
            host="127.0.0.1",
            port=port,
            user=account.user,
            password=account.password,
            security=security,
            ssl_context=self.client_context(),
            **options,  # type: ignore[arg-type]
        )

    @contextlib.contextmanager
    def client(self, account: Account) -> Iterator[imaplib.IMAP4]:
        conn = imaplib.IMAP4("127.0.0.1", self.plain_port, timeout=10)
        conn.login(account.user, account.password)
        try:
            yield conn
        finally:
            conn.logout()

    def append(
        self, account: Account, messages: Iterable[bytes], folder: str = "INBOX"
    ) -> list[int]:
        """APPEND each message as a list's delivery would; returns the UIDs given."""
        uids = []
        with self.client(account) as conn:
            if folder != "INBOX":
                conn.create(folder)
            for raw in messages:
                typ, data = conn.append(folder, None, None, raw)
                assert typ == "OK", data
                # [APPENDUID <uidvalidity> <uid>] (UIDPLUS)
                uids.append(int(data[0].split(b"]")[0].split()[-1]))
        return uids

    def set_uidvalidity(self, account: Account, value: int, folder: str = "INBOX") -> None:
        """What a server does when it renumbers a folder: a new UIDVALIDITY."""
        self.doveadm("mailbox", "update", "-u", account.user, "--uid-validity", str(value), folder)

    def doveadm(self, *args: str) -> None:
        doveadm = str(Path(self.binary).with_name("doveadm"))
        if not os.access(doveadm, os.X_OK):
            doveadm = shutil.which("doveadm") or "doveadm"
        subprocess.run([doveadm, "-c", str(self.root / "dovecot.conf"), *args], check=True)

    def start(self) -> None:
        with (self.root / "stdout.log").open("ab") as out:
            self.process = subprocess.Popen(
                [self.binary, "-F", "-c", str(self.root / "dovecot.conf")],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stop() ends it whole
            )
        deadline = time.monotonic() + START_SECONDS
        while not all(_listening(port) for port in (self.plain_port, self.tls_port)):
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot exited at start:\n{self.output()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"dovecot did not listen within {START_SECONDS} s")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # The master stops its children and closes the listeners. An imap-login process
        # that was still starting lingered 5 s after SIGTERM (so a stop took 6 s, once per
        # worker and in each restart test): after 1 s the whole process group is killed
        # (nothing of a test's mail is lost: each APPEND was done before the stop).
        self._signal_group(signal.SIGTERM)
        try:
            self.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            self._signal_group(signal.SIGKILL)
            self.process.wait()
        deadline = time.monotonic() + 5
        while any(_listening(p) for p in (self.plain_port, self.tls_port)):
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)

    def _signal_group(self, signum: int) -> None:
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)

    def output(self) -> str:
        parts = [p.read_text(errors="replace") for p in (self.root / "stdout.log", self.log)]
        return "\n".join(p for p in parts if p)[-4000:]


def make_server(binary: str) -> DovecotServer:
    """Write the configuration, certificate and users file of a new server (not started)."""
    root = Path(tempfile.mkdtemp(prefix="wgbot-dovecot-"))
    root.chmod(0o755)  # dovecot's unprivileged login and mail processes look inside
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    cert.private_key_pem.write_to_path(str(root / "key.pem"))
    cert.cert_chain_pems[0].write_to_path(str(root / "cert.pem"))
    ca.cert_pem.write_to_path(str(root / "ca.pem"))
    (root / "key.pem").chmod(0o600)
    (root / "users").mkdir(mode=0o755)
    internal, login = _service_users()
    mail = root / "mail"
    mail.mkdir()
    account = pwd.getpwnam(internal)
    os.chown(mail, account.pw_uid, account.pw_gid)
    server = DovecotServer(binary, root, _free_port(), _free_port(), ca)
    (root / "dovecot.conf").write_text(
        _CONFIG.format(
            root=root,
            internal=internal,
            login=login,
            uid=account.pw_uid,
            gid=account.pw_gid,
            plain=server.plain_port,
            tls=server.tls_port,
        ),
        encoding="utf-8",
    )
    return server


def _service_users() -> tuple[str, str]:
    """As root: the package's own unprivileged users (mail is never accessed as root).
    As anyone else: that user for everything (dovecot then cannot switch users)."""
    if os.geteuid() != 0:
        name = pwd.getpwuid(os.geteuid()).pw_name
        return name, name
    users = []
    for wanted in ("dovecot", "dovenull"):
        try:
            users.append(pwd.getpwnam(wanted).pw_name)
        except KeyError:
            users.append("nobody")
    return users[0], users[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


_CONFIG = """\
# A private dovecot for wgbot's tests (tests/frontends/email/imap_server.py); nothing system-wide.
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = 1
first_valid_gid = 1
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users/%u
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {plain}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls}
    ssl = yes
  }}
}}
"""
