"""How the report writes times and rates for a person, in either language."""

from __future__ import annotations

import pytest

from bot.content.texts import load_texts
from bot.report.render import duration, share
from bot.report.texts import Words
from tests.support import TEST_CONTENT_DIR

TEXTS = load_texts(TEST_CONTENT_DIR / "locales")


@pytest.mark.parametrize(
    ("seconds", "written"),
    [(4.0, "4 s"), (119.0, "119 s"), (150.0, "2.5 min"), (7200.0, "2.0 h"), (259200.0, "3.0 d")],
)
def test_durations_take_the_largest_unit_that_reads_as_two_or_more(
    seconds: float, written: str
) -> None:
    assert duration(seconds, Words(TEXTS, "en")) == written


def test_nothing_to_measure_is_not_applicable_in_each_language() -> None:
    assert duration(None, Words(TEXTS, "en")) == "n/a"
    assert share(None, Words(TEXTS, "de")) == "k. A."
    assert share(2 / 3, Words(TEXTS, "de")) == "66.7%"
