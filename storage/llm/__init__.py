"""Registered LLM endpoints."""
