from tests.frontends.email.imap_server import dovecot, imap_account
from tests.frontends.email.smtp_server import smtp_ca, smtp_server, start_smtp

__all__ = ["dovecot", "imap_account", "smtp_ca", "smtp_server", "start_smtp"]
