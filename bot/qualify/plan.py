"""What the bot should say next, as data: text keys and values, rendered by bot/dialogs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FactValue:
    """A fact value to be written out in the prospect's language."""

    kind: str
    value: Any


@dataclass(frozen=True)
class TextKey:
    """A value that is itself a text from content/locales (a label, for instance)."""

    key: str


@dataclass(frozen=True)
class Button:
    """A quick reply: `action` is answer, skip, human, confirm or open (a library item)."""

    label_key: str
    action: str
    slot: str = ""
    value: str = ""


@dataclass(frozen=True)
class Reply:
    """One message: a text key from content/locales, its values, and buttons."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)
    buttons: tuple[Button, ...] = ()


@dataclass
class Plan:
    """The replies to one message or button press, in order."""

    replies: list[Reply] = field(default_factory=list)

    def say(self, key: str, buttons: tuple[Button, ...] = (), **values: Any) -> None:
        self.replies.append(Reply(key, values, buttons))


@dataclass(frozen=True)
class Notice:
    """A message the domain sends outside the current reply (to a rep, a manager chat, or
    the prospect later), kept in the outbox and rendered by the edge when it is delivered.

    `key` is a text key from content/locales (or a card kind the edge knows, "rep.card");
    `locale` None means the language of the lead the outbox row is about.
    """

    key: str
    values: dict[str, Any] = field(default_factory=dict)
    buttons: tuple[Button, ...] = ()
    locale: str | None = None
