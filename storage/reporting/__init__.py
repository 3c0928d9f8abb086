"""The numbers behind `leadbot report` and the dashboard, aggregated in SQL on SQLite and
PostgreSQL alike. Every query counts the leads who started in a `Window`."""

from storage.reporting.dialog import drop_off, faq_hits
from storage.reporting.funnel import (
    FunnelViews,
    breakdown,
    funnel,
    funnel_and_trend,
    funnel_views,
    weekly_trend,
)
from storage.reporting.mix import content_offers, score_distribution
from storage.reporting.rows import (
    BreakdownRow,
    ContentRow,
    DropOff,
    FaqHits,
    FunnelStep,
    GreenBananas,
    RepSla,
    Speed,
    WeekRow,
    Window,
)
from storage.reporting.sales import green_bananas, rep_sla
from storage.reporting.speed import speeds

__all__ = [
    "BreakdownRow",
    "ContentRow",
    "DropOff",
    "FaqHits",
    "FunnelStep",
    "FunnelViews",
    "GreenBananas",
    "RepSla",
    "Speed",
    "WeekRow",
    "Window",
    "breakdown",
    "content_offers",
    "drop_off",
    "faq_hits",
    "funnel",
    "funnel_and_trend",
    "funnel_views",
    "green_bananas",
    "rep_sla",
    "score_distribution",
    "speeds",
    "weekly_trend",
]
