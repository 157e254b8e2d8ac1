"""The email front end: mailing-list traffic in (IMAP poll, LMTP), MIME decoded to neutral
text, and nudges, reminders and confirmation codes out by SMTP (docs/email.md)."""
