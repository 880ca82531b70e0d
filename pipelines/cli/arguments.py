"""The `thidua` command's arguments: one function per sub-command, its help in Vietnamese."""

from __future__ import annotations

import argparse

from pipelines.cli import words

DEFAULT_WAREHOUSE = "warehouse/thidua.duckdb"
WAREHOUSE_HELP = "tệp kho dữ liệu DuckDB"
RAW_HELP = "thư mục chứa các tệp báo cáo nhận về"


def build_parser() -> argparse.ArgumentParser:
    words.install()
    parser = argparse.ArgumentParser(
        prog="thidua",
        description="Tổng hợp dữ liệu thi đua, khen thưởng của các phường, xã.",
        formatter_class=words.Formatter,
    )
    commands = parser.add_subparsers(
        dest="command", required=True, title="lệnh", metavar="LỆNH", help="việc cần làm"
    )
    for name, help_text, add_arguments in COMMANDS:
        command = commands.add_parser(
            name, help=help_text, description=help_text, formatter_class=words.Formatter
        )
        add_arguments(command)
    return parser


def _refresh(command: argparse.ArgumentParser) -> None:
    command.add_argument("--raw", default="raw", metavar="THƯ_MỤC", help=RAW_HELP)
    command.add_argument(
        "--warehouse", default=DEFAULT_WAREHOUSE, metavar="TỆP", help=WAREHOUSE_HELP
    )


def _publish(command: argparse.ArgumentParser) -> None:
    command.add_argument("--period", required=True, metavar="MÃ_KỲ", help="mã kỳ, ví dụ 2026-H1")
    command.add_argument(
        "--nguoi-cong-bo",
        dest="by",
        metavar="HỌ_TÊN",
        help="người công bố (mặc định: tài khoản máy)",
    )
    command.add_argument(
        "--ghi-chu", dest="note", metavar="NỘI_DUNG", help="ghi chú của lần công bố"
    )
    command.add_argument("--raw", default="raw", metavar="THƯ_MỤC", help=RAW_HELP)
    command.add_argument(
        "--warehouse", default=DEFAULT_WAREHOUSE, metavar="TỆP", help=WAREHOUSE_HELP
    )


def _watch(command: argparse.ArgumentParser) -> None:
    command.add_argument("--raw", default="raw", metavar="THƯ_MỤC", help=RAW_HELP)
    command.add_argument(
        "--warehouse", default=DEFAULT_WAREHOUSE, metavar="TỆP", help=WAREHOUSE_HELP
    )
    command.add_argument(
        "--interval",
        type=words.number,
        default=2.0,
        metavar="GIÂY",
        help="số giây giữa hai lần xem",
    )


def _query(command: argparse.ArgumentParser) -> None:
    command.add_argument("sql", metavar="CÂU_LỆNH_SQL", help="một câu lệnh SELECT")
    command.add_argument(
        "--warehouse", default=DEFAULT_WAREHOUSE, metavar="TỆP", help=WAREHOUSE_HELP
    )
    command.add_argument(
        "--format",
        choices=["table", "csv", "json", "xlsx"],
        default="table",
        help="dạng kết quả: bảng trên màn hình, CSV, JSON hoặc tệp Excel",
    )
    command.add_argument("--out", metavar="TỆP", help="ghi kết quả vào tệp này")
    command.add_argument(
        "--timeout",
        type=words.number,
        default=30,
        metavar="GIÂY",
        help="dừng câu lệnh chạy quá số giây này",
    )
    command.add_argument(
        "--max-rows",
        type=words.integer,
        default=None,
        metavar="SỐ_DÒNG",
        help="số dòng tối đa trả về (mặc định 200 khi hiện trên màn hình, 1.000.000 khi ghi tệp)",
    )


