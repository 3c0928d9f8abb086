"""The acceptance suite runs on the shipped content/, as the bot does: an editor's change
that breaks what prospects see fails here, while the logic tests keep their frozen copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.store import ContentStore
from bot.settings import DEFAULT_CONTENT_DIR, Settings


@pytest.fixture(scope="session")
def frozen_content() -> ContentStore:
    """Here: the shipped content, loaded once."""
    return ContentStore(DEFAULT_CONTENT_DIR)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path, content_dir=DEFAULT_CONTENT_DIR)
