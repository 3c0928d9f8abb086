"""The report's words: looked up in content/locales under `report.`, in German or English.

SUPPLIED joins bot/content/text_contract.py, so `leadbot content check` refuses a locale
that lacks one of these keys or asks for a placeholder the report does not fill in.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.content.texts import Texts

STEPS = ("started", "consented", "qualified", "mql", "sal", "sql", "won", "lost", "recycled")
SPEEDS = ("first_reply", "to_sales_ready", "to_acceptance", "to_meeting")
SECTIONS = (
    "funnel",
    "weeks",
    "speed",
    "sla",
    "bananas",
    "drop_off",
    "faq",
    "content",
    "by_source",
    "by_persona",
    "by_language",
    "fit_scores",
    "engagement_scores",
)
COLUMNS = (
    "step",
    "leads",
    "conversion",
    "week",
    "measure",
    "count",
    "median",
    "p90",
    "rep",
    "in_time",
    "missed",
    "compliance",
    "reason",
    "question",
    "stopped",
    "answered",
    "rate",
    "text",
    "item",
    "offered",
    "opened",
    "open_rate",
    "points",
    "key",
)
_FILLED = {
    "report.window": {"since", "until", "source"},
    "report.faq_summary": {"questions", "unanswered", "rate"},
    "report.bananas_summary": {"rejected", "decided", "rate"},
    "report.charts_written": {"count", "folder"},
}
_PLAIN = ("title", "any", "na", "none", "all_reps")

SUPPLIED: dict[str, set[str]] = {
    **{f"report.steps.{key}": set() for key in STEPS},
    **{f"report.speeds.{key}": set() for key in SPEEDS},
    **{f"report.sections.{key}": set() for key in SECTIONS},
    **{f"report.columns.{key}": set() for key in COLUMNS},
    **{f"report.{key}": set() for key in _PLAIN},
    **_FILLED,
}


@dataclass(frozen=True)
class Words:
    """The report's texts in one locale, as plain text for a terminal or a chart."""

    texts: Texts
    locale: str

    def __call__(self, key: str, **values: str) -> str:
        """The text `report.<key>`, with `values` filled in unescaped."""
        return self.texts.raw(self.locale, f"report.{key}", **values)
