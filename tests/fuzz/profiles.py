"""Hypothesis settings for the fuzz suite: a fixed, derandomized example budget in CI (the
same examples every run, so CI time is bounded and a failure reproduces), and a deeper,
random profile for hunting by hand: HYPOTHESIS_PROFILE=deep .venv/bin/pytest tests/fuzz."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Examples per command and front end (docs/fuzz.md lists what they add up to).
EXAMPLES = {"ci": 12, "deep": 300}
# The front ends share one database per test across its examples (a fresh one per example
# would cost more than the examples): hypothesis is told that this is on purpose.
_SHARED = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=_SHARED,
)
settings.register_profile("deep", deadline=None, suppress_health_check=_SHARED)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)


def examples(scale: float = 1.0) -> int:
    """The example budget of one property, scaled for slower front ends."""
    return max(1, round(EXAMPLES[PROFILE] * scale))
