"""The web portal over HTTP: a real `thidua serve` process over the refreshed sample city."""

import csv
import hashlib
import io
import re
import shutil
import subprocess
import sys
from urllib.parse import quote

import duckdb
import pytest
from openpyxl import load_workbook
from portal_server import fetch, serving

PAGES = [
    "/",
    "/chi-tieu",
    "/khoi-thi-dua",
    "/khen-thuong",
    "/chat-luong",
    "/khen-thuong/lich-su?q=nguyen",
]


@pytest.fixture(scope="module")
def portal(refreshed):
    with serving(refreshed) as base:
        yield base


def page(base: str, path: str) -> str:
    status, _, body = fetch(base + path, headers={"Accept": "text/html"})
    assert status == 200, f"{path} answered {status}: {body[:300]!r}"
    return body.decode("utf-8")


def query(warehouse, sql, params=None):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_every_page_answers_in_vietnamese_and_loads_nothing_from_outside(portal):
    for path in PAGES:
        status, headers, body = fetch(portal + path)
        html = body.decode("utf-8")
        assert status == 200, path
        assert '<html lang="vi">' in html and "Tổng quan" in html, path
        assert "default-src 'self'" in headers["content-security-policy"], path
        outside = re.findall(r'(?:src|href)="(?:https?:)?//[^"]*"', html)
        assert not outside, f"{path} loads from outside: {outside}"


def test_the_indicator_matrix_shows_the_marts_figures_with_a_link_to_each_source_cell(
    portal, refreshed
):
    html = page(portal, "/chi-tieu?period=2026-H1")
    expected = query(
        refreshed,
        """select count(*) from marts.mart_indicator_results
           where period_code = '2026-H1' and source_cell is not null""",
    )[0][0]
    links = re.findall(r'href="(/nguon-goc\?kind=indicator[^"]*)"', html)
    assert len(links) == expected, "one lineage link per figure that has a source cell"
    assert "<svg" in html and "Số chỉ tiêu đạt của từng phường, xã" in html, (
        "the bar chart is drawn"
    )
    assert 'class="num good"' in html and 'class="num bad"' in html, (
        "the heat map colours achievement"
    )


def test_filters_by_ward_and_block_change_what_is_shown(portal, refreshed):
    ward_code, ward_name = query(
        refreshed,
        "select ward_code, any_value(ward_name) from marts.mart_indicator_results group by 1 order by 1 limit 1",
    )[0]
    other = query(
        refreshed,
        "select any_value(ward_name) from marts.mart_indicator_results where ward_code <> ? group by ward_code limit 1",
        [ward_code],
    )[0][0]
    everyone = page(portal, "/chi-tieu?period=2026-FY")
    assert ward_name in everyone and other in everyone
    one = page(portal, f"/chi-tieu?period=2026-FY&ward={ward_code}")
    assert ward_name in one
    assert f">{other}</a>" not in one, "the ward filter leaves only that ward in the matrix"

    members = {
        code
        for (code,) in query(
            refreshed,
            "select unit_code from intermediate.int_registry__block_members where block_code = 'K02'",
        )
    }
    block_page = page(portal, "/chi-tieu?period=2026-FY&block=K02")
    shown = set(re.findall(r'href="/chi-tieu/(\d{5})\?', block_page))
    assert shown and shown <= members, f"the block filter shows only its members: {shown - members}"
    assert page(portal, "/chi-tieu?period=2026-H1") != everyone, (
        "the period filter changes the matrix"
    )


def test_an_unknown_filter_value_is_ignored_not_trusted(portal):
    html = page(portal, "/chi-tieu?period=2099-FY&ward=%27%20or%201%3D1&block=x")
    assert "Kết quả thực hiện chỉ tiêu" in html


def test_a_ward_page_shows_its_targets_results_and_rank(portal, refreshed):
    ward_code, rank, achieved = query(
        refreshed,
        "select ward_code, rank_in_city, indicators_achieved from marts.mart_ward_scorecard where period_code = '2026-FY' order by ward_code limit 1",
    )[0]
    html = page(portal, f"/chi-tieu/{ward_code}?period=2026-FY")
    assert (
        "Chỉ tiêu giao" in html
        and "Kết quả thực hiện" in html
        and "Xếp hạng trong thành phố" in html
    )
    assert f'<span class="value">{rank}</span>' in html
    assert f'<span class="value">{achieved}<small>' in html
    assert fetch(portal + "/chi-tieu/99999", headers={"Accept": "text/html"})[0] == 404


