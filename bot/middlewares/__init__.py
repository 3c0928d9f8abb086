"""Per-update middlewares, registered in order by bot.factory."""
