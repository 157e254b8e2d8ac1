"""Outputs, their uptake, and what the cycle (issue 26) tells about them."""
