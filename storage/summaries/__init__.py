"""Summaries: draft records, opt-outs and the per-group summary lock."""
