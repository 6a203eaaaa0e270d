"""The review server's routes: pages for people, a JSON API for the pages and scripts.

Runs are immutable once stored, so each run is loaded once and kept (a small LRU);
decisions and variants are read fresh from the store on every request.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from datetime import UTC, datetime
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from mtcompare.core.errors import InputError
from mtcompare.core.model import RunResult
from mtcompare.render import jsonout
from mtcompare.render.html import review_csp
from mtcompare.review.model import (
    checked_decision,
    checked_note,
    checked_variant,
    find_flag,
    make_decision,
    shown,
)
from mtcompare.serve import pages
from mtcompare.serve.guard import Access, Guard
from mtcompare.store import Store, reviews

log = logging.getLogger("mtcompare.serve")
CACHED_RUNS = 8


class JSON(JSONResponse):
    """Strict JSON (no NaN), as every other output of the tool."""

    def render(self, content: Any) -> bytes:
        return jsonout.dumps(content, indent=None, compact=True).encode("utf-8")


class Runs:
    """The store and the runs loaded from it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._cache: OrderedDict[str, RunResult] = OrderedDict()
        self._pages: dict[str, str] = {}
        self._building = threading.Lock()

    def get(self, ref: str) -> tuple[str, RunResult]:
        run_id = self.store.resolve(ref)
        if run_id not in self._cache:
            self._cache[run_id] = self.store.load(run_id)
            while len(self._cache) > CACHED_RUNS:
                self._pages.pop(self._cache.popitem(last=False)[0], None)
        self._cache.move_to_end(run_id)
        return run_id, self._cache[run_id]

    def page(self, ref: str) -> tuple[str, str]:
        """The run's review page without decisions, built once per cached run."""
        with self._building:  # the start-up thread may be building it: wait, not redo
            run_id, run = self.get(ref)
            if run_id not in self._pages:
                self._pages[run_id] = pages.run_page(run_id, run)
            return run_id, self._pages[run_id]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


async def _body(request: Request) -> dict[str, Any]:
    try:
        data = await request.json()
    except ValueError:
        raise InputError("the request body is not JSON") from None
    if not isinstance(data, dict):
        raise InputError("the request body must be a JSON object")
    return data


def _runs(request: Request) -> Runs:
    return request.app.state.runs


# --- API ------------------------------------------------------------------------------


async def api_runs(request: Request) -> Response:
    return JSON([r.to_dict() for r in _runs(request).store.list_runs()])


async def api_run(request: Request) -> Response:
    runs = _runs(request)
    run_id, run = runs.get(request.path_params["run"])
    found = reviews.decisions(runs.store, [run_id])
    return JSON({"id": run_id, "run": run.to_dict(), "decisions": [vars(d) for d in found]})


async def api_decisions(request: Request) -> Response:
    runs = _runs(request)
    run_id, _ = runs.get(request.path_params["run"])
    return JSON([vars(d) for d in reviews.decisions(runs.store, [run_id])])


async def api_decide(request: Request) -> Response:
    runs = _runs(request)
    run_id, run = runs.get(request.path_params["run"])
    flag = find_flag(run, request.path_params["flag"])
    body = await _body(request)
    decision, note, reviewer = checked_decision(
        body.get("decision"), body.get("note"), body.get("reviewer")
    )
    record = make_decision(run_id, flag, decision, note, reviewer, _now())
    reviews.add_decision(runs.store, record)
    return JSON({"decision": vars(record)}, status_code=201)


async def api_variants(request: Request) -> Response:
    store = _runs(request).store
    if request.method == "GET":
        return JSON([vars(v) for v in reviews.variants(store)])
    body = await _body(request)
    if "flag_id" in body:  # accept the variant a flag shows
        _, run = _runs(request).get(str(body.get("run", "")))
        flag = find_flag(run, str(body["flag_id"])).flag
        body = {**body, "category": flag.category, "ref": flag.ref, "hyp": flag.hyp}
    category, ref, hyp = checked_variant(body.get("category"), body.get("ref"), body.get("hyp"))
    note, reviewer = checked_note(body.get("note"), body.get("reviewer"))
    variant = reviews.add_variant(store, category, ref, hyp, note, reviewer, _now())
    return JSON({"variant": vars(variant)}, status_code=201)


