"""Orchestrating a run: generate, judge, score, resume."""
