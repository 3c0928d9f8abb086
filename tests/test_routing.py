"""Routing policy: among available reps who fit, the one furthest below its weighted share."""

from __future__ import annotations

from bot.qualify.routing import choose, fits
from storage.models import Lead, Rep


def _rep(rep_id: int, *, weight: int = 1, assigned: int = 0, **lists: list[str]) -> Rep:
    return Rep(
        id=rep_id,
        name=f"rep {rep_id}",
        weight=weight,
        assigned=assigned,
        languages=lists.get("languages", []),
        personas=lists.get("personas", []),
        territories=lists.get("territories", []),
    )


def _lead(language: str = "de", persona: str | None = None, source: str | None = None) -> Lead:
    return Lead(language=language, persona=persona, source=source)


def test_an_empty_list_on_a_rep_means_any() -> None:
    assert fits(_rep(1), _lead("en", "it_lead", "fair2026"))
    assert not fits(_rep(1, languages=["en"]), _lead("de"))
    assert not fits(_rep(1, personas=["it_lead"]), _lead(persona=None))
    assert fits(_rep(1, territories=["fair2026"]), _lead(source="fair2026"))
    assert not fits(_rep(1, territories=["fair2026"]), _lead(source=None))


def test_the_rep_furthest_below_its_share_gets_the_lead() -> None:
    heavy = _rep(1, weight=2, assigned=3)  # (3 + 1) / 2 = 2.0
    light = _rep(2, weight=1, assigned=1)  # (1 + 1) / 1 = 2.0: a tie, the first added wins
    assert choose([light, heavy], _lead()) is heavy
    light.assigned = 0
    assert choose([heavy, light], _lead()) is light


def test_skipped_and_unfitting_reps_are_passed_over() -> None:
    english = _rep(1, languages=["en"])
    tried = _rep(2)
    assert choose([english, tried], _lead("de"), skip={2}) is None
    assert choose([english, tried], _lead("de")) is tried
