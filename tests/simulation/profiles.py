"""The simulated prospects of corpus/profiles/*.yaml, read and checked before anything runs.

A mistake in a profile is reported with its file, line and id, the way `rasa data validate`
refuses a broken story instead of letting a run fail halfway through it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from corpus.split import PROFILE_TEST_SHARE, is_test

PROFILES_DIR = Path(__file__).resolve().parents[2] / "corpus" / "profiles"
Part = Literal["train", "test", "all"]
Decision = Literal["sales_ready", "person", "customer", "none"]
Temperature = Literal["hot", "warm", "cold"]
Command = Literal["/stop", "/forget", "/human", "/mydata"]


class ProfileError(ValueError):
    """A profile file that cannot be played as written."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Open(_Strict):
    """Open a library item, as its button under an offer does."""

    open: str


class Wait(_Strict):
    """Let days pass; the scheduler's engagement decay runs once at the end."""

    wait_days: Annotated[int, Field(gt=0)]


class Run(_Strict):
    """Send a command (/forget also presses the confirming button)."""

    command: Command


AfterStep = str | Open | Wait | Run


class Expect(_Strict):
    """What the lead-management practice requires once the profile has been played."""

    handover: Decision
    temperature: Temperature
    stopped: bool
    erased: bool


class Profile(_Strict):
    """One simulated prospect: who they are, what they say and what should come of it."""

    id: Annotated[str, Field(pattern=r"^[a-z]{2}-[a-z]+-\d{2}$")]
    lang: Literal["de", "en"]
    kind: Literal["hot", "warm", "cold", "person", "stop", "erase", "customer"]
    name: str
    consent: Literal["all", "qualification", "refuse"]
    opening: list[str]
    answers: dict[str, str]
    after: list[AfterStep]
    expect: Expect
    why: str

    @property
    def locked(self) -> bool:
        """Whether the profile belongs to the test part that nobody tunes on."""
        return is_test(self.id, PROFILE_TEST_SHARE)


_PROFILE = TypeAdapter(Profile)


def _item_lines(text: str) -> list[int]:
    """The 1-based line where each item of the top-level list starts."""
    node = yaml.compose(text)
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [item.start_mark.line + 1 for item in node.value]


def load_file(path: Path, slots: Collection[str]) -> list[Profile]:
    """Every profile of one file; `slots` are the questions the bot can ask."""
    text = path.read_text(encoding="utf-8")
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ProfileError(f"{path}: not valid YAML: {error}") from error
    if not isinstance(raw, list):
        raise ProfileError(f"{path}: expected a list of profiles")
    lines = _item_lines(text)
    profiles = []
    for index, item in enumerate(raw):
        where = f"{path}:{lines[index] if index < len(lines) else '?'}"
        ident = item.get("id", f"#{index + 1}") if isinstance(item, dict) else f"#{index + 1}"
        try:
            profile = _PROFILE.validate_python(item)
        except ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()
            )
            raise ProfileError(f"{where}: profile {ident}: {problems}") from error
        unknown = sorted(set(profile.answers) - set(slots))
        if unknown:
            raise ProfileError(f"{where}: profile {ident}: no question slot {unknown}")
        profiles.append(profile)
    return profiles


def load_profiles(
    slots: Collection[str],
    *,
    part: Part = "train",
    lang: str | None = None,
    paths: Iterable[Path] | None = None,
) -> list[Profile]:
    """The profiles of one part (train, test or all), optionally of one language."""
    chosen: list[Profile] = []
    seen: dict[str, Path] = {}
    for path in sorted(paths if paths is not None else PROFILES_DIR.glob("*.yaml")):
        for profile in load_file(path, slots):
            if profile.id in seen:
                raise ProfileError(f"{path}: profile {profile.id} also in {seen[profile.id]}")
            seen[profile.id] = path
            if lang is not None and profile.lang != lang:
                continue
            if part == "all" or (part == "test") == profile.locked:
                chosen.append(profile)
    return chosen
