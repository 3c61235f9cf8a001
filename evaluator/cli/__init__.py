"""The ``iwr`` command."""
