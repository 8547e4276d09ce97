"""Allow `python -m apiregen`."""

from apiregen.cli import main

main()
