"""Reporters: each turns results into one output format, and does nothing else."""
