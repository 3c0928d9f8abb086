"""The content a running bot uses now; a reload swaps it only when the new files are valid."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from bot.content.catalog import Content, load_content
from bot.content.errors import ContentError

log = logging.getLogger(__name__)


class ContentStore:
    """Holds the last good Content; `reload` keeps it when an edit is broken."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.current: Content = _ready(load_content(root))
        self._fingerprint = self.fingerprint()

    def fingerprint(self) -> tuple[tuple[str, int, int], ...]:
        """Name, size and modification time of every file: changes when an editor saves."""
        files = sorted(p for p in self.root.rglob("*") if p.is_file())
        return tuple(
            (str(p.relative_to(self.root)), p.stat().st_size, p.stat().st_mtime_ns) for p in files
        )

    def reload(self) -> Content:
        """Load content/ again; raises ContentError and keeps the old content on a bad edit."""
        self._fingerprint = self.fingerprint()
        self.current = _ready(load_content(self.root))
        log.info("content reloaded from %s", self.root)
        return self.current

    def reload_if_changed(self) -> ContentError | bool:
        """Reload after an edit: True if reloaded, False if nothing changed, or the error."""
        if self.fingerprint() == self._fingerprint:
            return False
        try:
            self.reload()
        except ContentError as error:
            log.warning(
                "content/ has %d problem(s); keeping the last good content", len(error.problems)
            )
            return error
        return True


def _ready(content: Content) -> Content:
    """Content with its question answerer trained (about 0.7 s with 800 labelled questions),
    so that the first prospect's question after a start or a reload does not wait for it."""
    started = time.perf_counter()
    _ = content.answerer
    log.info("question answerer built in %.2f s", time.perf_counter() - started)
    return content
