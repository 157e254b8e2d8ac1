"""Slack's own tables (installs, OAuth state, seen events): only the Slack front end uses them."""
