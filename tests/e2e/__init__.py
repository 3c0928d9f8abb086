"""End-to-end: the real leadbot process against the Bot API stand-in."""
