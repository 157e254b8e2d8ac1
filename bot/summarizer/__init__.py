"""Discussion → draft recommendations with citations: by an LLM (map-reduce over an
OpenAI-compatible endpoint) or, with no key configured, by an offline extractive drafter.

Nothing here knows Slack, Discord or the database: it takes ChatMessages and returns a Draft.
"""

from bot import lazy

# The openai client is imported when a summary first calls an LLM, not with the bot.
lazy.defer("openai")
