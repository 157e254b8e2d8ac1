"""The discussion record's core side: which periods it lacks, filling them from a platform's
history within its budget, and reading it for /summarize (the SQL is in storage/; how a
message's text and name are kept is bot/core/recording.py, shared with the live path)."""
