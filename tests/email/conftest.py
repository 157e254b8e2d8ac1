from tests.email.smtp_server import smtp_ca, smtp_server, start_smtp

__all__ = ["smtp_ca", "smtp_server", "start_smtp"]
