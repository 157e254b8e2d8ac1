"""The scheduler's delivery table: one row per scheduled message, claimed before it is sent."""
