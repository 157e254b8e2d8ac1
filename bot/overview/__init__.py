"""The MAG's view across all groups (R3: connect the dots): overview, overlaps, outcomes."""