def test_lineage_names_the_file_sheet_row_and_cell_of_a_figure(portal, refreshed):
    ward, measure, source_file, sheet, row, cell, actual = query(
        refreshed,
        """select ward_code, measure_code, source_file, source_sheet, source_row, source_cell, actual_value
           from marts.mart_indicator_results
           where period_code = '2026-FY' and source_cell is not null order by ward_code, measure_code limit 1""",
    )[0]
    html = page(portal, f"/nguon-goc?kind=indicator&period=2026-FY&ward={ward}&measure={measure}")
    for expected in (
        f'id="nguon-tep">{source_file}<',
        f'id="nguon-trang">{sheet}<',
        f'id="nguon-dong">{row}<',
        f'id="nguon-o">{cell}<',
    ):
        assert expected.replace("&", "&amp;") in html, expected
    assert '<tr class="figure"><td>' + cell + "</td>" in html, (
        "the figure's own cell is highlighted"
    )


def test_block_lineage_and_ranking_show_recomputed_and_reported_totals(portal, refreshed):
    html = page(portal, "/khoi-thi-dua?period=2026-FY")
    assert "Tổng điểm (tính lại)" in html and "Tổng điểm khối báo cáo" in html
    mismatches = query(
        refreshed,
        "select count(*) from marts.mart_covenant_scores where period_code = '2026-FY' and has_total_mismatch",
    )[0][0]
    assert html.count('<tr class="bad">') >= mismatches
    link = (
        re.search(r'href="(/nguon-goc\?kind=covenant[^"]*)"', html).group(1).replace("&amp;", "&")
    )
    lineage = page(portal, link)
    assert 'id="nguon-tep">' in lineage and '<tr class="figure">' in lineage, (
        "the reported total's cell"
    )


def test_downloads_hold_what_the_page_shows_as_excel_and_csv(portal, refreshed):
    status, headers, body = fetch(portal + "/chi-tieu?period=2026-FY&format=xlsx")
    assert status == 200 and "attachment" in headers["content-disposition"]
    workbook = load_workbook(io.BytesIO(body))
    matrix = workbook["ma_tran_chi_tieu"]
    wards = query(
        refreshed,
        "select count(distinct ward_code) from marts.mart_indicator_results where period_code = '2026-FY'",
    )[0][0]
    assert matrix.max_row - 4 == wards, "one row per ward under the title lines and the header"
    assert matrix.cell(4, 2).value == "Phường, xã"

    status, headers, body = fetch(
        portal + "/chi-tieu?period=2026-FY&format=csv&table=ket_qua_chi_tiet"
    )
    assert headers["content-type"].startswith("text/csv")
    assert "ket_qua_chi_tiet_2026-FY.csv" in headers["content-disposition"], "named by period"
    text = body.decode("utf-8")
    assert text.startswith("\ufeff"), "a byte-order mark so Excel reads Vietnamese"
    # as Excel with Vietnamese regional settings reads it: ";" between fields, "," decimals
    table = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    results = query(
        refreshed, "select count(*) from marts.mart_indicator_results where period_code = '2026-FY'"
    )[0][0]
    assert table[0][:2] == ["Mã phường, xã", "Phường, xã"] and len(table) - 1 == results
    targets = [row[table[0].index("Chỉ tiêu giao")] for row in table[1:]]
    assert any("," in t for t in targets) and not any("." in t for t in targets)
    assert {row[table[0].index("So sánh")] for row in table[1:]} <= {"≥", ">", "≤", "<", "bằng"}


