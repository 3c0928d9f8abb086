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
    """A quick reply: `action` is answer, skip, human, confirm or open (a library item); under
    a rep's card, accept or reject with the handover id as `value`."""

    label_key: str
    action: str
    slot: str = ""
    value: str = ""


# Button actions that make a reply keyboard under the message instead of inline buttons:
# Telegram's share-my-phone button, a button that sends its label as text, and none (the
# reply keyboard shown before is taken away).
SHARE_CONTACT = "share_contact"
SAY = "say"
CLOSE_KEYBOARD = "close_keyboard"


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
    # The language to write in, when the prospect asked for another one during this turn.
    locale: str | None = None

    def say(self, key: str, buttons: tuple[Button, ...] = (), **values: Any) -> None:
        self.replies.append(Reply(key, values, buttons))


# Notices the edge builds itself rather than from one text: the rep's card of a handover
# (values: handover), the manager's escalation with the card (values: handover, tries), and
# a rep's own words relayed to the prospect (values: text), escaped and nothing added.
CARD = "rep.card"
ESCALATION = "rep.escalated"
VERBATIM = "verbatim"


@dataclass(frozen=True)
class Notice:
    """A message the domain sends outside the current reply (to a rep, a manager chat, or
    the prospect later), kept in the outbox and rendered by the edge when it is delivered.

    `key` is a text key from content/locales, or one of CARD, ESCALATION and VERBATIM;
    `locale` None means the language of the lead the outbox row is about.
    """

    key: str
    values: dict[str, Any] = field(default_factory=dict)
    buttons: tuple[Button, ...] = ()
    locale: str | None = None

    def to_payload(self) -> dict[str, Any]:
        """The notice as JSON for the outbox row."""
        return {
            "key": self.key,
            "values": {name: _encode(value) for name, value in self.values.items()},
            "buttons": [[b.label_key, b.action, b.slot, b.value] for b in self.buttons],
            "locale": self.locale,
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Notice:
        """The notice an outbox row keeps."""
        return cls(
            key=payload["key"],
            values={name: _decode(value) for name, value in payload["values"].items()},
            buttons=tuple(Button(*button) for button in payload["buttons"]),
            locale=payload["locale"],
        )


def _encode(value: Any) -> Any:
    if isinstance(value, FactValue):
        return {"$fact": value.kind, "value": value.value}
    if isinstance(value, TextKey):
        return {"$text": value.key}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "$fact" in value:
        return FactValue(value["$fact"], value["value"])
    if isinstance(value, dict) and "$text" in value:
        return TextKey(value["$text"])
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value
