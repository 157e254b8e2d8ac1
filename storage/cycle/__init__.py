"""The IGF cycle: meeting dates, each group's cycle, milestone moves and marks, renewals."""
