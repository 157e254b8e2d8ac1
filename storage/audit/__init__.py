"""The audit log every repository writes."""
