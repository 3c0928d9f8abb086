"""Everything in content/, loaded and checked as one unit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.content.errors import ContentError, ContentProblem
from bot.content.privacy import PrivacyNotice, load_privacy
from bot.content.texts import Texts, load_texts


@dataclass(frozen=True)
class Content:
    """The dialog material the bot runs on."""

    texts: Texts
    privacy: dict[str, PrivacyNotice]

    @property
    def privacy_version(self) -> str:
        """The version of the privacy notice a consent refers to."""
        return next(iter(self.privacy.values())).version


def load_content(root: Path) -> Content:
    """Load content/ or raise ContentError listing every problem as file:line."""
    problems: list[ContentProblem] = []
    texts: Texts | None = None
    try:
        texts = load_texts(root / "locales")
    except ContentError as error:
        problems.extend(error.problems)
    privacy = load_privacy(root / "privacy", problems)
    if problems or texts is None:
        raise ContentError(problems)
    return Content(texts=texts, privacy=privacy)
