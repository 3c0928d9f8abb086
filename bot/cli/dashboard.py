"""`leadbot dashboard`: the funnel, leads and content as web pages behind a token login."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Annotated

import typer

from bot.cli.common import cli_settings, fail, run
from bot.dashboard.settings import DashboardSettings, load_dashboard_settings
from bot.settings import Settings, SettingsError

log = logging.getLogger(__name__)


def dashboard(
    host: Annotated[str | None, typer.Option(help="address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="port to listen on", min=0, max=65535)] = None,
) -> None:
    """Serve the dashboard (LEADBOT_DASHBOARD_TOKEN is the login; it refuses to start without)."""
    settings = cli_settings()
    try:
        board = load_dashboard_settings()
        board.require_token()
    except SettingsError as error:
        fail(f"{error}", 2)
    run(_serve(settings, board, host or board.host, board.port if port is None else port))


async def _serve(settings: Settings, board: DashboardSettings, host: str, port: int) -> None:
    from aiohttp import web

    from bot.cli.serve import stop_on_signals
    from bot.content.catalog import load_content
    from bot.dashboard.app import PathOnlyAccessLogger, build_app
    from bot.dashboard.auth import Gate
    from bot.dashboard.state import Dashboard
    from storage.engine import migrated_sessions

    content = load_content(settings.content_dir)
    await asyncio.to_thread(lambda: content.answerer)  # trained now, not on the first visit
    gate = Gate(board.require_token(), timedelta(hours=board.session_hours))
    stop = stop_on_signals()
    async with migrated_sessions(settings.resolved_database_url()) as sessions:
        state = Dashboard(
            sessions,
            content,
            gate,
            default_language=settings.default_language,
            fresh_for=timedelta(minutes=board.refresh_minutes),
            warm=True,
        )
        runner = web.AppRunner(build_app(state), access_log_class=PathOnlyAccessLogger)
        await runner.setup()
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as error:
            await runner.cleanup()
            raise SettingsError(f"cannot listen on {host}:{port}: {error.strerror}") from None
        typer.echo(f"dashboard on http://{host}:{port}/ (Ctrl-C stops it)")
        try:
            await stop.wait()
        finally:
            await runner.cleanup()
