"""LLM prompt templates, one file per stage (loaded with importlib.resources)."""
