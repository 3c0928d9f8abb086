"""The rep's card reads as a rep needs it, in the rep's language; the prospect says once how
to be reached (share-contact button, email, or Telegram), and that lands on the card."""

from __future__ import annotations

import json
import re

from aiogram.methods import SendMessage
from aiogram.types import Contact, ReplyKeyboardMarkup, ReplyKeyboardRemove
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from bot.presentation.card_parts import shorten
from storage.models import Fact
from tests.support import HOT, REP, FakeClock, Prospect, Rep, add_plain_rep, stored_lead

JANA = 4712  # a German-speaking rep
HEISS = (
    "Wir brauchen ein Ticketsystem für unsere IT, wir sind 80 Leute, ich bin der IT-Leiter "
    "und entscheide allein, Budget etwa 40.000 Euro im Jahr, wir brauchen es sofort"
)
CODES = re.compile(r"\b[a-z]+_[a-z_]+\b")  # budget_known, small_business_owner, it_lead …


async def _facts(sessionmaker: async_sessionmaker[AsyncSession], lead_id: int) -> dict[str, str]:
    async with sessionmaker() as session:
        rows = await session.scalars(
            select(Fact).where(Fact.lead_id == lead_id, Fact.superseded_at.is_(None))
        )
        return {row.kind: str(row.value) for row in rows}


def _markup(bot_session: LocalSession, chat_id: int) -> object:
    sent = [r for r in bot_session.requests if isinstance(r, SendMessage)]
    return [r for r in sent if int(r.chat_id) == chat_id][-1].reply_markup


