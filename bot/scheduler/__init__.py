"""Scheduled messages: weekly sponsor nudges, deadline reminders, coverage warnings, welcomes.

The state lives in the database; a sweep computes what is due (`due`, `plan`), claims each
message by inserting its row in the `delivery` table before sending it (`sweep`), and sends it
through the delivery ports the process hands in (`cli`; bot/frontends/registry.py builds them).
`send_now` sends what a command made due at once; `service` runs sweeps with APScheduler.
"""
