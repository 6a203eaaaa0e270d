"""Who may talk to the review server, and how: one middleware, every rule in one place.

* Host: the request's Host header must name this server (blocks DNS rebinding, where a
  hostile name resolves to 127.0.0.1 and the browser sends its cookies along).
* Token (when set): a header ``X-MTCompare-Token`` or ``Authorization: Bearer``, or the
  cookie that a one-time ``?token=`` link sets; compared in constant time.
* Writes (any method but GET/HEAD): the Origin header must be this server's own origin,
  even on loopback (a page on another site must not post decisions), and the body JSON.
* Every response gets the security headers; the pages add their own script hashes.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.datastructures import URL
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

COOKIE = "mtcompare_token"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
SAFE_METHODS = ("GET", "HEAD")
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-store",
}
#: The default policy; report pages send their own (script hash, connections to self).
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'"


def is_loopback(host: str) -> bool:
    return host in LOOPBACK or host.startswith("127.")


@dataclass(frozen=True)
class Access:
    """Where the server listens and what a client must show."""

    host: str
    port: int
    token: str | None = None

    def hosts(self) -> set[str]:
        """Host header values naming this server (``host:port``)."""
        names = {self.host, *LOOPBACK} if is_loopback(self.host) else {self.host}
        return {f"[{n}]:{self.port}" if ":" in n else f"{n}:{self.port}" for n in names}

    def origins(self) -> set[str]:
        return {f"http://{h}" for h in self.hosts()}


def _error(status: int, message: str) -> Response:
    return JSONResponse({"error": message}, status_code=status)


class Guard(BaseHTTPMiddleware):
    """Applies :class:`Access` to every request; see the module docstring."""

    def __init__(self, app: object, access: Access) -> None:
        super().__init__(app)  # type: ignore[arg-type]
        self.access = access

    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = self.refuse(request) or await self._token_link(request)
        if response is None:
            response = await call_next(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Content-Security-Policy", CSP)
        return response

    def refuse(self, request: Request) -> Response | None:
        """The refusal for this request, or None to let it through."""
        if request.headers.get("host", "") not in self.access.hosts():
            return _error(400, "unknown host: use the address the server printed")
        link = request.method in SAFE_METHODS and "token" in request.query_params
        if self.access.token and not link and not self._has_token(request):
            return _error(401, "this server needs its token (see the URL it printed)")
        if request.method not in SAFE_METHODS:
            if request.headers.get("origin") not in self.access.origins():
                return _error(403, "cross-origin request refused")
            if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
                return _error(415, "send JSON (Content-Type: application/json)")
        return None

    def _has_token(self, request: Request) -> bool:
        expected = self.access.token or ""
        given = [
            request.headers.get("x-mtcompare-token", ""),
            request.headers.get("authorization", "").removeprefix("Bearer "),
            request.cookies.get(COOKIE, ""),
        ]
        return any(g and secrets.compare_digest(g.encode(), expected.encode()) for g in given)

    async def _token_link(self, request: Request) -> Response | None:
        """``?token=T`` on a GET: check it, set the cookie, and drop it from the URL."""
        given = request.query_params.get("token")
        if given is None or not self.access.token or request.method not in SAFE_METHODS:
            return None
        if not secrets.compare_digest(given.encode(), self.access.token.encode()):
            return _error(401, "wrong token")
        rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
        target = URL(path=request.url.path, query=urlencode(rest))
        response = RedirectResponse(str(target), status_code=303)
        response.set_cookie(COOKIE, self.access.token, httponly=True, samesite="strict")
        return response
