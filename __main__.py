"""``python -m megaroth``: the same command as ``megaroth``."""

from megaroth.cli import main

main(prog_name="megaroth")
