"""Shared with bench/ (see testkit/__init__.py)."""
