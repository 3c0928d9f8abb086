"""One lead's story as tables: facts with quotes, score changes, lifecycle, events."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from rich.console import Console
from rich.text import Text

from bot.cli.common import PlainTable
from bot.content.catalog import load_content
from bot.presentation.facts_text import fact_text
from storage.lead_queries import LeadStory


def fact_value(kind: str, value: object, content_dir: Path) -> str:
    """A fact value as words ("up to 50,000 EUR a month"), not JSON."""
    try:
        texts = load_content(content_dir).texts
        return re.sub(r"<[^>]+>", "", html.unescape(fact_text(texts, "en", kind, value)))
    except Exception:  # content broken or an unexpected value: the raw value still helps
        return json.dumps(value, ensure_ascii=False)


def print_story(out: Console, story: LeadStory, content_dir: Path, *, why: str = "") -> None:
    """Everything behind one lead, for `leadbot leads show`; `why` is the label in words."""
    lead = story.lead
    out.rule(Text(f"Lead {lead.id}: {lead.name}"))
    out.print(
        f"source {lead.source or '-'} · language {story.language} · consent {story.consent} · "
        f"persona {lead.persona or '-'} · stage {lead.stage} · lifecycle {lead.lifecycle}",
        markup=False,
    )
    out.print(
        f"fit {story.fit_score:g} (grade {lead.grade or '-'}) · engagement "
        f"{lead.engagement:.1f} · temperature [bold]{lead.temperature}[/bold]"
        + (" · sales-ready" if lead.sales_ready else "")
    )
    if why:
        out.print(f"why: {why}", markup=False)
    out.print(_facts(story, content_dir))
    out.print(_score_changes(story))
    out.print(_lifecycle(story))
    out.print(_events(story))
    for handover in story.handovers:
        out.print(
            f"handover: {handover.reason} ({handover.status}) since "
            f"{handover.created_at:%Y-%m-%d %H:%M}"
        )
    if story.messages:
        out.print("[bold]Last messages[/bold]")
        for message in story.messages[-5:]:
            out.print(f"  {message.sent_at:%H:%M} {message.text}", markup=False)


def _facts(story: LeadStory, content_dir: Path) -> PlainTable:
    facts = PlainTable("fact", "value", "confidence", "quote", "when", "status", title="Facts")
    for fact in story.facts:
        facts.add_row(
            fact.kind,
            fact_value(fact.kind, fact.value, content_dir),
            f"{fact.confidence:.2f}",
            f"“{fact.quote}”",
            f"{fact.recorded_at:%Y-%m-%d %H:%M}",
            "superseded" if fact.superseded_at else ("confirmed" if fact.confirmed else "current"),
        )
    return facts


def _score_changes(story: LeadStory) -> PlainTable:
    changes = PlainTable(
        "when", "score", "old → new", "rule", "reason", "quote", title="Why: score changes"
    )
    for change in story.score_changes:
        changes.add_row(
            f"{change.changed_at:%Y-%m-%d %H:%M}",
            change.score,
            f"{change.old or '-'} → {change.new}",
            change.rule,
            change.reason,
            f"“{change.quote}”" if change.quote else "",
        )
    return changes


def _lifecycle(story: LeadStory) -> PlainTable:
    moves = PlainTable("when", "from", "to", "reason", title="Lifecycle")
    for move in story.lifecycle:
        moves.add_row(
            f"{move.changed_at:%Y-%m-%d %H:%M}", move.from_state, move.to_state, move.reason
        )
    return moves


def _events(story: LeadStory) -> PlainTable:
    events = PlainTable("when", "event", "weight", "detail", title="Engagement events")
    for event in story.events:
        events.add_row(
            f"{event.occurred_at:%Y-%m-%d %H:%M}",
            event.kind,
            f"{event.weight:g}",
            json.dumps(event.detail, ensure_ascii=False),
        )
    return events
