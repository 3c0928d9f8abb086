"""Everything in content/, loaded and checked as one unit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.content.errors import ContentError, ContentProblem
from bot.content.library import LibraryItem, load_library
from bot.content.privacy import PrivacyNotice, load_privacy
from bot.content.schemas import (
    Faq,
    Nurture,
    Personas,
    Qualification,
    Scoring,
    Stages,
    Topics,
    load_model,
)
from bot.content.texts import LOCALES, Texts, load_texts


@dataclass(frozen=True)
class Content:
    """The dialog material the bot runs on."""

    texts: Texts
    privacy: dict[str, PrivacyNotice]
    qualification: Qualification
    topics: Topics
    personas: Personas
    stages: Stages
    scoring: Scoring
    library: tuple[LibraryItem, ...]
    faq: Faq
    nurture: Nurture

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
    qualification = load_model(root / "qualification.yaml", Qualification, problems)
    topics = load_model(root / "topics.yaml", Topics, problems)
    personas = load_model(root / "personas.yaml", Personas, problems)
    stages = load_model(root / "stages.yaml", Stages, problems)
    scoring = load_model(root / "scoring.yaml", Scoring, problems)
    faq = load_model(root / "faq.yaml", Faq, problems)
    nurture = load_model(root / "nurture.yaml", Nurture, problems)
    library = load_library(root / "library", problems)
    if not problems:
        assert texts and qualification and topics and personas and stages and scoring
        problems.extend(_cross_check(root, texts, qualification, topics, personas, scoring))
        problems.extend(_check_library(library, personas, stages))
        assert nurture is not None
        problems.extend(_check_nurture(root / "nurture.yaml", nurture, library, personas, stages))
    if problems:
        raise ContentError(problems)
    assert texts and qualification and topics and personas and stages and scoring and faq
    assert nurture is not None
    return Content(
        texts,
        privacy,
        qualification,
        topics,
        personas,
        stages,
        scoring,
        tuple(library),
        faq,
        nurture,
    )


def _check_nurture(
    path: Path,
    nurture: Nurture,
    library: list[LibraryItem],
    personas: Personas,
    stages: Stages,
) -> list[ContentProblem]:
    """Sequences and campaigns name personas, stages and library items that exist."""
    problems = []
    lines = path.read_text(encoding="utf-8").splitlines()

    def line_of(text: str) -> int:
        return next((i + 1 for i, line in enumerate(lines) if text in line), 1)

    known_personas = {*personas.personas, "any"}
    known_stages = {*stages.order, "customer"}
    items = {(item.id, item.locale) for item in library}
    for sequence in nurture.sequences:
        where = line_of(f"id: {sequence.id}")
        for persona in sequence.personas:
            if persona not in known_personas:
                problems.append(ContentProblem(path, where, f"unknown persona {persona!r}"))
        if sequence.stage not in known_stages:
            problems.append(ContentProblem(path, where, f"unknown stage {sequence.stage!r}"))
        for step in sequence.steps:
            for locale in LOCALES:
                if step.item is not None and (step.item, locale) not in items:
                    problems.append(
                        ContentProblem(
                            path,
                            line_of(f"item: {step.item}"),
                            f"library item {step.item!r} has no {locale!r} version",
                        )
                    )
                if step.text is not None and locale not in step.text:
                    problems.append(
                        ContentProblem(
                            path, line_of(f"id: {step.id}"), f"text missing for {locale!r}"
                        )
                    )
    for campaign in nurture.campaigns:
        for stage in campaign.stages:
            if stage not in known_stages:
                problems.append(
                    ContentProblem(path, line_of(f"id: {campaign.id}"), f"unknown stage {stage!r}")
                )
    return problems


def _check_library(
    library: list[LibraryItem], personas: Personas, stages: Stages
) -> list[ContentProblem]:
    """Every item names personas and a stage that exist."""
    problems = []
    known_stages = {*stages.order, "customer"}
    for item in library:
        for persona in item.personas:
            if persona != "any" and persona not in personas.personas:
                problems.append(
                    ContentProblem(item.path, item.line("persona"), f"unknown persona {persona!r}")
                )
        if item.stage not in known_stages:
            problems.append(
                ContentProblem(
                    item.path,
                    item.line("stage"),
                    f"unknown stage {item.stage!r} (one of {sorted(known_stages)})",
                )
            )
    return problems


def _cross_check(
    root: Path,
    texts: Texts,
    qualification: Qualification,
    topics: Topics,
    personas: Personas,
    scoring: Scoring,
) -> list[ContentProblem]:
    """The files against each other: every reference must exist, every text in every locale."""
    problems = []
    for slot in qualification.order:
        for locale in LOCALES:
            for key in (f"questions.{slot}.ask", f"questions.{slot}.retry"):
                if key not in texts.by_locale[locale]:
                    problems.append(
                        ContentProblem(
                            root / "locales" / f"{locale}.yaml",
                            1,
                            f"{key!r} is missing: qualification.yaml asks about {slot!r}",
                        )
                    )
    for option_slot, options in qualification.options.items():
        for option in options:
            key = f"questions.{option_slot}.options.{option.key}"
            for locale in LOCALES:
                if key not in texts.by_locale[locale]:
                    problems.append(
                        ContentProblem(
                            root / "locales" / f"{locale}.yaml",
                            1,
                            f"{key!r} is missing: qualification.yaml offers it as a button",
                        )
                    )
    for name, persona in personas.personas.items():
        for topic in persona.topics:
            if topic not in topics.topics:
                problems.append(
                    ContentProblem(
                        root / "personas.yaml",
                        1,
                        f"persona {name!r} names unknown topic {topic!r}",
                    )
                )
    for rule in scoring.fit.rules:
        known: set[str] | None = {
            "need": set(topics.topics),
            "persona": set(personas.personas),
        }.get(rule.fact)
        for value in rule.in_ or []:
            if known is not None and value not in known:
                problems.append(
                    ContentProblem(
                        root / "scoring.yaml",
                        1,
                        f"rule {rule.id!r} names unknown {rule.fact} {value!r}",
                    )
                )
    return problems
