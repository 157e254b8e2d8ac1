"""Scheduled messages: weekly sponsor nudges, deadline reminders, coverage warnings.

The state lives in the database; a sweep computes what is due (`due`, `plan`), claims each
message through the `delivery` outbox before sending it (`outbox`), and sends it through the
front ends' delivery ports (`ports`). `service` runs sweeps with APScheduler.
"""