# --- pages ----------------------------------------------------------------------------


async def page_runs(request: Request) -> Response:
    return HTMLResponse(pages.runs_page(_runs(request).store.list_runs()))


async def page_run(request: Request) -> Response:
    runs = _runs(request)
    run_id, page = runs.page(request.path_params["run"])
    decided = shown(reviews.decisions(runs.store, [run_id]))
    text = pages.with_decisions(page, run_id, decided)
    return HTMLResponse(text, headers={"Content-Security-Policy": review_csp(can_decide=True)})


async def page_compare(request: Request) -> Response:
    old, new = request.query_params.get("old", ""), request.query_params.get("new", "")
    return HTMLResponse(pages.compare_page(_runs(request).store, old, new))


async def trend_svg(request: Request) -> Response:
    q = request.query_params
    svg = pages.trend_svg(_runs(request).store, q.get("system", ""), q.get("metric", ""))
    return Response(svg, media_type="image/svg+xml")


async def page_trend(request: Request) -> Response:
    q = request.query_params
    return HTMLResponse(
        pages.trend_page(_runs(request).store, q.get("system", ""), q.get("metric", ""))
    )


# --- errors ---------------------------------------------------------------------------


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def on_input_error(request: Request, exc: Exception) -> Response:
    status = 404 if str(exc).startswith(("no run", "no flag")) else 400
    if _wants_json(request):
        return JSON({"error": str(exc)}, status_code=status)
    return HTMLResponse(pages.error_page(str(exc)), status_code=status)


async def on_http_error(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    detail = str(getattr(exc, "detail", "error"))
    if _wants_json(request):
        return JSON({"error": detail}, status_code=status)
    return HTMLResponse(pages.error_page(detail), status_code=status)


async def on_crash(request: Request, exc: Exception) -> Response:
    """A bug: one line to the client, the traceback only to the server's log."""
    log.exception("internal error on %s %s", request.method, request.url.path)
    return JSON({"error": "internal error (see the server's log)"}, status_code=500)


def create_app(store: Store, access: Access, prepare: bool = False) -> Starlette:
    """The app over ``store``; ``access`` says who may use it (see :mod:`.guard`);
    ``prepare``: build the newest run's page in the background now."""
    routes = [
        Route("/", page_runs),
        Route("/runs/{run}", page_run),
        Route("/compare", page_compare),
        Route("/trend", page_trend),
        Route("/trend.svg", trend_svg),
        Route("/api/runs", api_runs),
        Route("/api/runs/{run}", api_run),
        Route("/api/runs/{run}/decisions", api_decisions),
        Route("/api/runs/{run}/flags/{flag}/decision", api_decide, methods=["POST"]),
        Route("/api/variants", api_variants, methods=["GET", "POST"]),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(Guard, access=access)],
        exception_handlers={
            InputError: on_input_error,
            HTTPException: on_http_error,
            Exception: on_crash,
        },
    )
    app.state.runs = Runs(store)
    if prepare:
        prepare_latest(app.state.runs)
    return app


def prepare_latest(runs: Runs) -> threading.Thread:
    """Build the newest run's page in the background at start-up, so the run a reviewer
    most likely opens first is ready (a WMT-scale page takes seconds to build)."""

    def build() -> None:
        try:
            if runs.store.list_runs(limit=1):
                runs.page("latest")
        except Exception:  # a damaged run: the request for it reports the problem
            log.warning("could not prepare the newest run's page", exc_info=True)

    thread = threading.Thread(target=build, name="mtcompare-prepare", daemon=True)
    thread.start()
    return thread