def test_award_filters_and_history_lookup(portal, refreshed):
    ineligible = query(
        refreshed,
        "select count(*) from marts.mart_award_proposals where eligibility_status = 'ineligible' and year = 2026",
    )[0][0]
    html = page(portal, "/khen-thuong?period=2026-FY&status=ineligible")
    rows = re.findall(r'<tr class="bad">', html)
    assert len(rows) == ineligible and ineligible > 0
    assert "Không đủ điều kiện" in html and "Điều" in html, "reasons cite the article"

    name, key = query(
        refreshed,
        """select nominee_name, nominee_key from marts.mart_commendation_history
           where record_kind = 'granted' and nominee_type = 'individual' order by nominee_name limit 1""",
    )[0]
    from pipelines.core.text import fold

    found = page(portal, f"/khen-thuong/lich-su?q={quote(fold(name))}")
    assert name in found and "Đã được khen" in found, "a name typed without diacritics is found"
    by_key = page(portal, f"/khen-thuong/lich-su?key={key}")
    granted = query(
        refreshed,
        "select count(*) from marts.mart_commendation_history where nominee_key = ?",
        [key],
    )[0][0]
    assert by_key.count("<tr class=") == granted


def test_quality_page_counts_issues_by_sender_and_serves_the_redacted_feedback_workbook(
    portal, refreshed
):
    errors = query(
        refreshed,
        "select count(*) from quality.dq_issues where (period_code = '2026-FY' or period_code is null) and severity = 'error'",
    )[0][0]
    body = fetch(portal + "/chat-luong?period=2026-FY&format=csv&table=loi_theo_don_vi")[2].decode(
        "utf-8"
    )
    by_sender = list(csv.DictReader(io.StringIO(body[1:]), delimiter=";"))
    assert errors > 0 and sum(int(r["Lỗi"]) for r in by_sender) == errors, "errors by sender add up"
    listed = fetch(
        portal + "/chat-luong?period=2026-FY&severity=error&format=csv&table=danh_sach_van_de"
    )[2]
    assert (
        len(list(csv.reader(io.StringIO(listed.decode("utf-8")[1:]), delimiter=";"))) - 1 == errors
    ), "the severity filter"
    sender = query(
        refreshed,
        """select issues.sender_code from quality.dq_issues as issues
           join raw.unit_award_proposals as proposals using (file_hash)
           where issues.period_code = '2026-FY' and proposals.personal_id is not null limit 1""",
    )[0][0]
    assert f"/chat-luong/phan-hoi/{sender}?period=2026-FY" in page(
        portal, "/chat-luong?period=2026-FY"
    )
    status, headers, body = fetch(portal + f"/chat-luong/phan-hoi/{sender}?period=2026-FY")
    assert status == 200
    workbook = load_workbook(io.BytesIO(body))
    assert workbook.sheetnames[0] == "PhanHoi"
    cells = " ".join(
        str(c)
        for ws in workbook
        for row in ws.iter_rows(values_only=True)
        for c in row
        if c is not None
    )
    numbers = {
        n
        for (n,) in query(
            refreshed,
            "select personal_id from raw.unit_award_proposals where personal_id is not null",
        )
    }
    assert numbers and not [n for n in numbers if n in cells], (
        "the portal's copy masks personal numbers"
    )
    assert "**/**/****" in cells, "and blanks birth dates"


def test_no_page_or_download_shows_a_personal_number_or_a_birth_date(portal, refreshed):
    numbers = {
        n
        for (n,) in query(
            refreshed,
            "select personal_id from raw.unit_award_proposals where personal_id is not null",
        )
    }
    births = {
        f"{b:%d/%m/%Y}"
        for (b,) in query(
            refreshed,
            "select birth_date from raw.unit_award_proposals where birth_date is not null",
        )
    }
    assert numbers and births
    html = page(portal, "/khen-thuong?period=2026-FY")
    targets = set(re.findall(r'href="(/(?:nguon-goc|khen-thuong/lich-su)\?[^"]*)"', html)[:40])
    shown = []
    for path in [
        *PAGES,
        "/khen-thuong?period=2026-FY&format=csv",
        "/chat-luong?period=2026-FY&format=csv&table=danh_sach_van_de",
        *targets,
    ]:
        status, _, body = fetch(portal + path.replace("&amp;", "&"))
        assert status == 200, path
        text = body.decode("utf-8")
        shown += [(path, n) for n in numbers if n in text] + [
            (path, b) for b in births if b in text
        ]
    assert not shown, f"personal data reached the portal: {shown[:5]}"


