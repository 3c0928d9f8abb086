"""What an admin is told when an edit of content/ cannot be loaded."""

from __future__ import annotations

from bot.content.errors import ContentError


def content_report(error: ContentError, limit: int = 20) -> str:
    """A short report of what is wrong in content/, for an admin chat (developer-facing)."""
    lines = [str(problem) for problem in error.problems[:limit]]
    more = len(error.problems) - limit
    if more > 0:
        lines.append(f"… and {more} more (leadbot content check lists all)")
    return "content/ was not reloaded, the last good version keeps running:\n" + "\n".join(lines)
