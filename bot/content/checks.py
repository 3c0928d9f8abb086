"""Checks of the content files against each other: every reference must exist."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from bot.content.errors import ContentProblem
from bot.content.library import LibraryItem
from bot.content.schemas import (
    Faq,
    Nurture,
    Personas,
    Qualification,
    Scoring,
    Sequence,
    Stages,
    Topics,
)
from bot.content.text_contract import SUPPLIED
from bot.content.texts import LOCALES, Texts, placeholders


def cross_check(
    root: Path,
    texts: Texts,
    qualification: Qualification,
    topics: Topics,
    personas: Personas,
    scoring: Scoring,
) -> list[ContentProblem]:
    """The files against each other: every reference must exist, every text in every locale."""
    return [
        *_question_texts(root, texts, qualification),
        *_text_contract(root, texts),
        *_persona_topics(root, topics, personas),
        *_rule_values(root, topics, personas, scoring),
    ]


def _text_contract(root: Path, texts: Texts) -> Iterator[ContentProblem]:
    """Every text the code sends exists in every locale and asks only for the placeholders
    the code fills in (bot/content/text_contract.py)."""
    for locale in LOCALES:
        path = root / "locales" / f"{locale}.yaml"
        table = texts.by_locale[locale]
        for key in sorted(SUPPLIED.keys() - table.keys()):
            yield ContentProblem(path, 1, f"{key!r} is missing: the bot sends this text")
        for key, template in table.items():
            unknown = placeholders(template) - SUPPLIED.get(key, set())
            if unknown:
                yield ContentProblem(
                    path,
                    _line_with(path, "{" + sorted(unknown)[0] + "}"),
                    f"{key!r} uses {sorted(unknown)}, which the bot does not fill in "
                    f"(it supplies {sorted(SUPPLIED.get(key, set())) or 'none'})",
                )


def _line_with(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    return 1


def _question_texts(
    root: Path, texts: Texts, qualification: Qualification
) -> Iterator[ContentProblem]:
    """Each question asked and each quick reply offered has its text in every locale."""
    wanted = [
        (key, f"qualification.yaml asks about {slot!r}")
        for slot in qualification.order
        for key in (f"questions.{slot}.{text}" for text in ("ask", "retry", "resume"))
    ] + [
        (f"questions.{slot}.options.{option.key}", "qualification.yaml offers it as a button")
        for slot, options in qualification.options.items()
        for option in options
    ]
    for key, why in wanted:
        for locale in LOCALES:
            if key not in texts.by_locale[locale]:
                path = root / "locales" / f"{locale}.yaml"
                yield ContentProblem(path, 1, f"{key!r} is missing: {why}")


def _persona_topics(root: Path, topics: Topics, personas: Personas) -> Iterator[ContentProblem]:
    for name, persona in personas.personas.items():
        for topic in persona.topics:
            if topic not in topics.topics:
                message = f"persona {name!r} names unknown topic {topic!r}"
                yield ContentProblem(root / "personas.yaml", 1, message)


def _rule_values(
    root: Path, topics: Topics, personas: Personas, scoring: Scoring
) -> Iterator[ContentProblem]:
    known_by_fact = {"need": set(topics.topics), "persona": set(personas.personas)}
    for rule in scoring.fit.rules:
        known = known_by_fact.get(rule.fact)
        for value in rule.in_ or []:
            if known is not None and value not in known:
                message = f"rule {rule.id!r} names unknown {rule.fact} {value!r}"
                yield ContentProblem(root / "scoring.yaml", 1, message)


def check_library(
    library: list[LibraryItem], personas: Personas, stages: Stages, topics: Topics
) -> list[ContentProblem]:
    """Every item names personas, a stage and topics that exist."""
    problems = [
        ContentProblem(item.path, item.line("topics"), f"unknown topic {topic!r}")
        for item in library
        for topic in item.topics
        if topic not in topics.topics
    ]
    known_stages = {*stages.order, "customer"}
    for item in library:
        for persona in item.personas:
            if persona != "any" and persona not in personas.personas:
                problems.append(
                    ContentProblem(item.path, item.line("persona"), f"unknown persona {persona!r}")
                )
        if item.stage not in known_stages:
            message = f"unknown stage {item.stage!r} (one of {sorted(known_stages)})"
            problems.append(ContentProblem(item.path, item.line("stage"), message))
    return problems


class _Lines:
    """The first line of a file that contains a text: where an editor finds an entry."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines = path.read_text(encoding="utf-8").splitlines()

    def problem(self, text: str, message: str) -> ContentProblem:
        line = next((i + 1 for i, line in enumerate(self.lines) if text in line), 1)
        return ContentProblem(self.path, line, message)


def check_nurture(
    path: Path,
    nurture: Nurture,
    library: list[LibraryItem],
    personas: Personas,
    stages: Stages,
) -> list[ContentProblem]:
    """Sequences and campaigns name personas, stages and library items that exist."""
    lines = _Lines(path)
    known_stages = {*stages.order, "customer"}
    known_personas = {*personas.personas, "any"}
    items = {(item.id, item.locale) for item in library}
    problems = [
        problem
        for sequence in nurture.sequences
        for problem in _sequence(lines, sequence, known_personas, known_stages, items)
    ]
    for campaign in nurture.campaigns:
        for stage in campaign.stages:
            if stage not in known_stages:
                problems.append(lines.problem(f"id: {campaign.id}", f"unknown stage {stage!r}"))
    return problems


def _sequence(
    lines: _Lines,
    sequence: Sequence,
    known_personas: set[str],
    known_stages: set[str],
    items: set[tuple[str, str]],
) -> Iterator[ContentProblem]:
    where = f"id: {sequence.id}"
    for persona in sequence.personas:
        if persona not in known_personas:
            yield lines.problem(where, f"unknown persona {persona!r}")
    if sequence.stage not in known_stages:
        yield lines.problem(where, f"unknown stage {sequence.stage!r}")
    for step in sequence.steps:
        for locale in LOCALES:
            if step.item is not None and (step.item, locale) not in items:
                message = f"library item {step.item!r} has no {locale!r} version"
                yield lines.problem(f"item: {step.item}", message)
            if step.text is not None and locale not in step.text:
                yield lines.problem(f"id: {step.id}", f"text missing for {locale!r}")


def check_faq_documents(path: Path, faq: Faq, library: list[LibraryItem]) -> list[ContentProblem]:
    """An FAQ entry's `document` is a library item in every locale."""
    lines = _Lines(path)
    items = {(item.id, item.locale) for item in library}
    return [
        lines.problem(
            f"document: {entry.document}",
            f"library item {entry.document!r} has no {locale!r} version",
        )
        for entry in faq.faq.values()
        if entry.document is not None
        for locale in LOCALES
        if (entry.document, locale) not in items
    ]
