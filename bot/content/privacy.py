"""The versioned privacy notice the prospect agrees to."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.content.errors import ContentProblem
from bot.content.texts import LOCALES


@dataclass(frozen=True)
class PrivacyNotice:
    """One locale's privacy notice: its version, optional public link and full text."""

    version: str
    url: str | None
    body: str


def load_privacy(directory: Path, problems: list[ContentProblem]) -> dict[str, PrivacyNotice]:
    """Load content/privacy/<locale>.md (YAML front matter, then Markdown)."""
    notices: dict[str, PrivacyNotice] = {}
    for locale in LOCALES:
        path = directory / f"{locale}.md"
        if not path.exists():
            problems.append(ContentProblem(path, 1, f"missing privacy notice for {locale!r}"))
            continue
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---\n") or "\n---\n" not in text[4:]:
            problems.append(ContentProblem(path, 1, "expected front matter between '---' lines"))
            continue
        head, body = text[4:].split("\n---\n", 1)
        try:
            meta = yaml.safe_load(head) or {}
        except yaml.YAMLError as error:
            problems.append(ContentProblem(path, 2, f"front matter is not YAML: {error}"))
            continue
        version = meta.get("version") if isinstance(meta, dict) else None
        if not version:
            problems.append(ContentProblem(path, 2, "front matter needs a 'version'"))
            continue
        if not body.strip():
            problems.append(ContentProblem(path, head.count("\n") + 3, "the notice has no text"))
            continue
        notices[locale] = PrivacyNotice(str(version), meta.get("url"), body.strip())
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
