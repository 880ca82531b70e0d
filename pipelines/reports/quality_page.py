"""The quality report a steward opens offline: one self-contained HTML page, in Vietnamese.

Rendered from quality.dq_issues and the marts, with inline styles and no script:
GX Data Docs load their assets from public CDNs and break without a network.
"""

from __future__ import annotations

import datetime as dt
from html import escape

import duckdb

from pipelines.quality.rules import DIMENSION_LABELS, SEVERITY_LABELS

DIMENSIONS = DIMENSION_LABELS
SEVERITIES = SEVERITY_LABELS
STYLE = """
body{font-family:"Times New Roman",serif;margin:2rem;color:#1a1a1a;max-width:1200px}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:2px solid #2f5597}
.muted{color:#666}.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.card{border:1px solid #ccd;border-radius:6px;padding:.6rem 1rem;min-width:9rem}
.card b{display:block;font-size:1.6rem}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{border:1px solid #bbb;padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:#ddebf7}.error{background:#ffc7ce}.warning{background:#ffeb9c}.ok{background:#c6efce}
td.num{text-align:right}
"""


def _table(headers: list[str], rows: list[list], classes: list[str] | None = None) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for index, row in enumerate(rows):
        css = f' class="{classes[index]}"' if classes and classes[index] else ""
        cells = "".join(
            f'<td class="num">{value}</td>'
            if isinstance(value, int | float)
            else f"<td>{escape('' if value is None else str(value))}</td>"
            for value in row
        )
        body.append(f"<tr{css}>{cells}</tr>")
    if not rows:
        body.append(f'<tr><td colspan="{len(headers)}">Không có.</td></tr>')
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


# Each sender the period expects: its report's timeliness, versions and issues by severity.
SENDERS_SQL = """
    select status.sender_code, status.sender_name,
        case status.workbook_kind when 'unit_report' then 'Báo cáo đơn vị' else 'Báo cáo khối' end,
        case when not status.submitted then 'Chưa gửi'
             when status.days_late > 0 then 'Muộn ' || status.days_late || ' ngày'
             else 'Đúng hạn' end,
        status.versions,
        count(issues.issue_id) filter (where issues.severity = 'error'),
        count(issues.issue_id) filter (where issues.severity = 'warning'),
        count(issues.issue_id) filter (where issues.severity = 'info'),
        status.submitted
    from marts.mart_submission_status as status
    left join quality.dq_issues as issues
        on status.period_code = issues.period_code
        and status.sender_code = issues.sender_code
        and (issues.source_file = status.current_file or issues.source_file is null)
    where status.period_code = ?
    group by all
    order by 6 desc, 7 desc, 1
"""
# What the senders must fix, errors first.
PROBLEMS_SQL = """select sender_code, severity, rule_code, source_file, sheet, row_number,
                  column_name, value, message
           from quality.dq_issues
           where period_code = ? and severity in ('error', 'warning')
           order by case severity when 'error' then 0 else 1 end, sender_code, source_file,
                    sheet, row_number"""


def render_quality_page(con: duckdb.DuckDBPyConnection, period: str, now: dt.datetime) -> str:
    status = con.execute(
        """select count(*), count(*) filter (where submitted),
                  count(*) filter (where submitted and days_late > 0),
                  count(*) filter (where not submitted)
           from marts.mart_submission_status where period_code = ?""",
        [period],
    ).fetchone()
    by_dimension = con.execute(
        """select dimension, severity, count(*) from quality.dq_issues
           where period_code = ? group by all""",
        [period],
    ).fetchall()
    counts = {(d, s): n for d, s, n in by_dimension}
    dimension_rows = [
        [label, *(counts.get((code, severity), 0) for severity in SEVERITIES)]
        for code, label in DIMENSIONS.items()
    ]
    senders = con.execute(SENDERS_SQL, [period]).fetchall()
    sender_classes = [
        "error" if row[5] or not row[8] else ("warning" if row[6] else "ok") for row in senders
    ]
    problems = con.execute(PROBLEMS_SQL, [period]).fetchall()
    unattributed = con.execute(
        """select source_file, message from quality.dq_issues
           where sender_code is null and severity = 'error' order by source_file"""
    ).fetchall()
    cards = _cards(status, counts)
    sections = [
        f"<h1>Báo cáo chất lượng dữ liệu thi đua, khen thưởng: kỳ {escape(period)}</h1>",
        f'<p class="muted">Lập lúc {now:%H:%M ngày %d/%m/%Y} từ kho dữ liệu thidua. '
        "Bốn tiêu chí: đúng, đủ, sạch, sống. Lỗi: dòng/tệp bị loại khỏi số liệu tổng hợp; "
        "cảnh báo: vẫn được tổng hợp nhưng cần xem lại; thông tin: hệ thống đã tự chuẩn hoá.</p>",
        f'<div class="cards">{cards}</div>',
        "<h2>Theo tiêu chí chất lượng</h2>",
        _table(["Tiêu chí", *SEVERITIES.values()], dimension_rows),
        "<h2>Theo đơn vị gửi</h2>",
        _table(
            ["Mã", "Đơn vị", "Loại", "Thời hạn", "Số lần gửi", *SEVERITY_LABELS.values()],
            [list(row[:8]) for row in senders],
            sender_classes,
        ),
        "<h2>Lỗi và cảnh báo cần đơn vị sửa</h2>",
        _table(
            ["Đơn vị", "Mức độ", "Quy tắc", "Tệp", "Trang", "Dòng", "Cột", "Giá trị", "Nội dung"],
            [[r[0], SEVERITIES[r[1]], *r[2:]] for r in problems],
            [r[1] for r in problems],
        ),
        "<h2>Tệp không xác định được đơn vị gửi</h2>",
        _table(["Tệp", "Lý do"], [list(r) for r in unattributed], ["error"] * len(unattributed)),
    ]
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>Chất lượng dữ liệu {escape(period)}</title><style>{STYLE}</style></head>"
        f"<body>{''.join(sections)}</body></html>"
    )


def _cards(status: tuple, counts: dict) -> str:
    """The headline figures: who must send, sent, late, missing; errors and warnings."""
    return "".join(
        f'<div class="card">{escape(label)}<b>{value}</b></div>'
        for label, value in [
            ("Đơn vị phải gửi", status[0]),
            ("Đã gửi", status[1]),
            ("Gửi muộn", status[2]),
            ("Chưa gửi", status[3]),
            (SEVERITIES["error"], sum(n for (d, s), n in counts.items() if s == "error")),
            (SEVERITIES["warning"], sum(n for (d, s), n in counts.items() if s == "warning")),
        ]
    )
