"""Front ends: each only translates platform events into invocations and replies back."""
