"""Tests of the sandbox package: unit tests without Docker, and real-container tests."""
