"""The content audit: which persona meets which library items at which stage, per language."""

from __future__ import annotations

from dataclasses import dataclass

from bot.content.catalog import Content
from bot.content.texts import LOCALES


@dataclass(frozen=True)
class AuditCell:
    locale: str
    persona: str
    stage: str
    items: tuple[str, ...]


def audit(content: Content) -> list[AuditCell]:
    """Every persona × stage × locale cell with the ids of the items that serve it."""
    stages = [*content.stages.order, "customer"]
    cells = []
    for locale in LOCALES:
        for persona in content.personas.personas:
            for stage in stages:
                items = tuple(
                    item.id
                    for item in content.library
                    if item.locale == locale
                    and item.stage == stage
                    and (persona in item.personas or "any" in item.personas)
                )
                cells.append(AuditCell(locale, persona, stage, items))
    return cells
