"""`python -m incar` is the same as the `incar` command (used by tests to start servers)."""

from incar.cli import main

main()
