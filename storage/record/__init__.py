"""The discussion record: messages kept, listeners, spans, backfill jobs, forget requests."""
