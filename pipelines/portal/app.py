"""The portal's routes: every page is a GET over the published warehouse; only login posts."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, quote

import duckdb
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Receive, Scope, Send

from pipelines.portal import auth, export, labels, lineage, pages
from pipelines.portal.data import Snapshot, read_filters
from pipelines.reports.period import sender_feedback

HERE = Path(__file__).parent
NO_BUILD = "Chưa có kho dữ liệu đã làm mới xong; hãy chạy `thidua refresh` rồi tải lại trang."
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NAV = [
    ("/", "Tổng quan"),
    ("/chi-tieu", "Chỉ tiêu"),
    ("/khoi-thi-dua", "Khối thi đua"),
    ("/khen-thuong", "Khen thưởng"),
    ("/chat-luong", "Chất lượng dữ liệu"),
]
# Everything the page loads comes from this application: no CDN, no inline script.
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; frame-ancestors 'none'; form-action 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "cache-control": "no-store",
}


class SecurityHeaders:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] += [
                    (k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(warehouse: Path, token: str | None = None) -> ASGIApp:
    portal = Portal(warehouse, token)
    app: ASGIApp = Starlette(
        routes=portal.routes(),
        exception_handlers={404: portal.not_found, 405: portal.not_found, Exception: portal.failed},
    )
    if token is not None:
        app = auth.RequireToken(app, token, portal.sessions, portal.throttle)
    return SecurityHeaders(app)


class Portal:
    """The pages over one published warehouse: each route a method, each page from pages/."""

    def __init__(self, warehouse: Path, token: str | None) -> None:
        self.snapshot, self.token = Snapshot(warehouse), token
        self.sessions, self.throttle = auth.Sessions(), auth.Throttle()
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.templates.env.filters["display"] = labels.display
        self.templates.env.filters["number"] = labels.number
        self.templates.env.filters["date"] = labels.date
        self.templates.env.globals["nav"] = NAV

    def routes(self) -> list:
        page = self.with_filters
        return [
            Route("/", page(lambda request, cur, f: pages.overview(cur, f))),
            Route("/chi-tieu", page(lambda request, cur, f: pages.indicators(cur, f))),
            Route(
                "/chi-tieu/{ward}",
                page(lambda request, cur, f: pages.ward(cur, f, request.path_params["ward"])),
            ),
            Route("/khoi-thi-dua", page(lambda request, cur, f: pages.blocks(cur, f))),
            Route("/khen-thuong", page(_awards)),
            Route("/khen-thuong/lich-su", self.reading(self.history)),
            Route("/chat-luong", page(_quality)),
            Route("/chat-luong/phan-hoi/{sender}", self.reading(self.feedback)),
            Route("/nguon-goc", self.reading(self.lineage_page)),
            Route("/dang-nhap", self.login, methods=["GET", "POST"]),
            Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
        ]

    def render(
        self, request: Request, name: str, status_code: int = 200, **context
    ) -> HTMLResponse:
        context.setdefault("built_at", self.snapshot.built_at)
        context.setdefault("login", self.token is not None)
        return self.templates.TemplateResponse(request, name, context, status_code=status_code)

    def problem(self, request: Request, message: str, status: int) -> HTMLResponse:
        return self.render(
            request, "message.html", status, title="Không hiển thị được", message=message
        )

    def reading(self, handler):
        """Give a handler a cursor on the published build, or say there is none yet."""

        def endpoint(request: Request) -> Response:
            try:
                cur = self.snapshot.cursor()
            except (FileNotFoundError, duckdb.Error):
                return self.problem(request, NO_BUILD, 503)
            try:
                return handler(request, cur)
            except LookupError as error:  # a build with no reporting period yet
                return self.problem(request, str(error), 503)

        return endpoint

    def with_filters(self, build):
        """A page with the period, block and ward filters; build returns None for not found."""

        def handler(request: Request, cur) -> Response:
            filters = read_filters(cur, dict(request.query_params))
            page = build(request, cur, filters)
            if page is None:
                return self.problem(request, "Không tìm thấy nội dung này trong kho dữ liệu.", 404)
            return self.show(request, page, filters)

        return self.reading(handler)

    def show(self, request: Request, page: pages.Page, filters=None) -> Response:
        """The page, or its tables as the Excel or CSV download asked for (?format=)."""
        built = f"Dữ liệu của lần làm mới lúc {labels.date(self.snapshot.built_at)}"
        fmt = request.query_params.get("format")
        # a download says which period it holds: ma_tran_chi_tieu_2026-H1.xlsx
        suffix = f"_{filters.period}" if filters else ""
        if fmt == "xlsx":
            content = export.to_xlsx(page.title, page.tables, built)
            return _download(content, f"{page.tables[0].name}{suffix}.xlsx", XLSX)
        if fmt == "csv":
            wanted = request.query_params.get("table")
            table = next((t for t in page.tables if t.name == wanted), page.tables[0])
            return _download(
                export.to_csv(table), f"{table.name}{suffix}.csv", "text/csv; charset=utf-8"
            )
        query = filters.query() if filters else ""
        here = request.url.path
        extra = {
            k: v
            for k, v in request.query_params.items()
            if k not in ("period", "block", "ward", "format", "table")
        }
        base = here + "?" + "&".join(p for p in [query, _encode(extra)] if p)
        return self.render(
            request, page.template, page=page, filters=filters, here=here, base=base, **page.context
        )

    def history(self, request: Request, cur) -> Response:
        args = request.query_params
        return self.show(request, pages.history(cur, args.get("q", ""), args.get("key")))

    def lineage_page(self, request: Request, cur) -> Response:
        found = lineage.resolve(cur, dict(request.query_params))
        if found is None:
            return self.problem(
                request, "Không tìm thấy số liệu này hoặc số liệu không có ô nguồn.", 404
            )
        return self.render(request, "lineage.html", title="Nguồn gốc số liệu", lineage=found)

    def feedback(self, request: Request, cur) -> Response:
        filters = read_filters(cur, dict(request.query_params))
        found = sender_feedback(cur, filters.period, request.path_params["sender"], redact=True)
        if found is None:
            return self.problem(request, "Đơn vị này không có báo cáo trong kỳ đã chọn.", 404)
        name, content = found
        return _download(content, name, XLSX)

    async def login(self, request: Request) -> Response:
        if self.token is None:
            return RedirectResponse("/", 303)
        target = auth.safe_next(request.query_params.get("next"))
        if request.method != "POST":
            return self.render(request, "login.html", title="Đăng nhập", next=target, failed=False)
        client = request.client.host if request.client else "?"
        if wait := self.throttle.wait(client):
            return self.problem(request, auth.too_many(wait), 429)
        form = parse_qs((await _small_body(request)).decode("utf-8", "replace"))
        target = auth.safe_next((form.get("next") or ["/"])[0])
        if not auth.password_matches(self.token, (form.get("password") or [""])[0]):
            self.throttle.failed(client)
            return self.render(
                request, "login.html", 401, title="Đăng nhập", next=target, failed=True
            )
        response = RedirectResponse(target, 303)
        response.set_cookie(
            auth.COOKIE,
            self.sessions.issue(),
            max_age=self.sessions.lifetime,
            httponly=True,
            samesite="strict",
            secure=auth.is_https(request.scope),
        )
        return response

    async def not_found(self, request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 404)
        message = (
            "Không có trang này. Hãy chọn một mục trên thanh điều hướng."
            if status == 404
            else "Trang này không nhận yêu cầu kiểu này."
        )
        return self.render(
            request, "message.html", status, title="Không tìm thấy trang", message=message
        )

    async def failed(self, request: Request, exc: Exception) -> Response:
        # a warehouse built by an older thidua lacks a column a page reads, for example
        return self.render(
            request,
            "message.html",
            500,
            title="Không hiển thị được",
            message="Có lỗi khi đọc kho dữ liệu. Hãy làm mới kho (thidua refresh) rồi thử lại;"
            " nếu vẫn lỗi, gửi nhật ký làm mới cho người quản trị.",
        )


def _awards(request: Request, cur, filters) -> pages.Page | None:
    return pages.awards(cur, filters, request.query_params.get("status"))


def _quality(request: Request, cur, filters) -> pages.Page | None:
    args = request.query_params
    return pages.quality(cur, filters, args.get("severity"), args.get("dimension"))


async def _small_body(request: Request, limit: int = 4096) -> bytes:
    """A login form is a few dozen bytes: read no more than `limit` of whatever is sent."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            break
    return body[:limit]


def _encode(params: dict) -> str:
    return "&".join(f"{quote(k)}={quote(v)}" for k, v in params.items() if v)


def _download(content: bytes, name: str, media_type: str) -> Response:
    disposition = f"attachment; filename=\"{name.encode('ascii', 'replace').decode()}\"; filename*=UTF-8''{quote(name)}"
    return Response(content, media_type=media_type, headers={"content-disposition": disposition})
