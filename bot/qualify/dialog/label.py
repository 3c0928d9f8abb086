"""The label on a lead: the matrix cell for its grade and today's engagement, and the
temperature that goes with it (one matrix: a hot cell is the sales-ready one)."""

from __future__ import annotations

from bot.qualify import scoring
from bot.qualify.dialog.turn import Turn
from bot.qualify.lifecycle import Stage
from bot.qualify.vocabulary import Score


def label(turn: Turn, grade: str | None, quote: str | None) -> scoring.Verdict:
    """The matrix cell for the grade and today's engagement, written to the lead. A
    customer and a lead that said no are cold whatever the cell says."""
    lead, content = turn.lead, turn.content
    engagement = scoring.decayed(
        lead.engagement_score,
        lead.engagement_updated_at,
        turn.now,
        content.scoring.engagement.half_life_days,
    )
    cell = scoring.verdict(content.scoring, grade, engagement)
    temperature = cell.temperature
    reason = f"grade {cell.grade or '-'} x engagement level {cell.level}"
    if lead.is_customer or lead.lifecycle == Stage.LOST:
        temperature, reason = "cold", "a customer or a lead that said no is not scored"
    if temperature != lead.temperature:
        turn.score_changed(
            Score.TEMPERATURE,
            lead.temperature,
            temperature,
            rule="matrix",
            reason=reason,
            quote=quote,
        )
    lead.engagement_level = cell.level
    lead.temperature = temperature
    return cell
