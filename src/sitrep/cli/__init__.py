"""The command line: parse arguments, call the library, print."""

from sitrep.cli.main import main

__all__ = ["main"]
