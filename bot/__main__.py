"""`python -m bot`: the same as the `leadbot` command."""

from bot.cli import main

main()
