"""The operator's password, when the portal is exposed beyond this machine.

A password shorter than MIN_PASSWORD_LENGTH is refused at start. A login gives a session
cookie signed with a key made at start (never derived from the password), that expires
after SESSION_SECONDS and is `Secure` when the request came over HTTPS (uvicorn's own
TLS, or a reverse proxy on this machine saying X-Forwarded-Proto: https). Wrong
passwords, by form or by `Authorization: Bearer`, are limited per client and overall.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import threading
import time
from collections import deque

from starlette.datastructures import URL
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

COOKIE = "thidua_phien"
OPEN_PATHS = ("/dang-nhap", "/static/")
MIN_PASSWORD_LENGTH = 12
SESSION_SECONDS = 8 * 3600  # a working day
# Wrong passwords: 5 per client and 30 in all per 5 minutes (about 8,600 guesses a day at
# most, against 12 characters: the password is not guessed).
WINDOW_SECONDS = 300
FAILURES_PER_CLIENT = 5
FAILURES_IN_ALL = 30


def password_problem(token: str) -> str | None:
    if len(token) < MIN_PASSWORD_LENGTH:
        return (
            f"Mật khẩu cổng thông tin phải dài ít nhất {MIN_PASSWORD_LENGTH} ký tự "
            f"(mật khẩu đã đặt có {len(token)} ký tự)."
        )
    return None


class Sessions:
    """Session cookies: when issued, and a signature with a key this process made."""

    def __init__(self, lifetime: int = SESSION_SECONDS):
        self._key = secrets.token_bytes(32)
        self.lifetime = lifetime

    def issue(self) -> str:
        issued = str(int(time.time()))
        return f"{issued}.{self._sign(issued)}"

    def valid(self, value: str) -> bool:
        issued, _, signature = value.partition(".")
        if not issued.isdigit() or not secrets.compare_digest(signature, self._sign(issued)):
            return False
        return 0 <= time.time() - int(issued) < self.lifetime

    def _sign(self, issued: str) -> str:
        return hmac.new(self._key, issued.encode(), hashlib.sha256).hexdigest()


class Throttle:
    """Wrong passwords in the last WINDOW_SECONDS, per client and in all."""

    def __init__(self):
        self._failures: dict[str, deque[float]] = {}
        self._all: deque[float] = deque()
        self._lock = threading.Lock()

    def wait(self, client: str) -> int:
        """Seconds before this client may try again (0: now)."""
        now = time.monotonic()
        with self._lock:
            mine = self._recent(self._failures.get(client, deque()), now)
            every = self._recent(self._all, now)
            waits = []
            if len(mine) >= FAILURES_PER_CLIENT:
                waits.append(mine[0] + WINDOW_SECONDS - now)
            if len(every) >= FAILURES_IN_ALL:
                waits.append(every[0] + WINDOW_SECONDS - now)
            return int(max(waits)) + 1 if waits else 0

    def failed(self, client: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._failures.setdefault(client, deque()).append(now)
            self._all.append(now)

    @staticmethod
    def _recent(times: deque[float], now: float) -> deque[float]:
        while times and times[0] < now - WINDOW_SECONDS:
            times.popleft()
        return times


def too_many(seconds: int) -> str:
    return (
        f"Nhập sai mật khẩu quá nhiều lần. Vui lòng thử lại sau {max(1, round(seconds / 60))} phút."
    )


def is_https(scope: Scope) -> bool:
    return scope.get("scheme") == "https"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def password_matches(token: str, given: str) -> bool:
    return secrets.compare_digest(token.encode(), given.encode())


def safe_next(target: str | None) -> str:
    """Only a path on this site: a login link cannot send people elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


class RequireToken:
    """Every request but the login page and static files carries the session cookie or the
    token as `Authorization: Bearer …`; browsers are sent to the login page, scripts get 401."""

    def __init__(self, app: ASGIApp, token: str, sessions: Sessions, throttle: Throttle):
        self.app, self.token, self.sessions, self.throttle = app, token, sessions, throttle

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(OPEN_PATHS):
            await self.app(scope, receive, send)
            return
        headers = {
            key.decode("latin-1"): value.decode("latin-1") for key, value in scope["headers"]
        }
        cookies = dict(
            part.strip().split("=", 1)
            for part in headers.get("cookie", "").split(";")
            if "=" in part
        )
        if self.sessions.valid(cookies.get(COOKIE, "")):
            await self.app(scope, receive, send)
            return
        bearer = headers.get("authorization", "")
        if bearer.startswith("Bearer "):
            client = (scope.get("client") or ("?", 0))[0]
            if wait := self.throttle.wait(client):
                await PlainTextResponse(too_many(wait), 429)(scope, receive, send)
                return
            if password_matches(self.token, bearer[7:]):
                await self.app(scope, receive, send)
                return
            self.throttle.failed(client)
        if "text/html" in headers.get("accept", ""):
            url = URL(scope=scope)
            target = url.path + (f"?{url.query}" if url.query else "")
            response = RedirectResponse(URL("/dang-nhap").include_query_params(next=target), 303)
        else:
            response = PlainTextResponse("Cần đăng nhập: gửi mật khẩu cổng thông tin.", 401)
        await response(scope, receive, send)
