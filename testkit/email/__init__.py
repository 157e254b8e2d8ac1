"""Shared with bench/ (see testkit/__init__.py): the real-shaped mailing-list corpus."""
