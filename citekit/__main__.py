"""``python -m citekit``: the same front door as the ``citekit`` command."""

from .cli import main

main()
