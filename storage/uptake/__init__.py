"""Outputs and the evidence of their uptake (issue 27)."""
