"""The aiohttp application: login, the pages behind it, and errors as pages, never traces."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import suppress

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from aiohttp.typedefs import Handler

from bot.dashboard.auth import COOKIE
from bot.dashboard.pages import routes, warm_work
from bot.dashboard.params import BadInput
from bot.dashboard.render import TEMPLATES
from bot.dashboard.snapshots import keep_warm
from bot.dashboard.state import STATE, Dashboard

log = logging.getLogger(__name__)
OPEN_PATHS = ("/login", "/static/")
STATIC = TEMPLATES.parent / "static"


class PathOnlyAccessLogger(AbstractAccessLogger):
    """Method, path, status and time: no query string, no address, so no personal data."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info(
            "%s %s %s %.0f ms", request.method, request.path, response.status, time * 1000
        )


@web.middleware
async def errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Bad input and unknown pages as a clear page with a 4xx status; a bug as a plain 500."""
    state = request.app[STATE]
    try:
        return await handler(request)
    except BadInput as problem:
        return state.page(
            request, "error.html", status=problem.status, key=problem.key, values=problem.values
        )
    except web.HTTPException as http:
        if http.status < 400:
            raise
        key = "not_found" if http.status in (404, 405) else "internal"
        return state.page(request, "error.html", status=http.status, key=key, values={})
    except Exception as error:
        # Only the type and the path: the message might quote what a prospect wrote.
        log.error("dashboard page %s failed: %s", request.path, type(error).__name__)
        return state.page(request, "error.html", status=500, key="internal", values={})


@web.middleware
async def signed_in(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every page but the login form and the stylesheet needs a valid session cookie."""
    state = request.app[STATE]
    if request.path.startswith(OPEN_PATHS):
        return await handler(request)
    if not state.gate.valid(request.cookies.get(COOKIE), state.clock()):
        raise web.HTTPSeeOther("/login")
    return await handler(request)


async def login_form(request: web.Request) -> web.Response:
    """The token form."""
    return request.app[STATE].page(
        request,
        "login.html",
        signed_in=False,
        wrong=False,
        logged_out="logged_out" in request.query,
    )


async def login(request: web.Request) -> web.StreamResponse:
    """Check the token; right, a session cookie and the funnel; wrong, the form with 401."""
    state = request.app[STATE]
    offered = (await request.post()).get("token")
    if not isinstance(offered, str) or not state.gate.token_matches(offered):
        log.warning("dashboard: a sign-in with a wrong token")
        return state.page(
            request, "login.html", status=401, signed_in=False, wrong=True, logged_out=False
        )
    response = web.Response(status=303, headers={"Location": "/"})
    _set_cookie(response, state.gate.issue(state.clock()), state.gate.lifetime.total_seconds())
    return response


async def logout(request: web.Request) -> web.StreamResponse:
    """Forget the session cookie in this browser."""
    response = web.Response(status=303, headers={"Location": "/login?logged_out"})
    _set_cookie(response, "", 0)
    return response


def _set_cookie(response: web.StreamResponse, value: str, max_age: float) -> None:
    response.set_cookie(
        COOKIE,
        value,
        max_age=int(max_age),
        path="/",
        httponly=True,
        samesite="Strict",
        secure=False,  # served on the loopback or behind a TLS proxy that sets its own
    )


async def _keep_warm(app: web.Application) -> AsyncIterator[None]:
    state = app[STATE]
    if not state.warm:
        yield
        return
    task = asyncio.create_task(keep_warm(state.snapshots, warm_work(state)))
    yield
    task.cancel()
    with suppress(asyncio.CancelledError):
        await task


def build_app(state: Dashboard) -> web.Application:
    """The dashboard as an aiohttp application."""
    app = web.Application(middlewares=[errors, signed_in], client_max_size=64 * 1024)
    app[STATE] = state
    app.router.add_get("/login", login_form)
    app.router.add_post("/login", login)
    app.router.add_post("/logout", logout)
    app.router.add_static("/static/", STATIC, append_version=False)
    app.add_routes(routes)
    app.cleanup_ctx.append(_keep_warm)
    return app
