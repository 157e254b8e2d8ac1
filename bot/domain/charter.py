"""The report's ten scoping questions (R1: focus and a desired outcome from the start)."""

from __future__ import annotations

CHARTER_QUESTIONS: tuple[str, ...] = (
    "What is the problem?",
    "What are the specific goals?",
    "What does success look like?",
    "Who else works on this?",
    "Are they better placed to do it?",
    "Should we affiliate with them instead?",
    "What is the value if nobody does it?",
    "Can we do it with our resources?",
    "Will those resources commit?",
    "Go or no-go?",
)

# Short labels for modals and narrow screens (Slack and Discord cap label lengths).
CHARTER_LABELS: tuple[str, ...] = (
    "The problem",
    "Specific goals",
    "What success looks like",
    "Who else works on it",
    "Are they better placed",
    "Affiliate instead?",
    "Value if nobody does it",
    "Enough resources?",
    "Will resources commit?",
    "Go / no-go",
)

CHARTER_SIZE = len(CHARTER_QUESTIONS)
