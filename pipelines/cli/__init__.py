"""The `thidua` command: its sub-commands (commands.py), the refresh and watch they run."""

from pipelines.cli.commands import build_parser, entry, main

__all__ = ["build_parser", "entry", "main"]
