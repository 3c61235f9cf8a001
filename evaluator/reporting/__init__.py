"""Human-readable views of a run: report.md and report.html."""
