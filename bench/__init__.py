"""Benchmarks, run by hand; their results are in docs/. They use testkit/, never tests/."""
