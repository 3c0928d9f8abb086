"""Where the trained classifiers ship: bot/qualify/nlu/trained/<lang>.npz, package data."""

from __future__ import annotations

from pathlib import Path

TRAINED = Path(__file__).resolve().parent.parent / "trained"


def shipped_models() -> dict[str, Path]:
    """The trained classifier of each language that has one."""
    return {path.stem: path for path in sorted(TRAINED.glob("*.npz"))}
