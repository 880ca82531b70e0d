"""The `thidua` command: refresh, watch, query, report, templates, sample, serve.

Heavy imports (Dagster, dbt) happen inside the commands that need them, so
`thidua sample` and `thidua query` start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from pipelines.cli.arguments import build_parser


def cmd_refresh(args: argparse.Namespace) -> int:
    raw = Path(args.raw).resolve()
    warehouse = Path(os.path.abspath(args.warehouse))
    if not raw.is_dir():
        print(f"Không tìm thấy thư mục dữ liệu: {raw}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    print(f"Làm mới kho dữ liệu {warehouse} từ {raw}")
    from pipelines.build.state import current_state, is_unchanged
    from pipelines.cli.refresh import (
        BuildFailed,
        Refresher,
        print_failure,
        print_steps,
        print_summary,
    )
    from pipelines.core.values import vn_number
    from pipelines.store.warehouse import RefreshInProgress, refresh_lock

    refresher = Refresher(raw, warehouse)
    try:
        with refresh_lock(warehouse):
            state = current_state(raw, warehouse)
            if is_unchanged(warehouse, state):
                print(
                    "Không có tệp mới hay thay đổi nào kể từ lần làm mới trước: kho dữ liệu và "
                    f"báo cáo giữ nguyên ({vn_number(round(time.perf_counter() - started, 1))} giây)."
                )
                return 0
            print("  Nạp đồ thị Dagster…", flush=True)
            refresher.load()
            loaded = time.perf_counter() - started
            print(
                "  Đọc tệp mới → kiểm tra chất lượng → dựng bảng (dbt) → ghi báo cáo…", flush=True
            )
            build = refresher.build(state)
    except RefreshInProgress as error:
        print(f"LỖI: {error}", file=sys.stderr)
        return 3
    except BuildFailed as error:
        print_failure(error, published=warehouse)
        return 1
    finally:
        refresher.close()
    print_summary(warehouse, time.perf_counter() - started)
    print_steps(loaded, build)
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    """The board's announcement: the period's figures frozen as a new edition, then the
    marts and reports rebuilt to show it (a refresh of the same raw folder)."""
    import getpass

    from pipelines.store.announce import NothingToPublish, announce
    from pipelines.store.warehouse import RefreshInProgress

    warehouse = Path(os.path.abspath(args.warehouse))
    by = args.by or os.environ.get("THIDUA_PUBLISHER") or getpass.getuser()
    try:
        edition = announce(warehouse, args.period, by, args.note)
    except NothingToPublish as error:
        print(f"LỖI: {error}", file=sys.stderr)
        return 2
    except RefreshInProgress as error:
        print(f"LỖI: {error}", file=sys.stderr)
        return 3
    print(
        f"Đã công bố số liệu kỳ {args.period} (lần {edition}, người công bố: {by}). "
        "Các lần làm mới sau giữ nguyên số liệu đã công bố; số liệu gửi muộn hay đính chính "
        "được liệt kê trong marts.mart_published_changes cho đến khi công bố lại."
    )
    return cmd_refresh(args)


def cmd_watch(args: argparse.Namespace) -> int:
    raw = Path(args.raw).resolve()
    if not raw.is_dir():
        print(f"Không tìm thấy thư mục dữ liệu: {raw}", file=sys.stderr)
        return 2
    if args.interval <= 0:
        print("--interval phải là số giây lớn hơn 0.", file=sys.stderr)
        return 2
    from pipelines.cli.watch import watch

    return watch(raw, Path(os.path.abspath(args.warehouse)), args.interval)


def cmd_query(args: argparse.Namespace) -> int:
    from pipelines.store.query import (
        DEFAULT_TABLE_ROWS,
        MAX_FILE_ROWS,
        QueryRefused,
        run_query,
        write_result,
    )

    if args.timeout <= 0 or (args.max_rows is not None and args.max_rows <= 0):
        print("--timeout và --max-rows phải lớn hơn 0.", file=sys.stderr)
        return 2
    limit = args.max_rows or (DEFAULT_TABLE_ROWS if args.format == "table" else MAX_FILE_ROWS)
    try:
        frame = run_query(Path(args.warehouse), args.sql, timeout=args.timeout, max_rows=limit)
    except QueryRefused as error:
        print(f"Từ chối: {error}", file=sys.stderr)
        return 2
    write_result(frame, args.format, Path(args.out) if args.out else None)
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    import datetime as dt

    from pipelines.core.values import parse_date, vn_number
    from pipelines.store.publish import DiskFull
    from pipelines.store.purge import purge
    from pipelines.store.warehouse import RefreshInProgress

    before = parse_date(args.before).value
    if not isinstance(before, dt.date):
        print(f"Ngày “{args.before}” không đọc được; ghi dạng 31/12/2024.", file=sys.stderr)
        return 2
    if not (args.rejected or args.personal):
        print("Chọn ít nhất một: --tep-bi-tu-choi hoặc --du-lieu-ca-nhan.", file=sys.stderr)
        return 2
    warehouse = Path(os.path.abspath(args.warehouse))
    if not warehouse.exists():
        print(f"Chưa có kho dữ liệu {warehouse}.", file=sys.stderr)
        return 2
    try:
        done = purge(warehouse, before, args.rejected, args.personal)
    except RefreshInProgress as error:
        print(f"LỖI: {error}", file=sys.stderr)
        return 3
    except DiskFull as error:
        print(f"LỖI: {error}", file=sys.stderr)
        return 1
    print(f"Đã xoá vĩnh viễn, với các tệp nhận trước ngày {before:%d/%m/%Y}:")
    for item in done:
        print(
            f"  {item.what}: {vn_number(item.files)} tệp, {vn_number(item.rows)} dòng, "
            f"{vn_number(item.bytes_removed // 1024)} KB nội dung tệp."
        )
    print("Đã ghi vào quality.purge_log. Chạy `thidua refresh` để dựng lại các bảng báo cáo.")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from pipelines.reports.period import write_reports

    warehouse = Path(args.warehouse)
    if not warehouse.exists():
        print(f"Chưa có kho dữ liệu {warehouse}; hãy chạy `thidua refresh` trước.", file=sys.stderr)
        return 2
    if args.city:
        os.environ["THIDUA_CITY"] = args.city
    if args.signer:
        os.environ["THIDUA_SIGNER"] = args.signer
    out = Path(args.out) if args.out else warehouse.parent / "reports"
    try:
        written = write_reports(warehouse, args.period, out)
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 2
    feedback = [path for path in written if path.parent.name == "phan_hoi"]
    for path in written:
        if path.parent.name != "phan_hoi":
            print(f"{REPORT_LABELS[path.suffix]}: {path}")
    print(
        f"Đã ghi {len(feedback)} phiếu phản hồi cho các đơn vị vào {out / args.period / 'phan_hoi'}"
    )
    return 0


REPORT_LABELS = {
    ".xlsx": "Báo cáo tổng hợp (phụ lục)",
    ".html": "Báo cáo chất lượng",
    ".docx": "Báo cáo chính thức (bản dự thảo Word)",
}


def cmd_templates(args: argparse.Namespace) -> int:
    from pipelines.reports.templates import write_templates

    for path in write_templates(Path(args.out)):
        print(path)
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    from pipelines.sample.generator import generate

    written = generate(Path(args.out), args.wards, args.seed, defects=not args.clean)
    print(f"Đã tạo {len(written)} tệp trong {args.out} (xem {args.out}/DEFECTS.md).")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from pipelines.portal.auth import is_loopback, password_problem

    token = os.environ.get("THIDUA_PORTAL_TOKEN") or None
    if args.token_file:
        token = Path(args.token_file).read_text(encoding="utf-8").strip() or None
    if token and (problem := password_problem(token)):
        print(f"Từ chối: {problem}", file=sys.stderr)
        return 2
    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        print("Cần cả --ssl-certfile và --ssl-keyfile để phục vụ qua HTTPS.", file=sys.stderr)
        return 2
    if not is_loopback(args.host) and not token:
        print(
            f"Từ chối mở cổng thông tin ra mạng ({args.host}) khi chưa có mật khẩu: đặt biến môi "
            "trường THIDUA_PORTAL_TOKEN hoặc dùng --token-file TỆP.",
            file=sys.stderr,
        )
        return 2
    import uvicorn

    from pipelines.portal.app import create_app

    warehouse = Path(os.path.abspath(args.warehouse))
    if not warehouse.exists():
        print(
            f"Chưa có kho dữ liệu {warehouse}; cổng thông tin sẽ hiển thị khi `thidua refresh` xong."
        )
    scheme = "https" if args.ssl_certfile else "http"
    print(
        f"Cổng thông tin (chỉ đọc) tại {scheme}://{args.host}:{args.port}/ trên {warehouse}",
        flush=True,
    )
    uvicorn.run(
        create_app(warehouse, token),
        host=args.host,
        port=args.port,
        log_level="warning",
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
    )
    return 0


HANDLERS = {
    "refresh": cmd_refresh,
    "publish": cmd_publish,
    "watch": cmd_watch,
    "query": cmd_query,
    "report": cmd_report,
    "purge": cmd_purge,
    "templates": cmd_templates,
    "serve": cmd_serve,
    "sample": cmd_sample,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return HANDLERS[args.command](args)


def entry() -> None:
    """The `thidua` console script: `main`, then a quick exit once a refresh is done.

    A refresh imports Dagster, dbt and Great Expectations; Python's teardown of their
    modules at exit takes 1.3 s and writes nothing. By then every file and connection
    the refresh used is closed, so the registered exit handlers run, the output is
    flushed, and the process ends without the teardown.
    """
    code = main()
    if "dagster" in sys.modules:
        import atexit

        atexit._run_exitfuncs()  # logging, multiprocessing and executor clean-up
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    entry()
