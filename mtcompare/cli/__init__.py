"""The ``mtcompare`` command line: thin commands over the Python API (see ``app``)."""

from mtcompare.cli.app import main

__all__ = ["main"]
