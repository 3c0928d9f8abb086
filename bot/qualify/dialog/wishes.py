"""What a prospect asks of the conversation itself: to go on in another language."""

from __future__ import annotations

from bot.qualify.dialog.reading import Reading
from bot.qualify.dialog.turn import Turn


def switch_language(turn: Turn, reading: Reading) -> None:
    """ "I prefer English", "Können wir auf Deutsch weitermachen?": from now on in that
    language, said in it (a language the content does not speak is ignored)."""
    wanted = reading.cue("language_request")
    if not isinstance(wanted, str) or wanted not in turn.content.texts.locales():
        return
    turn.plan.locale = wanted
    if wanted != turn.lead.language:
        turn.lead.language = wanted
        turn.plan.say("dialog.language_switched")
