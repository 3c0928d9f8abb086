"""Channels that deliver updates to the dispatcher: Telegram, and the local console."""
