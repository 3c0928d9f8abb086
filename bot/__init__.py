"""leadbot: conversational lead qualification on Telegram."""
