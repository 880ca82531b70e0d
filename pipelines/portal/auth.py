"""The operator's password, when the portal is exposed beyond this machine."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets

from starlette.datastructures import URL
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

COOKIE = "thidua_phien"
OPEN_PATHS = ("/dang-nhap", "/static/")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def session_value(token: str) -> str:
    """What the cookie holds: derived from the password, never the password itself."""
    return hmac.new(token.encode(), b"thidua-portal-session", hashlib.sha256).hexdigest()


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

    def __init__(self, app: ASGIApp, token: str):
        self.app, self.token, self.session = app, token, session_value(token)

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
        bearer = headers.get("authorization", "")
        if secrets.compare_digest(cookies.get(COOKIE, ""), self.session) or (
            bearer.startswith("Bearer ") and password_matches(self.token, bearer[7:])
        ):
            await self.app(scope, receive, send)
            return
        if "text/html" in headers.get("accept", ""):
            url = URL(scope=scope)
            target = url.path + (f"?{url.query}" if url.query else "")
            response = RedirectResponse(URL("/dang-nhap").include_query_params(next=target), 303)
        else:
            response = PlainTextResponse("Cần đăng nhập: gửi mật khẩu cổng thông tin.", 401)
        await response(scope, receive, send)
