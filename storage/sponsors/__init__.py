"""Sponsors of a group and their commitment state."""
