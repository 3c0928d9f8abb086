"""content/nlu/: the extraction's word lists, read and checked like every other content file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.content.errors import ContentError, ContentProblem
from bot.content.yaml_lines import load_yaml
from bot.qualify.nlu.dialog_cues import DialogCues, compile_dialog_cues
from bot.qualify.nlu.lexicon import LANGUAGES, LexiconSource, Locator, compile_lexicon


@dataclass(frozen=True)
class NluContent:
    """Each language's lexicon source (plain data, handed to spaCy as config) and the
    function words that tell the languages apart."""

    sources: Mapping[str, LexiconSource]
    function_words: Mapping[str, frozenset[str]]
    dialog_cues: DialogCues


def load_nlu(directory: Path, problems: list[ContentProblem]) -> NluContent | None:
    """Read content/nlu/ and compile every language once to check it; None on a problem."""
    try:
        common, _ = load_yaml(directory / "common.yaml")
        numbers, _ = load_yaml(directory / "numbers.yaml")
        files = {lang: load_yaml(directory / f"{lang}.yaml") for lang in LANGUAGES}
    except ContentError as error:
        problems.extend(error.problems)
        return None
    sources: dict[str, LexiconSource] = {}
    for lang, (data, lines) in files.items():
        sources[lang] = _plain(
            {
                "lang": lang,
                "words": data,
                "common": common,
                "numbers": (numbers or {}).get(lang, {}),
                "foreign_periods": _foreign_periods(files, lang),
            }
        )
        try:
            compile_lexicon(sources[lang], Locator(directory / f"{lang}.yaml", lines))
        except ContentError as error:
            problems.extend(error.problems)
    table = (common or {}).get("function_words", {})
    function_words = {
        lang: frozenset(str(w).lower() for w in table.get(lang, [])) for lang in LANGUAGES
    }
    dialog_cues = _dialog_cues(directory / "dialog.yaml", problems)
    if problems or dialog_cues is None:
        return None
    return NluContent(sources, function_words, dialog_cues)


def _dialog_cues(path: Path, problems: list[ContentProblem]) -> DialogCues | None:
    """dialog.yaml: the interim word lists of the dialog cues (see dialog_cues.py)."""
    try:
        data, lines = load_yaml(path)
        return compile_dialog_cues(data, Locator(path, lines))
    except ContentError as error:
        problems.extend(error.problems)
        return None


def _foreign_periods(files: Mapping[str, tuple[Any, Any]], lang: str) -> dict[str, list[str]]:
    """The period words of the other languages ("pro Jahr" in an English message)."""
    merged: dict[str, list[str]] = {}
    for other, (data, _) in files.items():
        if other != lang:
            for name, patterns in (data or {}).get("periods", {}).items():
                merged.setdefault(name, []).extend(patterns)
    return merged


def _plain(value: Any) -> Any:
    """JSON-shaped data for spaCy's config: string keys; YAML's null keys ('null: 0') dropped."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items() if k is not None}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
