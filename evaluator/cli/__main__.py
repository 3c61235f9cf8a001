"""``python -m evaluator.cli``: the same as the ``iwr`` command."""

from evaluator.cli.main import main

main()