def _report(command: argparse.ArgumentParser) -> None:
    command.add_argument("--period", required=True, metavar="MÃ_KỲ", help="mã kỳ, ví dụ 2026-H1")
    command.add_argument(
        "--warehouse", default=DEFAULT_WAREHOUSE, metavar="TỆP", help=WAREHOUSE_HELP
    )
    command.add_argument(
        "--out",
        metavar="THƯ_MỤC",
        help="thư mục ghi báo cáo (mặc định: thư mục reports cạnh kho dữ liệu, nơi mỗi lần"
        " làm mới cập nhật báo cáo)",
    )
    command.add_argument(
        "--thanh-pho",
        dest="city",
        metavar="TÊN",
        help="tên thành phố trên báo cáo chính thức (Thanh Hà)",
    )
    command.add_argument(
        "--nguoi-ky", dest="signer", metavar="HỌ_TÊN", help="người ký báo cáo chính thức"
    )


def _purge(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--before",
        required=True,
        metavar="NGÀY",
        help="chỉ xoá dữ liệu của các tệp nhận trước ngày này (31/12/2024)",
    )
    command.add_argument(
        "--tep-bi-tu-choi",
        "--rejected",
        dest="rejected",
        action="store_true",
        help="xoá nội dung (bytes) đã lưu của các tệp bị từ chối",
    )
    command.add_argument(
        "--du-lieu-ca-nhan",
        "--personal",
        dest="personal",
        action="store_true",
        help="xoá số định danh, ngày sinh, giới tính, người lập và nội dung tệp gốc",
    )
    command.add_argument(
        "--warehouse", default=DEFAULT_WAREHOUSE, metavar="TỆP", help=WAREHOUSE_HELP
    )


def _templates(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--out", default="templates", metavar="THƯ_MỤC", help="thư mục ghi các biểu mẫu"
    )


def _serve(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--warehouse", default=DEFAULT_WAREHOUSE, metavar="TỆP", help=WAREHOUSE_HELP
    )
    command.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="ĐỊA_CHỈ",
        help="địa chỉ lắng nghe; khác 127.0.0.1 thì cần mật khẩu",
    )
    command.add_argument(
        "--port", type=words.integer, default=8080, metavar="CỔNG", help="cổng lắng nghe"
    )
    command.add_argument(
        "--token-file",
        metavar="TỆP",
        help="tệp chứa mật khẩu, ít nhất 12 ký tự (bắt buộc khi --host không phải 127.0.0.1)",
    )
    command.add_argument(
        "--ssl-certfile", metavar="TỆP", help="chứng chỉ TLS, để phục vụ trực tiếp qua HTTPS"
    )
    command.add_argument("--ssl-keyfile", metavar="TỆP", help="khoá riêng của chứng chỉ TLS")


def _sample(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--out", default="sample", metavar="THƯ_MỤC", help="thư mục ghi dữ liệu mẫu"
    )
    command.add_argument(
        "--wards", type=words.integer, default=12, metavar="SỐ", help="số phường, xã"
    )
    command.add_argument(
        "--seed",
        type=words.integer,
        default=2026,
        metavar="SỐ",
        help="hạt giống ngẫu nhiên (cùng hạt, cùng tệp)",
    )
    command.add_argument("--clean", action="store_true", help="không cài lỗi mẫu")


# (name, what it does, its arguments), in the order `thidua --help` lists them
COMMANDS = [
    ("refresh", "đọc tệp mới và dựng lại kho dữ liệu", _refresh),
    (
        "publish",
        "công bố số liệu một kỳ: giữ nguyên số liệu đã công bố, liệt kê đính chính về sau",
        _publish,
    ),
    ("watch", "theo dõi thư mục dữ liệu, làm mới kho mỗi khi có tệp mới hay thay đổi", _watch),
    ("query", "truy vấn chỉ đọc các bảng marts.* và quality.* của kho dữ liệu", _query),
    ("report", "phiếu phản hồi từng đơn vị và báo cáo chất lượng của một kỳ", _report),
    (
        "purge",
        "xoá vĩnh viễn nội dung tệp bị từ chối và dữ liệu cá nhân cũ (có ghi nhật ký)",
        _purge,
    ),
    ("templates", "biểu mẫu trống gửi các phường", _templates),
    ("serve", "cổng thông tin web chỉ đọc cho Ban TĐKT", _serve),
    ("sample", "tạo dữ liệu mẫu của một thành phố", _sample),
]
