"""Comment rounds on drafts and the comments in them (people's words: see the consent rules)."""
