"""`leadbot doctor`: every set-up gap that would leave a lead stranded, in one list.

Each finding is one line, ✔ or ✘; the exit status is 1 when any is ✘, so a deploy script
can run it before `leadbot run`."""

from __future__ import annotations

from dataclasses import dataclass

import typer

from bot.cli.common import cli_settings, run
from bot.content.errors import ContentError
from bot.settings import Settings
from storage.setup_state import DatabaseState, database_state


@dataclass(frozen=True)
class Finding:
    """One check: whether it is fine, and what to do when it is not."""

    ok: bool
    text: str


def doctor() -> None:
    """Check the set-up: content, database schema, reps, admins, manager chat, and leads
    that no rep holds (exit status 1 on any problem)."""
    settings = cli_settings()
    findings = [_content(settings), *_people(settings)]
    state = run(_database(settings))
    if state is None:  # interrupted
        raise typer.Exit(1)
    findings += _database_findings(state) if isinstance(state, DatabaseState) else [state]
    for finding in findings:
        typer.echo(f"{'✔' if finding.ok else '✘'} {finding.text}")
    problems = sum(not finding.ok for finding in findings)
    typer.echo(f"{problems} problem(s)" if problems else "no problems found")
    if problems:
        raise typer.Exit(1)


def _content(settings: Settings) -> Finding:
    from bot.content.catalog import load_content

    try:
        load_content(settings.content_dir)
    except ContentError as error:
        first = str(error.problems[0]) if error.problems else ""
        return Finding(
            False,
            f"content: {len(error.problems)} problem(s), `leadbot content check` lists "
            f"them; the first: {first}",
        )
    return Finding(True, f"content: {settings.content_dir} is valid")


def _people(settings: Settings) -> list[Finding]:
    admins = settings.admin_ids
    manager = settings.manager_chat_id
    return [
        Finding(
            bool(admins),
            f"admins: {len(admins)}"
            if admins
            else (
                "admins: none; set LEADBOT_ADMIN_IDS=[your Telegram id] to hear of stranded leads"
            ),
        ),
        Finding(
            manager is not None,
            f"manager chat: {manager}"
            if manager is not None
            else (
                "manager chat: not set; escalated handovers go to the admins "
                "(set LEADBOT_MANAGER_CHAT_ID)"
            ),
        ),
    ]


async def _database(settings: Settings) -> DatabaseState | Finding:
    try:
        return await database_state(settings.resolved_database_url())
    except Exception as error:  # any driver's failure: the doctor reports, never crashes
        return Finding(False, f"database: cannot read it ({type(error).__name__}: {error})")


def _database_findings(state: DatabaseState) -> list[Finding]:
    if not state.migrated:
        at = state.revision or "empty"
        return [
            Finding(False, f"database: at {at}, newest {state.head}; run `leadbot db upgrade`")
        ]
    findings = [
        Finding(True, f"database: migrated ({state.head})"),
        Finding(state.available_reps > 0, _reps_text(state)),
    ]
    if state.stranded:
        waiting = ", ".join(f"{line.id} (lead {line.lead_id})" for line in state.stranded[:10])
        findings.append(
            Finding(
                False,
                f"handovers no rep holds: {len(state.stranded)}: {waiting}; "
                "`leadbot handovers reassign ID REP_ID`",
            )
        )
    else:
        findings.append(Finding(True, "handovers no rep holds: none"))
    return findings


def _reps_text(state: DatabaseState) -> str:
    if state.reps == 0:
        return "reps: none registered; `leadbot reps add TELEGRAM_ID NAME`"
    if state.available_reps == 0:
        return f"reps: all {state.reps} away; `leadbot reps back ID`"
    return f"reps: {state.available_reps} of {state.reps} available"
