"""Working groups and what hangs on them: bindings, members, charter, asks, participation."""
