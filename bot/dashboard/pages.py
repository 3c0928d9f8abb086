"""The pages: funnel, leads table, one lead, content audit, open questions."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Mapping
from functools import partial
from typing import Any

from aiohttp import web

from bot.content.audit import audit
from bot.dashboard.params import LIFECYCLES, TEMPERATURES, BadInput, lead_filter, whole_number
from bot.dashboard.params import window as window_of
from bot.dashboard.state import STATE, Dashboard
from bot.jobs.rollup import refresh_summaries
from bot.presentation.facts_text import fact_text
from bot.presentation.why_text import plain, why_lines
from bot.qualify.answering import group_unanswered
from storage.lead_queries import unanswered_questions
from storage.reporting import (
    ContentRow,
    FunnelStep,
    WeekRow,
    Window,
    content_offers,
    funnel_and_trend,
)
from storage.reporting.dashboard import lead_timeline, leads_page

routes = web.RouteTableDef()
Overview = tuple[list[FunnelStep], list[WeekRow]]
# The newest unanswered questions that are grouped on the page.
QUESTIONS_READ = 300


async def overview_figures(state: Dashboard, window: Window) -> Overview:
    """The funnel and the weekly trend of one window, from the day summaries and the days
    they do not hold yet."""
    async with state.sessions() as session:
        return await funnel_and_trend(session, window)


async def content_figures(state: Dashboard) -> list[ContentRow]:
    """How often each library item was offered and opened, from the database."""
    async with state.sessions() as session:
        return await content_offers(session, Window())


def warm_work(state: Dashboard) -> dict[Hashable, Callable[[], Awaitable[Any]]]:
    """The work of the background loop: the day summaries brought up to date, then the
    pages' all-time defaults."""
    return {
        ("summaries",): lambda: refresh_summaries(state.sessions, state.clock()),
        ("overview", Window()): partial(overview_figures, state, Window()),
        ("content",): partial(content_figures, state),
    }


@routes.get("/")
async def overview(request: web.Request) -> web.Response:
    """The funnel and the weekly trend, for a window of start dates and a source."""
    state = request.app[STATE]
    window = window_of(request.query)
    (steps, trend), as_of = await state.snapshots.get(
        ("overview", window), partial(overview_figures, state, window)
    )
    top = max((step.count for step in steps), default=0) or 1
    return state.page(
        request,
        "overview.html",
        current="overview",
        funnel=steps,
        trend=trend,
        top=top,
        query=request.query,
        as_of=as_of,
    )


@routes.get("/leads")
@routes.post("/leads")
async def leads(request: web.Request) -> web.Response:
    """The leads table: filters in the address or the form, the search only in the form."""
    state = request.app[STATE]
    form: Mapping[str, str] = request.query
    if request.method == "POST":
        form = {key: str(value) for key, value in (await request.post()).items()}
    elif "q" in request.query:
        raise BadInput("search_in_address")
    filters = lead_filter(form, state.personas, search=form.get("q"))
    page = whole_number(form.get("page"), "page", default=1)
    async with state.sessions() as session:
        result = await leads_page(session, filters, page=page, per_page=state.per_page)
    if page > result.pages:
        raise BadInput("no_page", {"page": page, "pages": result.pages}, status=404)
    return state.page(
        request,
        "leads.html",
        current="leads",
        result=result,
        filters=filters,
        temperatures=TEMPERATURES,
        lifecycles=LIFECYCLES,
        personas=state.personas,
    )


@routes.get("/leads/{lead_id}")
async def lead(request: web.Request) -> web.Response:
    """One lead's timeline and why it has its label."""
    state = request.app[STATE]
    lead_id = whole_number(request.match_info["lead_id"], "lead")
    locale = state.locale(request)
    async with state.sessions() as session:
        timeline = await lead_timeline(session, lead_id) if lead_id < 2**31 else None
        if timeline is None:
            raise BadInput("no_lead", {"id": lead_id}, status=404)
        why = (await why_lines(session, state.content, locale, [lead_id])).get(lead_id, "")
    facts = [
        {
            "kind": fact.kind,
            "value": _fact_value(state, locale, fact.kind, fact.value),
            "quote": fact.quote,
            "confidence": fact.confidence,
            "recorded_at": fact.recorded_at,
            "status": "superseded"
            if fact.superseded_at
            else ("confirmed" if fact.confirmed else "current"),
        }
        for fact in timeline.story.facts
    ]
    return state.page(
        request,
        "lead.html",
        current="leads",
        story=timeline.story,
        facts=facts,
        meetings=timeline.meetings,
        why=why,
    )


def _fact_value(state: Dashboard, locale: str, kind: str, value: object) -> str:
    try:
        return plain(fact_text(state.content.texts, locale, kind, value))
    except (AttributeError, KeyError, TypeError, ValueError):  # a value of an older shape
        return str(value)


@routes.get("/content")
async def content(request: web.Request) -> web.Response:
    """The persona × stage matrix per locale, each item with how often it was opened."""
    state = request.app[STATE]
    offers, as_of = await state.snapshots.get(("content",), partial(content_figures, state))
    cells = audit(state.content)
    stages = [*state.content.stages.order, "customer"]
    matrix = []
    for locale in sorted({cell.locale for cell in cells}):
        items = {(c.persona, c.stage): c.items for c in cells if c.locale == locale}
        rows = [(p, [items[p, s] for s in stages]) for p in state.content.personas.personas]
        matrix.append((locale, rows))
    return state.page(
        request,
        "content.html",
        current="content",
        matrix=matrix,
        stages=stages,
        offers=offers,
        opens={row.item: row for row in offers},
        gaps=sum(1 for cell in cells if not cell.items),
        cells=len(cells),
        as_of=as_of,
    )


@routes.get("/questions")
async def questions(request: web.Request) -> web.Response:
    """Unanswered questions grouped by likeness, with the entry that came closest."""
    state = request.app[STATE]
    async with state.sessions() as session:
        rows = await unanswered_questions(session, limit=QUESTIONS_READ)
    asked = [(row.locale, row.text) for row in rows]
    groups = await asyncio.to_thread(group_unanswered, state.content.answerer, asked)
    return state.page(
        request, "questions.html", current="questions", groups=groups, count=len(asked)
    )
