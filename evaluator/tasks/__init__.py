"""Task records, the task folder format and loading."""
