"""Compare what a profile expects with what came of playing it."""

from __future__ import annotations

from dataclasses import dataclass

from tests.simulation.player import Outcome
from tests.simulation.profiles import Profile

ROUTED = frozenset({"person", "customer"})


@dataclass(frozen=True)
class Judgement:
    """One played profile and how its outcome measures up."""

    profile: Profile
    outcome: Outcome

    @property
    def decision_right(self) -> bool:
        """Handover, stop and erasure as expected (the temperature is judged apart). After
        an erasure nothing is kept or sent, so whether consent was withdrawn first is moot."""
        want, got = self.profile.expect, self.outcome
        stopped_right = want.stopped == got.stopped or (want.erased and got.erased)
        return stopped_right and (want.handover, want.erased) == (got.handover, got.erased)

    @property
    def temperature_right(self) -> bool:
        return self.profile.expect.temperature == self.outcome.temperature

    @property
    def green_banana(self) -> bool:
        """Handed to sales as sales-ready though it should not have been."""
        return self.outcome.handover == "sales_ready" != self.profile.expect.handover

    @property
    def missed_hot_lead(self) -> bool:
        """Should have gone to sales as sales-ready and did not."""
        return self.profile.expect.handover == "sales_ready" != self.outcome.handover

    @property
    def wrong_routing(self) -> bool:
        """A person or customer handover expected or made, and not the one expected."""
        want, got = self.profile.expect.handover, self.outcome.handover
        return want != got and (want in ROUTED or got in ROUTED)

    def differences(self) -> list[str]:
        """What differs, as `field expected→got`."""
        want, got = self.profile.expect, self.outcome
        pairs = [
            ("handover", want.handover, got.handover),
            ("stopped", want.stopped, got.stopped),
            ("erased", want.erased, got.erased),
            ("temperature", want.temperature, got.temperature),
        ]
        if want.erased and got.erased:  # see decision_right
            pairs = [pair for pair in pairs if pair[0] != "stopped"]
        return [f"{name} {w}→{g}" for name, w, g in pairs if w != g]

    def label(self) -> str:
        """The bot's label in one short phrase: grade, level, lifecycle and engagement."""
        got = self.outcome
        points = ", ".join(f"{kind} {count}×={total:g}" for kind, count, total in got.engagement)
        return (
            f"grade {got.grade or '-'} level {got.level or '-'} {got.lifecycle or '-'}"
            f" (engagement: {points or 'none'})"
        )

    def transcript(self) -> str:
        """The conversation as text, for a failing test or `--show`."""
        return "\n".join(f"{line.who:>8}: {line.text}" for line in self.outcome.transcript)
