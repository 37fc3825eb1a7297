"""The benchmark harness: `python bench/run.py` (README.md here says what it measures)."""
