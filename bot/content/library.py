"""The content library: Markdown files with front matter, one per item and locale."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.content.errors import ContentProblem
from bot.content.front_matter import read_front_matter
from bot.content.texts import LOCALES


class ItemMeta(BaseModel):
    """The front matter of a library item."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9-]{1,40}$")
    title: str = Field(min_length=1, max_length=120)
    persona: list[str] = Field(min_length=1)
    stage: str
    link: str | None = None
    # The needs (content/topics.yaml) an item helps with: it is offered only to those.
    topics: list[str] = Field(default_factory=list)

    @field_validator("link")
    @classmethod
    def _link_is_a_url(cls, link: str | None) -> str | None:
        if link is not None and not link.startswith(("https://", "http://")):
            raise ValueError("link must start with https:// or http://")
        return link


@dataclass(frozen=True)
class LibraryItem:
    """One piece of content a prospect can open."""

    id: str
    locale: str
    title: str
    personas: tuple[str, ...]
    stage: str
    link: str | None
    body: str
    path: Path
    lines: dict[str, int]
    topics: tuple[str, ...] = ()

    def line(self, key: str) -> int:
        """The line of a front-matter key, for error messages."""
        return self.lines.get(key, 2)


def load_library(directory: Path, problems: list[ContentProblem]) -> list[LibraryItem]:
    """Every item under content/library/<locale>/; problems name the file and line."""
    items: list[LibraryItem] = []
    seen: dict[tuple[str, str], Path] = {}
    for locale in LOCALES:
        for path in sorted((directory / locale).glob("*.md")):
            item = _load_item(path, locale, problems)
            if item is None:
                continue
            if (item.id, locale) in seen:
                problems.append(
                    ContentProblem(
                        path, 2, f"id {item.id!r} is used by {seen[(item.id, locale)].name} too"
                    )
                )
                continue
            seen[(item.id, locale)] = path
            items.append(item)
    return items


def _load_item(path: Path, locale: str, problems: list[ContentProblem]) -> LibraryItem | None:
    read = read_front_matter(path, problems)
    if read is None:
        return None
    meta, head, body = read
    try:
        parsed = ItemMeta.model_validate(meta)
    except ValidationError as error:
        keys = head.splitlines()
        for issue in error.errors():
            field = str(issue["loc"][0]) if issue["loc"] else ""
            line = next((i + 2 for i, k in enumerate(keys) if k.startswith(f"{field}:")), 2)
            problems.append(
                ContentProblem(path, line, f"{field or 'front matter'}: {issue['msg']}")
            )
        return None
    if not body.strip() and parsed.link is None:
        problems.append(ContentProblem(path, head.count("\n") + 3, "needs a body or a link"))
        return None
    lines = {key.split(":", 1)[0]: number + 2 for number, key in enumerate(head.splitlines())}
    return LibraryItem(
        parsed.id,
        locale,
        parsed.title,
        tuple(parsed.persona),
        parsed.stage,
        parsed.link,
        body.strip(),
        path,
        lines,
        tuple(parsed.topics),
    )
