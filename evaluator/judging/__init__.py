"""Judging one page in a sandbox, and the judging profiles (offline, paper)."""
