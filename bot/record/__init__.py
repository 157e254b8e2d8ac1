"""The discussion record's core side: which periods it lacks, filling them from a platform's
history within its budget, and reading it for /summarize (the SQL is in storage/)."""

from bot.core.normalise import tidy

MAX_MESSAGE = 40_000  # Slack's own limit on a message's text


def neutral(text: str | None) -> str | None:
    """Chat text as the record keeps it: the one input boundary's `tidy` (never refused:
    control characters dropped, invisible ones removed, NFC)."""
    return None if text is None else tidy(text, prose=True, max_length=MAX_MESSAGE)


def name(text: str) -> str:
    return tidy(text, max_length=200)
