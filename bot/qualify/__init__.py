"""The domain: understanding answers, consent rules, scoring and lifecycle. No aiogram here."""
