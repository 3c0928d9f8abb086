"""`leadbot nlu`: the extraction contract, JSON Lines in and out."""

from __future__ import annotations

import sys

from bot.cli.common import cli_settings


def nlu() -> None:
    """Answer extraction: JSON Lines on stdin, one answer line each on stdout."""
    from bot.qualify.nlu.contract import answer_lines

    settings = cli_settings()
    model = {"de": settings.spacy_model_de, "en": settings.spacy_model_en}
    for line in answer_lines(sys.stdin, model=model):
        sys.stdout.write(line + "\n")
    sys.stdout.flush()
