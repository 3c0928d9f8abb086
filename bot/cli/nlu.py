"""`leadbot nlu`: the extraction contract, JSON Lines in and out."""

from __future__ import annotations

import sys

from bot.cli.common import cli_settings, err, fail
from bot.content.errors import ContentError


def nlu() -> None:
    """Answer extraction: JSON Lines on stdin, one answer line each on stdout."""
    from bot.content.catalog import load_content
    from bot.qualify.nlu.contract import answer_lines

    settings = cli_settings()
    model = {"de": settings.spacy_model_de, "en": settings.spacy_model_en}
    try:
        extractor = load_content(settings.content_dir).extractor
    except ContentError as error:
        # stdout carries the answers; the problems go to stderr.
        for problem in error.problems:
            err.print(str(problem), markup=False, highlight=False)
        fail("fix content/ first: `leadbot content check`", 1)
    for line in answer_lines(extractor, sys.stdin, model=model):
        sys.stdout.write(line + "\n")
    sys.stdout.flush()
