"""The edge that turns the domain's words into Telegram messages: plans, notices, cards."""
