"""A Bot API stand-in for end-to-end tests: Telegram's offsets, long polling and faults."""
