from tests.email.imap_server import dovecot, imap_account

__all__ = ["dovecot", "imap_account"]
