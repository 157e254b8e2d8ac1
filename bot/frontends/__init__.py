"""Front ends, one package per platform (Slack, Discord, email, the console), each implementing
the contract in `base.py` and listed in `registry.py`: platform events in, neutral replies out,
and the delivery port the scheduler sends through."""
