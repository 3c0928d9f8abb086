"""Simulated prospects played end to end: the harness itself, then every train profile.

The locked test quarter of corpus/profiles/ never runs here; `make bench-qualify
QUALIFY_ARGS="--part test"` reports on it once the scoring is done.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiogram import Dispatcher

from bot.channels.local_session import LocalSession
from bot.factory import Dependencies
from tests.simulation.adapter import World, question_slots
from tests.simulation.judge import Judgement
from tests.simulation.player import play
from tests.simulation.profiles import Profile, ProfileError, load_file, load_profiles
from tests.support import FakeClock

SLOTS = question_slots()
TRAIN = load_profiles(SLOTS, part="train")
# Train profiles whose decision is still wrong, each with its cause; none left since the
# extraction reads a request for a person inside a long answer (issue 10) and a dialect
# message is read in the lead's own language (issue 11). A new entry must name its cause.
KNOWN_FAILURES: frozenset[str] = frozenset()


@pytest.fixture
def world(
    deps: Dependencies, dispatcher: Dispatcher, bot_session: LocalSession, clock: FakeClock
) -> World:
    return World(deps, dispatcher, bot_session, clock)


def profile(**fields: Any) -> Profile:
    """A tiny inline profile; what it leaves out is empty or harmless."""
    base: dict[str, Any] = {
        "lang": "en",
        "name": "Sam Tester",
        "consent": "all",
        "opening": [],
        "answers": {},
        "after": [],
        "why": "a test of the harness",
    }
    return Profile.model_validate(base | fields)


async def test_prospect_who_asks_for_a_person_is_handed_over_as_person(world: World) -> None:
    asks = profile(
        id="en-person-90",
        kind="person",
        answers={"customer": "no", "need": "a ticket system for our support team"},
        after=[{"command": "/human"}],
        expect={"handover": "person", "temperature": "cold", "stopped": False, "erased": False},
    )
    outcome = await play(asks, world)
    assert outcome.handover == "person"
    assert ("prospect", "a ticket system for our support team") in [
        (line.who, line.text) for line in outcome.transcript
    ]


async def test_prospect_who_refuses_consent_leaves_nothing_to_qualify(world: World) -> None:
    refuses = profile(
        id="en-cold-90",
        kind="cold",
        consent="refuse",
        opening=["We are 200 people and need a service desk within two months, budget 40k."],
        expect={"handover": "none", "temperature": "cold", "stopped": False, "erased": False},
    )
    outcome = await play(refuses, world)
    assert (outcome.handover, outcome.facts, outcome.messages) == ("none", 0, 0)
    assert outcome.lifecycle == "new"


async def test_forget_profile_leaves_no_lead_row(world: World) -> None:
    erases = profile(
        id="en-erase-90",
        kind="erase",
        consent="qualification",
        answers={"customer": "no", "company_size": "about 40 people"},
        after=[{"command": "/forget"}],
        expect={"handover": "none", "temperature": "cold", "stopped": False, "erased": True},
    )
    outcome = await play(erases, world)
    assert outcome.erased
    assert (outcome.handover, outcome.facts, outcome.messages) == ("none", 0, 0)


def test_a_broken_profile_is_refused_with_its_file_line_and_id(tmp_path: Path) -> None:
    path = tmp_path / "en.yaml"
    path.write_text(
        "- id: en-hot-91\n  lang: en\n  kind: hot\n  name: X\n  consent: all\n"
        "  opening: []\n  answers: {budgett: '10k'}\n  after: []\n"
        "  expect: {handover: sales_ready, temperature: hot, stopped: false, erased: false}\n"
        "  why: typo in a slot\n",
        encoding="utf-8",
    )
    with pytest.raises(ProfileError, match=rf"{path}:1: profile en-hot-91: .*budgett"):
        load_file(path, SLOTS)


def test_no_locked_profile_is_in_the_train_part() -> None:
    assert TRAIN and not any(p.locked for p in TRAIN)


# The sweep judges decisions, not storage: SQLite only, which keeps `make test` a minute
# shorter; the harness tests above still run on both databases.
@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    "train_profile",
    [
        pytest.param(
            p,
            id=p.id,
            marks=[
                pytest.mark.xfail(strict=False, reason="extraction or dialog: see KNOWN_FAILURES")
            ]
            if p.id in KNOWN_FAILURES
            else [],
        )
        for p in TRAIN
    ],
)
async def test_train_profile_gets_the_expected_decision(
    train_profile: Profile, world: World
) -> None:
    judgement = Judgement(train_profile, await play(train_profile, world))
    assert judgement.decision_right, (
        f"{'; '.join(judgement.differences())}; {judgement.label()}\n{judgement.transcript()}"
    )
