"""The dashboard's words: looked up in content/locales under `dashboard.`, like the bot's.

SUPPLIED joins bot/content/text_contract.py, so `leadbot content check` refuses a locale
that lacks one of these keys or asks for a placeholder the dashboard does not fill in.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from bot.content.texts import Texts

SUPPLIED: dict[str, set[str]] = {
    "dashboard.title": set(),
    "dashboard.skip": set(),
    "dashboard.login.heading": set(),
    "dashboard.login.intro": set(),
    "dashboard.login.token": set(),
    "dashboard.login.submit": set(),
    "dashboard.login.wrong": set(),
    "dashboard.logout": set(),
    "dashboard.as_of": {"minutes", "time"},
    "dashboard.logged_out": set(),
    "dashboard.nav.overview": set(),
    "dashboard.nav.leads": set(),
    "dashboard.nav.content": set(),
    "dashboard.nav.questions": set(),
    "dashboard.overview.heading": set(),
    "dashboard.overview.step": set(),
    "dashboard.overview.count": set(),
    "dashboard.overview.conversion": set(),
    "dashboard.overview.trend": set(),
    "dashboard.overview.week": set(),
    "dashboard.overview.window": set(),
    "dashboard.overview.since": set(),
    "dashboard.overview.until": set(),
    "dashboard.overview.source": set(),
    "dashboard.overview.apply": set(),
    "dashboard.overview.everything": set(),
    "dashboard.steps.started": set(),
    "dashboard.steps.consented": set(),
    "dashboard.steps.qualified": set(),
    "dashboard.steps.mql": set(),
    "dashboard.steps.sal": set(),
    "dashboard.steps.sql": set(),
    "dashboard.steps.won": set(),
    "dashboard.steps.lost": set(),
    "dashboard.steps.recycled": set(),
    "dashboard.leads.heading": set(),
    "dashboard.leads.search": set(),
    "dashboard.leads.any": set(),
    "dashboard.leads.apply": set(),
    "dashboard.leads.reset": set(),
    "dashboard.leads.total": {"count"},
    "dashboard.leads.page": {"page", "pages"},
    "dashboard.leads.previous": set(),
    "dashboard.leads.next": set(),
    "dashboard.leads.none": set(),
    "dashboard.leads.id": set(),
    "dashboard.leads.name": set(),
    "dashboard.leads.source": set(),
    "dashboard.leads.persona": set(),
    "dashboard.leads.lifecycle": set(),
    "dashboard.leads.temperature": set(),
    "dashboard.leads.grade": set(),
    "dashboard.leads.engagement": set(),
    "dashboard.leads.last_seen": set(),
    "dashboard.lead.heading": {"id", "name"},
    "dashboard.lead.summary": {"consent", "language", "lifecycle", "persona", "source", "stage"},
    "dashboard.lead.scores": {"engagement", "fit", "grade", "temperature"},
    "dashboard.lead.sales_ready": set(),
    "dashboard.lead.why": set(),
    "dashboard.lead.facts": set(),
    "dashboard.lead.fact": set(),
    "dashboard.lead.value": set(),
    "dashboard.lead.quote": set(),
    "dashboard.lead.confidence": set(),
    "dashboard.lead.when": set(),
    "dashboard.lead.status": set(),
    "dashboard.lead.score": set(),
    "dashboard.lead.change": set(),
    "dashboard.lead.rule": set(),
    "dashboard.lead.reason": set(),
    "dashboard.lead.lifecycle": set(),
    "dashboard.lead.from": set(),
    "dashboard.lead.to": set(),
    "dashboard.lead.events": set(),
    "dashboard.lead.event": set(),
    "dashboard.lead.weight": set(),
    "dashboard.lead.handovers": set(),
    "dashboard.lead.meetings": set(),
    "dashboard.lead.messages": set(),
    "dashboard.lead.prospect": set(),
    "dashboard.lead.bot": set(),
    "dashboard.lead.nothing": set(),
    "dashboard.lead.current": set(),
    "dashboard.lead.superseded": set(),
    "dashboard.lead.confirmed": set(),
    "dashboard.content.heading": set(),
    "dashboard.content.matrix": {"language"},
    "dashboard.content.gap": set(),
    "dashboard.content.offers": set(),
    "dashboard.content.item": set(),
    "dashboard.content.offered": set(),
    "dashboard.content.opened": set(),
    "dashboard.content.rate": set(),
    "dashboard.content.gaps": {"cells", "gaps"},
    "dashboard.questions.heading": set(),
    "dashboard.questions.intro": set(),
    "dashboard.questions.asked": set(),
    "dashboard.questions.question": set(),
    "dashboard.questions.also": set(),
    "dashboard.questions.closest": set(),
    "dashboard.questions.none": set(),
    "dashboard.questions.total": {"count", "groups"},
    "dashboard.errors.heading": set(),
    "dashboard.errors.back": set(),
    "dashboard.errors.not_found": set(),
    "dashboard.errors.no_lead": {"id"},
    "dashboard.errors.bad_number": {"name"},
    "dashboard.errors.no_page": {"page", "pages"},
    "dashboard.errors.bad_value": {"name", "value"},
    "dashboard.errors.bad_date": {"name"},
    "dashboard.errors.search_in_address": set(),
    "dashboard.errors.internal": set(),
}


@dataclass(frozen=True)
class Words:
    """The dashboard's texts in one locale, as safe HTML for the templates."""

    texts: Texts
    locale: str

    def __call__(self, key: str, **values: object) -> Markup:
        """The text `dashboard.<key>` with `values` escaped and filled in."""
        return Markup(self.texts.get(self.locale, f"dashboard.{key}", **values))

    def label(self, group: str, name: str) -> str:
        """A value's label (a funnel step, a fact status), or the value itself if unnamed."""
        table = self.texts.by_locale.get(self.locale, {})
        return table.get(f"dashboard.{group}.{name}", name)