def test_the_portal_cannot_write_and_serves_no_file_outside_its_own(portal, refreshed):
    before = hashlib.sha256(refreshed.read_bytes()).hexdigest()
    for method in ("POST", "PUT", "DELETE"):
        assert fetch(portal + "/chi-tieu", method=method, data=b"x=1")[0] == 405, method
    for path in (
        "/static/../app.py",
        "/static/..%2f..%2fcli.py",
        "/static/%2e%2e/data.py",
        "/static//etc/passwd",
    ):
        status, _, body = fetch(portal + path)
        assert status == 404 and b"import" not in body, path
    assert fetch(portal + "/chi-tieu?period=2026-FY&format=xlsx")[0] == 200
    assert hashlib.sha256(refreshed.read_bytes()).hexdigest() == before, (
        "the warehouse is unchanged"
    )


def test_a_refresh_runs_while_the_portal_is_open_and_the_portal_then_shows_the_new_build(
    city, refreshed, tmp_path
):
    warehouse = tmp_path / "thidua.duckdb"
    shutil.copy2(refreshed, warehouse)
    with serving(warehouse) as base:
        first = page(base, "/")
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pipelines.cli",
                "refresh",
                "--raw",
                str(city),
                "--warehouse",
                str(warehouse),
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        after = page(base, "/")
    stamp = re.compile(r'data-built="([^"]+)"')
    assert stamp.search(first).group(1) != stamp.search(after).group(1), "the new build is shown"


def test_exposing_the_portal_needs_a_password_and_the_password_guards_every_page(
    refreshed, tmp_path
):
    refused = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines.cli",
            "serve",
            "--warehouse",
            str(refreshed),
            "--host",
            "0.0.0.0",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={k: v for k, v in __import__("os").environ.items() if k != "THIDUA_PORTAL_TOKEN"},
    )
    assert refused.returncode == 2 and "mật khẩu" in refused.stderr

    secret = tmp_path / "token"
    secret.write_text("mat-khau-cua-ban-tdkt\n", encoding="utf-8")
    with serving(refreshed, "--token-file", str(secret)) as base:
        status, headers, _ = fetch(base + "/chi-tieu", headers={"Accept": "text/html"})
        assert status == 303 and headers["location"].startswith("/dang-nhap?next=")
        assert fetch(base + "/chi-tieu?format=csv")[0] == 401
        assert fetch(base + "/static/portal.css")[0] == 200, "the login page's stylesheet is open"
        wrong = fetch(base + "/dang-nhap", "POST", data=b"password=sai&next=/chi-tieu")
        assert wrong[0] == 401
        right = fetch(
            base + "/dang-nhap", "POST", data=b"password=mat-khau-cua-ban-tdkt&next=//evil.example/"
        )
        assert right[0] == 303 and right[1]["location"] == "/", (
            "a login never redirects off the site"
        )
        cookie = right[1]["set-cookie"].split(";")[0]
        assert "mat-khau" not in cookie, "the cookie does not carry the password"
        assert fetch(base + "/chi-tieu", headers={"Cookie": cookie})[0] == 200
        assert (
            fetch(base + "/chi-tieu", headers={"Authorization": "Bearer mat-khau-cua-ban-tdkt"})[0]
            == 200
        )


def test_before_the_first_refresh_the_portal_says_so(tmp_path):
    with serving(tmp_path / "none.duckdb") as base:
        status, _, body = fetch(base + "/", headers={"Accept": "text/html"})
    assert status == 503 and "thidua refresh" in body.decode("utf-8")


