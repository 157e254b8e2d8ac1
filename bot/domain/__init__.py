"""Pure domain logic (no I/O): vocabularies, charter questions, dates, coverage."""
