"""Scores as a pure function of saved evidence: metrics, transitions, OCR, images."""