def test_a_short_password_is_refused_and_wrong_ones_are_limited(refreshed, tmp_path):
    """Issue 16: 100 wrong passwords in 0.6 s, a 1-character password, a cookie for ever."""
    short = tmp_path / "short"
    short.write_text("x\n", encoding="utf-8")
    refused = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "serve", "--warehouse", str(refreshed)]
        + ["--token-file", str(short)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 2 and "ít nhất 12 ký tự" in refused.stderr

    secret = tmp_path / "token"
    secret.write_text("mat-khau-cua-ban-tdkt\n", encoding="utf-8")
    with serving(refreshed, "--token-file", str(secret)) as base:
        statuses = [
            fetch(base + "/dang-nhap", "POST", data=f"password=sai{i}".encode())[0]
            for i in range(7)
        ]
        assert statuses[:5] == [401] * 5 and statuses[5:] == [429, 429]
        # the right password too must wait now: guessing cannot go on at any speed
        assert fetch(base + "/dang-nhap", "POST", data=b"password=mat-khau-cua-ban-tdkt")[0] == 429
        assert fetch(base + "/", headers={"Authorization": "Bearer sai"})[0] == 429

    with serving(refreshed, "--token-file", str(secret)) as base:
        login = fetch(
            base + "/dang-nhap",
            "POST",
            data=b"password=mat-khau-cua-ban-tdkt",
            headers={"X-Forwarded-Proto": "https"},  # a reverse proxy on this machine
        )
        cookie = login[1]["set-cookie"]
        assert "Max-Age=28800" in cookie and "HttpOnly" in cookie and "Secure" in cookie
        plain = fetch(base + "/dang-nhap", "POST", data=b"password=mat-khau-cua-ban-tdkt")
        assert "Secure" not in plain[1]["set-cookie"], "over plain HTTP a Secure cookie is lost"


def test_a_session_expires_and_cannot_be_forged(monkeypatch):
    from pipelines.portal import auth

    sessions = auth.Sessions(lifetime=3600)
    value = sessions.issue()
    assert sessions.valid(value)
    issued = int(value.split(".")[0])
    assert not sessions.valid(f"{issued + 7200}.{value.split('.')[1]}"), "the time is signed"
    assert not auth.Sessions().valid(value), "a restarted portal made a new key"
    monkeypatch.setattr(auth.time, "time", lambda: issued + 3601)
    assert not sessions.valid(value), "expired after its lifetime"


def test_an_unknown_page_or_choice_is_said_in_vietnamese(portal):
    status, _, body = fetch(portal + "/khong-co-trang-nay", headers={"Accept": "text/html"})
    html = body.decode("utf-8")
    assert status == 404 and '<html lang="vi">' in html and "Không có trang này" in html
    assert "Not Found" not in html
    html = page(portal, "/chi-tieu?period=2030-H1&block=K99&ward=zzz")
    assert "Không có kỳ “2030-H1” trong kho dữ liệu" in html
    assert "Không có khối thi đua “K99”" in html and "mã “zzz”" in html
    typed = page(portal, "/chi-tieu?period=2026-h1")
    assert 'value="2026-H1" selected' in typed and "Không có kỳ" not in typed


def test_a_refused_figure_is_grey_says_why_and_links_to_the_marked_file(portal):
    html = page(portal, "/chi-tieu?period=2026-FY")
    refused = re.findall(r'<td class="none refused" title="([^"]*)"><a href="([^"]*)"', html)
    # D17: ward 00136 reported CT07a as 102 %, refused as out of range
    assert any(
        "102" in title and href.startswith("/chat-luong/phan-hoi/00136") for title, href in refused
    )
    assert not re.search(r'<td class="num bad"[^>]*><a[^>]*></a></td>', html), "no empty red cell"
    assert "từ 95 trở lên" in html or "trên 95" in html, "targets in the plan's words"
    ward = page(portal, "/chi-tieu/00136?period=2026-FY")
    assert '<td class="comparator">≥</td>' in ward and "&gt;=" not in ward


def test_the_lineage_page_speaks_of_persons_and_years_not_internal_values(portal):
    html = page(portal, "/khen-thuong?period=2026-FY")
    target = re.search(r'href="(/nguon-goc\?[^"]*kind=award[^"]*)"', html)
    assert target, "awards link to their source row"
    lineage = page(portal, target.group(1).replace("&amp;", "&"))
    cells = re.findall(r"<td>([^<]*)</td>", lineage)
    assert "2026" in cells and "2.026" not in cells
    assert not {"individual", "collective", "household"} & set(cells)
