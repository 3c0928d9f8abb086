"""`leadbot content …`: check the files in content/, audit the library, list open questions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from bot.cli.common import cli_settings, fail, in_database
from bot.content.errors import ContentError

if TYPE_CHECKING:
    from pathlib import Path

    from bot.content.catalog import Content

content_app = typer.Typer(no_args_is_help=True, help="Check the files in content/.")


def _load(content_dir: Path, failure: str | None = None) -> Content:
    """The content, or every problem on stdout and a failure line (default: the count)."""
    from bot.content.catalog import load_content

    try:
        return load_content(content_dir)
    except ContentError as error:
        for problem in error.problems:
            typer.echo(str(problem))
        fail(failure or f"{len(error.problems)} problem(s) in {content_dir}", 1)


@content_app.command("check")
def content_check() -> None:
    """Validate content/ and list every problem as file:line (exit status 1 on any)."""
    settings = cli_settings()
    content = _load(settings.content_dir)
    locales = ", ".join(content.texts.locales())
    typer.echo(
        f"content OK: locales {locales}, privacy notice {content.privacy_version}, "
        f"{len(content.personas.personas)} personas, {len(content.library)} library items, "
        f"{len(content.faq.faq)} FAQ entries, {len(content.nurture.sequences)} nurture "
        f"sequences, {len(content.nurture.campaigns)} campaign(s)"
    )
    from bot.content.answering import competing_warnings

    for warning in competing_warnings(settings.content_dir / "faq.yaml", content):
        typer.echo(f"warning: {warning}")


@content_app.command("audit")
def content_audit() -> None:
    """The persona × stage × locale matrix of library items, gaps marked."""
    from rich.table import Table

    from bot.content.audit import audit

    settings = cli_settings()
    content = _load(settings.content_dir, "fix content/ first: `leadbot content check`")
    cells = audit(content)
    out = Console(highlight=False)
    stages = [*content.stages.order, "customer"]
    for locale in sorted({cell.locale for cell in cells}):
        table = Table("persona", *stages, title=f"Library items, locale {locale}")
        for persona in content.personas.personas:
            row = [c for c in cells if c.locale == locale and c.persona == persona]
            by_stage = {c.stage: c.items for c in row}
            table.add_row(
                persona,
                *(", ".join(by_stage[s]) if by_stage[s] else "[bold red]GAP[/]" for s in stages),
            )
        out.print(table)
    gaps = [c for c in cells if not c.items]
    out.print(f"{len(content.library)} items, {len(cells)} cells, {len(gaps)} gap(s)")
    for gap in gaps:
        out.print(f"  gap: {gap.locale} · {gap.persona} · {gap.stage}")


@content_app.command("unanswered")
def content_unanswered(
    limit: Annotated[int, typer.Option(help="read at most this many, newest first")] = 1000,
    similar: Annotated[
        float, typer.Option(help="how alike two questions must be to count as one (0..1)")
    ] = 0.5,
) -> None:
    """Questions the bot could not answer, similar ones grouped with counts, most asked
    first, each with the FAQ entry or document that came closest: candidates for faq.yaml."""
    from bot.qualify.answering import group_unanswered
    from storage.lead_queries import unanswered_questions

    settings = cli_settings()
    content = _load(settings.content_dir, "fix content/ first: `leadbot content check`")
    rows = in_database(settings, lambda session: unanswered_questions(session, limit=limit))
    asked = [(row.locale, row.text) for row in rows or []]
    groups = group_unanswered(content.answerer, asked, similar)
    for group in groups:
        near = group.closest
        closest = f"{near.kind.value} {near.id} {near.score:.2f}" if near else "nothing"
        typer.echo(f"{group.count:4}x [{group.locale}] {group.texts[0]}  (closest: {closest})")
        for text in dict.fromkeys(group.texts[1:5]):
            typer.echo(f"        also: {text}")
    typer.echo(f"{len(asked)} unanswered question(s) in {len(groups)} group(s)")
