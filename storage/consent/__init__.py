"""Consent: every copy of a person's words, in one place (words.py), and how a stored draft is
redacted in place (redact.py)."""
