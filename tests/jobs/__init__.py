"""Tests of the due-work engine and its workers (bot/jobs)."""
