"""Consoles: every message's buttons stay pressable, and a rep's console beside a prospect's
on the same database shows each only its own chat."""

from __future__ import annotations

import dataclasses
import io
import re

from rich.console import Console

from bot.channels.console import ConsoleChannel
from bot.factory import Dependencies, build_dispatcher
from bot.jobs.outbox import deliver_outbox
from tests.support import HOT, REP

GRETA = 5001


def _console(deps: Dependencies, user_id: int, name: str) -> tuple[ConsoleChannel, io.StringIO]:
    """A console of `user_id`'s chat, in a process of its own (it sends to that chat only)."""
    out = io.StringIO()
    own = dataclasses.replace(deps, chats=frozenset({user_id}))
    channel = ConsoleChannel(
        build_dispatcher(own),
        Console(file=out, width=300, soft_wrap=True, highlight=False),
        user_id=user_id,
        first_name=name,
    )
    return channel, out


async def _deliver(deps: Dependencies, channel: ConsoleChannel) -> None:
    """What the console's outbox job does every second."""
    await deliver_outbox(
        dataclasses.replace(deps, chats=frozenset({channel.user.id})), channel.bot
    )


async def test_an_older_messages_buttons_stay_pressable(deps: Dependencies) -> None:
    channel, out = _console(deps, GRETA, "Greta")
    await channel.run(["/start", "/menu"], echo=True)
    assert "[2.4] 📄 Privacy notice" in out.getvalue()  # the consent question
    assert "[3.6] For customers" in out.getvalue()  # the menu, newer
    mark = len(out.getvalue())
    await channel.run(["2.1"], echo=True)  # consent, from the older message
    assert "bot: Thank you!" in out.getvalue()[mark:]
    assert "[5.2] No, not yet" in out.getvalue()[mark:]
    mark = len(out.getvalue())
    await channel.run(["3.99", "2"], echo=True)  # no such button; then "No, not yet"
    after = out.getvalue()[mark:]
    assert "(no button 3.99: type 3.1–3.6)" in after
    assert after.count("bot: ") == 1 and "What would you like to solve" in after


async def test_a_rep_console_beside_a_prospect_console_shows_each_its_own_chat(
    deps: Dependencies, rep: None
) -> None:
    greta, greta_out = _console(deps, GRETA, "Greta")
    mia, mia_out = _console(deps, REP, "Mia")
    await greta.run(["/start", "2.1", "2", HOT], echo=True)
    assert "New lead" not in greta_out.getvalue() and "Accept" not in greta_out.getvalue()
    assert mia_out.getvalue() == ""  # the card waits in the outbox for Mia's console

    await _deliver(deps, mia)
    card = mia_out.getvalue()
    assert re.match(r"bot: New lead \d+ \(sales-ready\): Greta", card)
    assert "[1.1] ✅ Accept" in card and "Hello, Greta" not in card

    await mia.run(["1"], echo=True)  # the latest message's first button: Accept
    assert "Accepted. The lead is yours" in mia_out.getvalue()
    told = "Mia Berg from our team will contact you personally."
    assert told not in greta_out.getvalue()
    await _deliver(deps, greta)
    assert told in greta_out.getvalue()
    assert told not in mia_out.getvalue()


async def test_update_ids_of_two_consoles_never_collide(deps: Dependencies) -> None:
    first, _ = _console(deps, GRETA, "Greta")
    second, _ = _console(deps, 5002, "Jörg")
    ids = [first.update_for("hi").update_id, second.update_for("hi").update_id]
    ids += [first.update_for("hi").update_id, second.update_for("hi").update_id]
    assert len(set(ids)) == 4
