"""The `leadbot` command, joined from one module per command group."""

from __future__ import annotations

import typer

from bot.cli.ask import ask
from bot.cli.common import guarded
from bot.cli.content import content_app
from bot.cli.customers import customers_app
from bot.cli.dashboard import dashboard
from bot.cli.db import db_app
from bot.cli.doctor import doctor
from bot.cli.handovers import handovers_app
from bot.cli.leads import leads_app
from bot.cli.nlu import nlu
from bot.cli.outbox import outbox_app
from bot.cli.report import report
from bot.cli.reps import reps_app
from bot.cli.serve import chat, run_command, webhook_command

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Lead qualification bot.")
app.command()(chat)
app.command("run")(run_command)
app.command("webhook")(webhook_command)
app.command()(nlu)
app.command()(ask)
app.command()(report)
app.command()(dashboard)
app.add_typer(db_app, name="db")
app.add_typer(content_app, name="content")
app.add_typer(leads_app, name="leads")
app.add_typer(customers_app, name="customers")
app.add_typer(reps_app, name="reps")
app.add_typer(outbox_app, name="outbox")
app.add_typer(handovers_app, name="handovers")
app.command()(doctor)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `leadbot` script: every failure is one line and an exit status
    (README, "Exit status"), a mistyped command line included."""
    raise SystemExit(guarded(app, argv))
