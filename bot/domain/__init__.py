"""Pure domain rules (no I/O, no storage): vocabularies, charter questions, dates, timezones,
addresses, coverage, sponsorship, consensus."""
