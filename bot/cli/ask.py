"""`leadbot ask`: the question-answering contract, and one question explained for editors."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli.common import cli_settings, err, fail
from bot.content.errors import ContentError

if TYPE_CHECKING:
    from bot.content.catalog import Content


def _content() -> Content:
    from bot.content.catalog import load_content

    settings = cli_settings()
    try:
        return load_content(settings.content_dir)
    except ContentError as error:
        # stdout carries the answers; the problems go to stderr.
        for problem in error.problems:
            err.print(str(problem), markup=False, highlight=False)
        fail("fix content/ first: `leadbot content check`", 1)


def ask(
    question: Annotated[
        str | None, typer.Argument(help="one question; without it, JSON Lines on stdin")
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="the top candidates with scores and why")
    ] = False,
    lang: Annotated[
        str | None, typer.Option(help="de or en; by default the language it is written in")
    ] = None,
) -> None:
    """Answer questions as the bot does (../shared/eval/FAQ_CONTRACT.md), from the
    configured content: JSON Lines on stdin, one answer line each on stdout."""
    from bot.qualify.answering import explain as explained
    from bot.qualify.answering import main

    content = _content()
    answerer = content.answerer
    if question is None:
        raise typer.Exit(main(sys.stdin, sys.stdout, answerer))
    if lang is not None and lang not in answerer.langs:
        fail(f"--lang must be one of {', '.join(answerer.langs)}", 2)
    language = lang or content.extractor.language_of(question, answerer.langs[0])
    answer = answerer.answer(question, language)
    lines = explained(answer, answerer.settings.shown)
    typer.echo(f"[{language}] {question}")
    for line in lines if explain else lines[:3]:
        typer.echo(line)
