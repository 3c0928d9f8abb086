"""Everything in content/, loaded and checked as one unit."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from bot.content.answering import answering_settings, build_answerer
from bot.content.checks import check_faq_documents, check_library, check_nurture, cross_check
from bot.content.errors import ContentError, ContentProblem
from bot.content.faq_examples import check_faq_examples, load_faq_examples
from bot.content.library import LibraryItem, load_library
from bot.content.nlu import load_nlu
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
from bot.content.texts import Texts, load_texts
from bot.qualify.answering import Answerer, LabelledQuestion, Settings
from bot.qualify.nlu.classify.shipped import shipped_models
from bot.qualify.nlu.extractor import Extractor


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
    extractor: Extractor
    faq_examples: tuple[LabelledQuestion, ...] = ()

    @property
    def privacy_version(self) -> str:
        """The version of the privacy notice a consent refers to."""
        return next(iter(self.privacy.values())).version

    @cached_property
    def answerer(self) -> Answerer:
        """The question answerer for this content version, trained once on first use
        (ContentStore builds it at load, so no prospect waits for it)."""
        return build_answerer(self.faq, self.library, self.faq_examples)

    @property
    def answerer_settings(self) -> Settings:
        """faq.yaml's thresholds as the answerer's settings."""
        return answering_settings(self.faq.answering)

    def retention_months(self, configured: int) -> int:
        """How long data is kept after the last message: the setting, never longer than
        any privacy notice promises."""
        promised = [n.retention_months for n in self.privacy.values() if n.retention_months]
        return min([configured, *promised])


def load_content(root: Path) -> Content:
    """Load content/ or raise ContentError listing every problem as file:line."""
    if not root.is_dir():
        message = "no content directory here: set LEADBOT_CONTENT_DIR to your content/ folder"
        raise ContentError([ContentProblem(root, 1, message)])
    problems: list[ContentProblem] = []
    texts = _texts(root, problems)
    privacy = load_privacy(root / "privacy", problems)
    qualification = load_model(root / "qualification.yaml", Qualification, problems)
    topics = load_model(root / "topics.yaml", Topics, problems)
    personas = load_model(root / "personas.yaml", Personas, problems)
    stages = load_model(root / "stages.yaml", Stages, problems)
    scoring = load_model(root / "scoring.yaml", Scoring, problems)
    faq = load_model(root / "faq.yaml", Faq, problems)
    nurture = load_model(root / "nurture.yaml", Nurture, problems)
    library = load_library(root / "library", problems)
    nlu = load_nlu(root / "nlu", problems)
    examples = load_faq_examples(root / "faq_examples", problems)
    if problems:
        raise ContentError(problems)
    assert texts and qualification and topics and personas and stages and scoring and faq
    assert nurture is not None and nlu is not None
    content = Content(
        *(texts, privacy, qualification, topics, personas, stages, scoring),
        tuple(library),
        faq,
        nurture,
        Extractor(nlu.sources, nlu.function_words, nlu.dialog_cues, shipped_models()),
        tuple(question for _, _, question in examples),
    )
    problems = check_references(root, content)
    problems += check_faq_examples(examples, faq.faq, (item.id for item in library))
    if problems:
        raise ContentError(problems)
    return content


def _texts(root: Path, problems: list[ContentProblem]) -> Texts | None:
    try:
        return load_texts(root / "locales")
    except ContentError as error:
        problems.extend(error.problems)
        return None


def check_references(root: Path, content: Content) -> list[ContentProblem]:
    """The files against each other: every name one file uses, another defines."""
    library = list(content.library)
    return [
        *cross_check(
            root,
            content.texts,
            content.qualification,
            content.topics,
            content.personas,
            content.scoring,
        ),
        *check_library(library, content.personas, content.stages, content.topics),
        *check_faq_documents(root / "faq.yaml", content.faq, library),
        *check_nurture(
            root / "nurture.yaml", content.nurture, library, content.personas, content.stages
        ),
    ]
