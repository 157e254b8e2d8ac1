"""Consensus statements and votes."""