async def test_english_card_has_the_id_profile_link_consent_questions_and_next_step(
    rep: None,
    prospect: Prospect,
    mia: Rep,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await prospect.agrees()
    await prospect.says("What does it cost?")
    await prospect.says(HOT)
    lead_id = (await stored_lead(sessionmaker)).id
    (card,) = bot_session.sent_texts(REP)
    assert card.startswith(f"<b>New lead {lead_id}</b> (sales-ready): ")
    assert '<a href="tg://user?id=5001">Greta Lindqvist</a>' in card
    assert "company not known · IT lead · ready to decide · came via direct" in card
    assert "<b>hot</b> · fit grade A" in card
    assert "Consent: granted 2026-11-22 09:00 UTC (privacy notice version 2026-11-01)" in card
    assert f"Contact: nothing shared yet; write in Telegram with /takeover {lead_id}" in card
    assert "Why now: decides alone, budget 40,000 a year" in card
    assert "decision: decides alone — “I'm the CTO and I decide”" in card
    assert "› “What does it cost?” — answered by the bot" in card
    assert "Next step: send the pricing they asked about" in card
    assert not CODES.findall(card), CODES.findall(card)
    assert "+5" not in card and "it_lead" not in card


async def test_german_card_and_lead_notices_are_german_throughout(
    german_prospect: Prospect,
    mia: Rep,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    async with sessionmaker() as session:
        await add_plain_rep(session, JANA, "Jana Vogt", now=clock(), languages=("de",))
        await session.commit()
    jana = Rep(german_prospect.dispatcher, bot_session, user_id=JANA, first_name="Jana")
    await german_prospect.agrees()
    await german_prospect.says("Was kostet das?")
    await german_prospect.says("Wie heißt der Hund Ihres Geschäftsführers?")
    await german_prospect.says(HEISS)
    lead_id = (await stored_lead(sessionmaker, 5002)).id
    (card,) = bot_session.sent_texts(JANA)
    assert card.startswith(f"<b>Neuer Lead {lead_id}</b> (vertriebsbereit): ")
    assert '<a href="tg://user?id=5002">Jörg Äbelmann</a>' in card
    assert "<b>heiß</b> · Passung Note A" in card
    assert "Einwilligung: erteilt am 22.11.2026, 09:00 UTC" in card
    assert "Firma nicht bekannt · IT-Leitung · " in card
    assert "Warum jetzt: entscheidet allein" in card
    assert "› „Was kostet das?“ — vom Bot beantwortet" in card
    assert "Geschäftsführers?“ — <b>noch unbeantwortet</b>" in card
    assert "Nächster Schritt: " in card and "(hier in Telegram)" in card
    for english in ("New lead", "hot", "Why", "company", "sales-ready", "Consent"):
        assert english not in card
    assert not CODES.findall(card), CODES.findall(card)
    await jana.presses("Annehmen")
    assert await jana.says(f"/won {lead_id}") == [
        f"Lead {lead_id} kann nicht von angenommen (SAL) nach gewonnen."
    ]
    assert await jana.says(f"/sql {lead_id}") == [f"Lead {lead_id} ist jetzt qualifiziert (SQL)."]


async def test_contact_by_share_button_only_the_prospects_own_number(
    rep: None,
    prospect: Prospect,
    mia: Rep,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await prospect.agrees()
    replies = await prospect.says(HOT)
    assert replies[-1] == "So my colleague can prepare: what is your company called?"
    asked = await prospect.says("Acme Robotics")
    assert asked[0] == "Thanks, noted: Acme Robotics."
    keyboard = _markup(bot_session, prospect.chat.id)
    assert isinstance(keyboard, ReplyKeyboardMarkup)
    assert keyboard.keyboard[0][0].request_contact is True
    someone_else = Contact(phone_number="4930111222", first_name="Bob", user_id=999)
    refused = await prospect.says(contact=someone_else)
    assert refused[0].startswith("Please share your own number")
    lead_id = (await stored_lead(sessionmaker)).id
    assert "phone" not in await _facts(sessionmaker, lead_id)
    own = Contact(phone_number="491701234567", first_name="Greta", user_id=5001)
    assert (await prospect.says(contact=own))[-1] == "Thanks, we will call you at +491701234567."
    assert isinstance(_markup(bot_session, prospect.chat.id), ReplyKeyboardRemove)
    facts = await _facts(sessionmaker, lead_id)
    assert (facts["phone"], facts["contact"], facts["company"]) == (
        "+491701234567",
        "phone",
        "Acme Robotics",
    )
    told = bot_session.sent_texts(REP)[-1]
    shared = f"Lead {lead_id} (Greta Lindqvist) shared contact details: +491701234567"
    assert told == f"{shared} · /lead {lead_id}"
    card = (await mia.says(f"/lead {lead_id}"))[0]  # offered, not yet accepted
    assert "Acme Robotics · IT lead" in card
    assert "Contact: 📞 +491701234567" in card
    assert "(by phone)" in card


async def test_contact_by_email_refuses_an_incomplete_address_and_forget_erases_it(
    rep: None,
    prospect: Prospect,
    mia: Rep,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await prospect.agrees()
    await prospect.says(HOT)
    await prospect.presses("Skip")  # no company
    lead_id = (await stored_lead(sessionmaker)).id
    bad = await prospect.says("greta@acme")
    assert bad == [
        "“greta@acme” does not look like a complete email address. Please check it "
        "(for example name@company.com), or choose another way below."
    ]
    assert "email" not in await _facts(sessionmaker, lead_id)
    good = await prospect.says("It's greta.lindqvist@acme-robotics.io.")
    assert good[-1] == "Thanks, we will write to greta.lindqvist@acme-robotics.io."
    await mia.accepts()
    card = (await mia.says(f"/lead {lead_id}"))[0]
    assert "Contact: ✉️ greta.lindqvist@acme-robotics.io" in card
    await prospect.says("/mydata")
    document = json.loads(prospect.last_document())
    kinds = {fact["kind"]: fact["quote"] for fact in document["facts"]}
    assert kinds["email"] == "It's greta.lindqvist@acme-robotics.io."
    await prospect.says("/forget")
    await prospect.presses("Yes")
    async with sessionmaker() as session:
        assert list(await session.scalars(select(Fact))) == []


async def test_here_in_telegram_and_skip_end_the_step_without_blocking(
    rep: None,
    prospect: Prospect,
    german_prospect: Prospect,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await prospect.agrees()
    await prospect.says(HOT)
    await prospect.says("Acme Robotics")
    chose = await prospect.says("💬 Here in Telegram")
    assert chose[-1] == "Fine, we will write to you here in Telegram."
    lead_id = (await stored_lead(sessionmaker)).id
    assert (await _facts(sessionmaker, lead_id))["contact"] == "telegram"
    # Anything else than an answer ends the step; the dialog carries on as before.
    await german_prospect.agrees()
    await german_prospect.says("/human")
    await german_prospect.says("Überspringen")  # the company question's words
    replies = await german_prospect.says("Was kostet das?")
    assert any("19 €" in reply for reply in replies)
    assert not any("E-Mail" in reply for reply in replies)


async def test_offered_rep_sees_the_card_and_lists_offered_leads(
    rep: None,
    prospect: Prospect,
    mia: Rep,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await prospect.agrees()
    await prospect.says(HOT)
    lead_id = (await stored_lead(sessionmaker)).id
    listed = await mia.says("/leads")
    assert listed == [
        "<b>Offered to you</b> (accept or reject on the card)\n"
        f"{lead_id} · Greta Lindqvist · sales-ready (MQL) · hot — /lead {lead_id}"
    ]
    card = await mia.says(f"/lead {lead_id}")
    assert card[0].startswith(f"<b>New lead {lead_id}</b>")
    await mia.rejects("No budget")
    assert await mia.says(f"/lead {lead_id}") == ["This lead is not assigned to you."]


async def test_help_for_a_rep_lists_rep_commands_and_prospects_keep_theirs(
    rep: None, prospect: Prospect, mia: Rep
) -> None:
    (rep_help,) = await mia.says("/help")
    assert rep_help.startswith("<b>Commands for reps</b>")
    for command in ("/leads", "/lead ID", "/takeover ID", "/release", "/sql ID", "/away"):
        assert command in rep_help
    (prospect_help,) = await prospect.says("/help")
    assert prospect_help.startswith("<b>What I can do</b>") and "/takeover" not in prospect_help


def test_a_long_quote_is_shortened_at_a_word_boundary_only() -> None:
    short = "We need a helpdesk for our IT tickets"
    assert shorten(short) == short
    long = "word " * 50 + "tail"
    cut = shorten(long, 30)
    assert cut == "word word word word word word…"
    assert shorten("x" * 250, 200) == "x" * 200 + "…"
