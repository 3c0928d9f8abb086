"""The `leadbot` command: one module per command group, joined in bot/cli/main.py."""

from bot.cli.main import app, main

__all__ = ["app", "main"]
