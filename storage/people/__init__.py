"""People across groups: one timezone per (platform, user)."""
