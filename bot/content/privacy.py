"""The versioned privacy notice the prospect agrees to."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.content.errors import ContentProblem
from bot.content.front_matter import read_front_matter
from bot.content.texts import LOCALES


@dataclass(frozen=True)
class PrivacyNotice:
    """One locale's privacy notice: its version, optional public link and full text."""

    version: str
    url: str | None
    body: str
    # The longest time data is kept after the last message, as the notice promises it.
    retention_months: int | None = None


def load_privacy(directory: Path, problems: list[ContentProblem]) -> dict[str, PrivacyNotice]:
    """Load content/privacy/<locale>.md (YAML front matter, then Markdown)."""
    notices: dict[str, PrivacyNotice] = {}
    for locale in LOCALES:
        notice = _read_notice(directory / f"{locale}.md", locale, problems)
        if notice is not None:
            notices[locale] = notice
    versions = {notice.version for notice in notices.values()}
    if len(versions) > 1:
        for locale in notices:
            problems.append(
                ContentProblem(
                    directory / f"{locale}.md",
                    2,
                    f"all locales must carry the same version, found {sorted(versions)}",
                )
            )
    return notices


def _read_notice(path: Path, locale: str, problems: list[ContentProblem]) -> PrivacyNotice | None:
    """One notice file, or None with the problem recorded."""
    if not path.exists():
        problems.append(ContentProblem(path, 1, f"missing privacy notice for {locale!r}"))
        return None
    read = read_front_matter(path, problems)
    if read is None:
        return None
    meta, head, body = read
    version = meta.get("version")
    if not version:
        problems.append(ContentProblem(path, 2, "front matter needs a 'version'"))
        return None
    if not body.strip():
        problems.append(ContentProblem(path, head.count("\n") + 3, "the notice has no text"))
        return None
    months = meta.get("retention_months")
    if months is not None and (not isinstance(months, int) or str(months) not in body):
        problems.append(
            ContentProblem(path, 2, "retention_months must be a whole number the text names")
        )
        return None
    return PrivacyNotice(str(version), meta.get("url"), body.strip(), months)
