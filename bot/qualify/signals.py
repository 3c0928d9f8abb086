"""Need topics, buyer persona and buying stage, read from facts and words per content/."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.content.schemas import Personas, Stages, Topics


def words_for(table: Mapping[Any, list[str]], language: str) -> list[str]:
    """The words of one language from a content table keyed by locale (none if it has none).

    The tables are keyed by the schema's locale type; a language read from a message is a
    plain string, so the lookup takes any key."""
    return table.get(language, [])


def need_topic(topics: Topics, text: str, locale: str) -> str | None:
    """The topic whose words the need description uses most (ties: first in the file)."""
    lowered = text.lower()
    best, best_hits = None, 0
    for name, words in topics.topics.items():
        hits = sum(word in lowered for word in words_for(words, locale))
        if hits > best_hits:
            best, best_hits = name, hits
    return best


def persona_for(
    personas: Personas, facts: dict[str, Any], texts: list[str], locale: str
) -> str | None:
    """The persona with the most cue weight at or above min_score, or None."""
    lowered = " ".join(texts).lower()
    role = facts.get("role")
    size = facts.get("company_size")
    need = facts.get("need")
    topic = need.get("topic") if isinstance(need, dict) else None
    weights = personas.weights
    best, best_score = None, 0
    for name, persona in personas.personas.items():
        score = 0
        if role and role in persona.roles:
            score += weights["role"]
        if isinstance(size, dict) and _size_fits(size, persona.size.min, persona.size.max):
            score += weights["size"]
        if topic and topic in persona.topics:
            score += weights["topic"]
        words = words_for(persona.words, locale)
        score += weights["word"] * sum(word in lowered for word in words)
        industries = words_for(persona.industries, locale)
        if any(industry in lowered for industry in industries):
            score += weights.get("industry", 0)
        if score > best_score:
            best, best_score = name, score
    return best if best_score >= personas.min_score else None


def _size_fits(size: dict[str, Any], low: int | None, high: int | None) -> bool:
    values = [v for v in (size.get("min"), size.get("max")) if v is not None]
    if not values:
        return False
    middle = sum(values) / len(values)
    return (low is None or middle >= low) and (high is None or middle <= high)


def stage_after(stages: Stages, current: str, text: str, locale: str) -> str:
    """The furthest stage whose words the message uses; stages never move back."""
    if current not in stages.order:
        return current  # "customer" and any stage outside the order stay as they are
    lowered = text.lower()
    reached = stages.order.index(current)
    for index, name in enumerate(stages.order):
        words = words_for(stages.stages[name].words, locale)
        if index > reached and any(word in lowered for word in words):
            reached = index
    return stages.order[reached]
