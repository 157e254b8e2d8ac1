"""The summarizer's evaluation set: real-shaped discussions with what a good draft must say,
one JSON file each (bot/summarizer/evaluate.py)."""
