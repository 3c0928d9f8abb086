"""When to try a failed delivery again, and when to give up: one policy for every queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.settings import Settings


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff in seconds: base, 2 × base, 4 × base, … up to `max_seconds`.

    A row gives up once its retries together have waited `max_age_seconds`; waits that
    Telegram asks for (429) or quiet hours impose are not failures and do not count.
    """

    base_seconds: float = 2.0
    max_seconds: float = 3600.0
    max_age_seconds: float = 24 * 3600.0

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        """The policy the LEADBOT_RETRY_* settings describe."""
        return cls(
            base_seconds=settings.retry_base_seconds,
            max_seconds=settings.retry_max_seconds,
            max_age_seconds=settings.retry_max_age_hours * 3600.0,
        )

    def delay(self, attempts: int) -> timedelta:
        """How long to wait after the `attempts`-th failure (1 for the first)."""
        exponent = min(max(attempts - 1, 0), 62)  # 2**62 seconds is past any cap
        return timedelta(seconds=min(self.base_seconds * 2**exponent, self.max_seconds))

    def gives_up(self, attempts: int) -> bool:
        """True once `attempts` failures have been retried for longer than the maximum age."""
        waited = sum(self.delay(n).total_seconds() for n in range(1, attempts))
        return waited >= self.max_age_seconds
