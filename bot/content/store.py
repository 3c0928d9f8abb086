"""The content a running bot uses now; a reload swaps it only when the new files are valid."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.content.catalog import Content, load_content

log = logging.getLogger(__name__)


class ContentStore:
    """Holds the last good Content; `reload` keeps it when an edit is broken."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.current: Content = load_content(root)

    def reload(self) -> Content:
        """Load content/ again; raises ContentError and keeps the old content on a bad edit."""
        self.current = load_content(self.root)
        log.info("content reloaded from %s", self.root)
        return self.current
