"""The portal in a real headless Chromium driven by Selenium: pages load with nothing blocked,
filters change what is shown, a figure leads to its cell, downloads open. Screenshots are
kept in artifacts/portal/ (or $THIDUA_ARTIFACTS/portal) for people to look at."""

import os
import time
from pathlib import Path

import pytest
from chromium import CHROMEDRIVER, CHROMIUM, CHROMIUM_FLAGS
from openpyxl import load_workbook
from portal_server import serving

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="needs Debian's chromium and chromium-driver; `make test` installs them",
)
ARTIFACTS = (
    Path(os.environ.get("THIDUA_ARTIFACTS", Path(__file__).resolve().parents[1] / "artifacts"))
    / "portal"
)


@pytest.fixture(scope="module")
def portal(refreshed):
    with serving(refreshed) as base:
        yield base


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads, tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        *CHROMIUM_FLAGS,
        "--window-size=1400,1000",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def shot(driver, name: str) -> None:
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def click_and_wait(driver, element) -> None:
    """Click a link or button and wait until the next page has replaced this one.

    The old page is marked with a script variable; the new one has none. (Waiting for
    the old <html> element to go stale raised chromium's "Node with given id does not
    belong to the document" now and then, mid-navigation.)
    """
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_script("window.__thiduaOldPage = true;")
    element.click()

    def replaced(driver) -> bool:
        try:
            return driver.execute_script(
                "return window.__thiduaOldPage === undefined && document.readyState === 'complete';"
            )
        except WebDriverException:  # between two documents
            return False

    WebDriverWait(driver, 30).until(replaced)


def problems(driver) -> list[str]:
    """Console errors: a blocked or failed load (a CDN, a missing file) shows here."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def test_every_page_loads_in_the_browser_with_nothing_blocked_or_missing(browser, portal):
    from selenium.webdriver.common.by import By

    for path, name in [
        ("/", "tong_quan"),
        ("/chi-tieu", "chi_tieu"),
        ("/khoi-thi-dua", "khoi_thi_dua"),
        ("/khen-thuong", "khen_thuong"),
        ("/chat-luong", "chat_luong"),
        ("/khen-thuong/lich-su?q=nguyen", "lich_su"),
    ]:
        browser.get(portal + path)
        assert browser.find_element(By.TAG_NAME, "h1").text, path
        colour = browser.find_element(By.CSS_SELECTOR, "header.top").value_of_css_property(
            "background-color"
        )
        assert colour.replace(" ", "") in ("rgba(139,29,29,1)", "rgb(139,29,29)"), (
            f"{path}: the stylesheet loaded"
        )
        shot(browser, name)
        found = problems(browser)
        assert not found, f"{path}: {found}"


def test_choosing_a_period_and_a_ward_changes_the_matrix(browser, portal):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(portal + "/chi-tieu")
    rows_all = len(browser.find_elements(By.CSS_SELECTOR, "table.heatmap tbody tr"))
    Select(browser.find_element(By.ID, "loc-ky")).select_by_value("2026-H1")
    click_and_wait(browser, browser.find_element(By.ID, "loc"))
    assert "6 tháng đầu năm 2026" in browser.find_element(By.TAG_NAME, "h1").text
    ward = Select(browser.find_element(By.ID, "loc-phuong"))
    chosen = ward.options[2].text
    ward.select_by_index(2)
    click_and_wait(browser, browser.find_element(By.ID, "loc"))
    names = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "table.heatmap tbody th")]
    assert names == [chosen] and rows_all > 1, f"only {chosen} is left: {names}"
    shot(browser, "chi_tieu_loc_phuong")


def test_a_figure_in_the_heat_map_leads_to_its_file_sheet_row_and_cell(browser, portal):
    from selenium.webdriver.common.by import By

    browser.get(portal + "/chi-tieu?period=2026-FY")
    cell = browser.find_element(By.CSS_SELECTOR, "table.heatmap td.num a")
    figure = cell.text
    click_and_wait(browser, cell)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Nguồn gốc số liệu"
    ref = browser.find_element(By.ID, "nguon-o").text
    assert ref and ref[0].isalpha() and ref[-1].isdigit(), ref
    highlighted = browser.find_element(By.CSS_SELECTOR, "tr.figure").text
    assert ref in highlighted
    assert figure in browser.find_element(By.CSS_SELECTOR, ".figure strong").text
    shot(browser, "nguon_goc")


def test_the_excel_download_opens(browser, portal, downloads):
    from selenium.webdriver.common.by import By

    browser.get(portal + "/khoi-thi-dua?period=2026-FY")
    browser.find_element(By.ID, "tai-excel").click()
    target = downloads / "xep_hang_khoi_2026-FY.xlsx"  # named by the period it holds
    deadline = time.monotonic() + 30
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert target.exists(), f"downloaded: {list(downloads.iterdir())}"
    sheet = load_workbook(target)["xep_hang_khoi"]
    assert sheet.cell(4, 3).value == "Hạng (tính lại)" and sheet.max_row > 5


def test_at_1280_pixels_no_page_is_wider_than_the_screen_and_wide_tables_scroll_in_their_box(
    browser, portal
):
    browser.set_window_size(1280, 900)
    try:
        for path in (
            "/",
            "/chi-tieu",
            "/chi-tieu/00127",
            "/khoi-thi-dua",
            "/khen-thuong",
            "/chat-luong",
        ):
            browser.get(portal + path)
            page = browser.execute_script(
                "return [document.documentElement.scrollWidth, window.innerWidth];"
            )
            assert page[0] <= page[1], f"{path}: the page scrolls sideways ({page})"
            # every table sits in a box that scrolls when the table is wider than it
            loose = browser.execute_script(
                """return [...document.querySelectorAll('table')].filter(t =>
                       !t.closest('.scroll') && t.scrollWidth > t.parentElement.clientWidth
                   ).length;"""
            )
            assert loose == 0, path
            # a text column keeps its words on a line or two, not one word a line
            narrow = browser.execute_script(
                """return [...document.querySelectorAll('td.text')]
                       .filter(td => td.textContent.trim().length > 30 && td.clientWidth < 150)
                       .length;"""
            )
            assert narrow == 0, f"{path}: {narrow} text cells squeezed"
            shot(browser, "1280" + path.replace("/", "_"))
    finally:
        browser.set_window_size(1400, 1000)
