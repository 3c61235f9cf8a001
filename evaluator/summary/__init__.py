"""A run's summary figures (means, bootstrap intervals, the split by category): pure
computation over task scores. The records (``evaluator.results``) write them into
results.json and the reports (``evaluator.reporting``) read and print them, so they sit
below both."""
