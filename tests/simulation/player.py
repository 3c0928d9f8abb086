"""Play one profile end to end through the real dispatcher and say what came of it.

The prospect does what a person in front of the bot would: /start, the consent button,
the opening messages, one answer per question asked (skip when the profile has none,
and skip when the bot asks the same question again), then the profile's `after` steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.simulation import adapter
from tests.simulation.adapter import Button, LeadState, World
from tests.simulation.profiles import AfterStep, Open, Profile, Run, Wait

MAX_QUESTION_TURNS = 25  # far more than the bot has questions; a loop is a bug to report
TYPING_SECONDS = 30  # between two steps of the prospect: people read and type


@dataclass(frozen=True)
class Line:
    """One entry of the transcript."""

    who: str  # "prospect", "bot" or "sim" (a note from the simulation)
    text: str


@dataclass(frozen=True)
class Outcome:
    """What the tables say once the profile has been played.

    After erasure there is no Lead row, so temperature, grade, level, lifecycle and
    `stopped` are those of the last state in which the lead still existed.
    """

    handover: str  # sales_ready, person, customer or none
    temperature: str | None
    grade: str | None
    level: int | None
    lifecycle: str | None
    stopped: bool
    erased: bool
    turns: int
    facts: int  # fact rows kept (0 without consent or after erasure)
    messages: int  # transcript rows kept
    engagement: tuple[tuple[str, int, float], ...]
    transcript: tuple[Line, ...]


@dataclass
class _Play:
    world: World
    profile: Profile
    transcript: list[Line] = field(default_factory=list)
    turns: int = 0
    buttons: list[Button] = field(default_factory=list)  # under the replies to the last step
    seen: dict[str, str] = field(default_factory=dict)  # callback data -> label, all so far
    last_lead: LeadState | None = None

    def __post_init__(self) -> None:
        self.prospect = adapter.prospect_in(
            self.world, name=self.profile.name, lang=self.profile.lang
        )

    async def say(self, text: str) -> None:
        """Send a message as the prospect."""
        self.transcript.append(Line("prospect", text))
        self.world.clock.advance(seconds=TYPING_SECONDS)
        await self.prospect.says(text)
        await self._heard()

    async def press(self, data: str, what: str) -> None:
        """Press the button that sends `data`; one never shown is sent as its callback
        would be (a library item the prospect finds through /menu, say)."""
        label = self.seen.get(data)
        shown = f"[{label}] ({what})" if label else f"({what}: no button shown, sent {data})"
        self.transcript.append(Line("prospect", shown))
        self.world.clock.advance(seconds=TYPING_SECONDS)
        await self.prospect.presses_data(data)
        await self._heard()

    def note(self, text: str) -> None:
        self.transcript.append(Line("sim", text))

    async def state(self) -> LeadState | None:
        """The lead now; remembered, so an erased lead's last label is still known."""
        current = await adapter.lead_state(self.world, self.prospect.user.id)
        if current is not None:
            self.last_lead = current
        return current

    async def _heard(self) -> None:
        self.turns += 1
        self.transcript.extend(Line("bot", text) for text in adapter.bot_texts(self.prospect))
        self.buttons = adapter.shown_buttons(self.prospect)
        self.seen.update((b.data, b.label) for b in reversed(self.buttons))
        await self.state()


async def play(profile: Profile, world: World) -> Outcome:
    """Play `profile` on an empty database; a rep for both languages is registered first."""
    await adapter.register_rep(world)
    run = _Play(world, profile)
    await run.say("/start")
    await run.press(adapter.consent_data(profile.consent), f"consent {profile.consent}")
    for text in profile.opening:
        await run.say(text)
    await _answer_questions(run)
    for step in profile.after:
        await _after(run, step)
    return await _outcome(run)


async def _answer_questions(run: _Play) -> None:
    """Answer each question once from `answers`; skip it when there is nothing (more) to say."""
    answered: set[str] = set()
    for _ in range(MAX_QUESTION_TURNS):
        if (yes := adapter.confirmation_yes(run.buttons)) is not None:
            # The prospect cannot tell a misreading from a paraphrase; the facts decide.
            await run.press(yes.data, "confirm")
            continue
        state = await run.state()
        slot = state.step if state is not None else None
        if slot is None:
            return
        if slot in run.profile.answers and slot not in answered:
            answered.add(slot)
            await run.say(run.profile.answers[slot])
        else:
            await run.press(adapter.skip_data(slot), f"skip {slot}")
    run.note(f"stopped answering after {MAX_QUESTION_TURNS} turns: the bot kept asking")


async def _after(run: _Play, step: AfterStep) -> None:
    if isinstance(step, str):
        await run.say(step)
        if (erase := adapter.erasure_yes(run.buttons)) is not None:
            # Who asked in words to delete their data confirms it, as with /forget.
            await run.press(erase.data, "confirm erasure")
    elif isinstance(step, Open):
        await run.press(adapter.open_data(step.open), f"open {step.open}")
    elif isinstance(step, Wait):
        run.note(f"{step.wait_days} days pass")
        await adapter.pass_days(run.world, step.wait_days)
        await run.state()
    elif isinstance(step, Run):
        await run.say(step.command)
        if step.command == "/forget":
            await run.press(adapter.forget_data(), "confirm erasure")


async def _outcome(run: _Play) -> Outcome:
    now = await run.state()
    last = run.last_lead
    return Outcome(
        handover=adapter.decision(now),
        temperature=last.temperature if last else None,
        grade=last.grade if last else None,
        level=last.level if last else None,
        lifecycle=last.lifecycle if last else None,
        stopped=adapter.stopped(last) if last else False,
        erased=now is None,
        turns=run.turns,
        facts=now.facts if now else 0,
        messages=now.messages if now else 0,
        engagement=last.engagement if last else (),
        transcript=tuple(run.transcript),
    )
