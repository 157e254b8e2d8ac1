"""Email: identities, codes, list bindings, seen messages, IMAP sources."""
