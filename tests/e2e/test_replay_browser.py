"""The HTML replay report in a real browser (headless Chromium): what the page shows, how its
table filters, searches and pages, and that rows marked wrong download as the JSON Lines file
`steward train --ham` reads. Skipped where Chromium or its driver is not installed."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

from bot.classify import read_samples
from bot.replay.html import write_html
from bot.replay.run import Report
from tests.unit.test_replay_html import CHAT_ID, HOSTILE_NAME, flagged_row, make_report

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="no headless browser: apt-get install chromium chromium-driver "
    "(/usr/bin/chromium and /usr/bin/chromedriver)",
)

# 300 spam, 100 poaching, 30 complaint, 20 borderline rows: 450, three pages of 200.
LEADS = ["spam"] * 300 + ["poaching"] * 100 + ["complaint"] * 30 + ["borderline"] * 20
NEEDLE = "zanzibar"
WAIT_S = 5


def shop_rows() -> list[dict[str, Any]]:
    """The flagged rows of the test chat: a few hostile, three with a rare word."""
    rows = [flagged_row(n, lead) for n, lead in enumerate(LEADS)]
    rows[0]["text"] = '<img src=x onerror="window.pwned=1"> </script><script>window.pwned=2'
    rows[0]["from"] = HOSTILE_NAME
    for n in (5, 150, 420):
        rows[n]["text"] = f"cheap flights to {NEEDLE.upper()} today"
    rows[7]["text"] = 'multi\nline "quoted" text, ünïcödé \u2028 and a tab\t.'
    rows[8]["text"] = ""  # media only: nothing to train on
    return rows


def write_page(path: Path, *reports: Report) -> Path:
    """The report page written to a file, the reports closed."""
    try:
        with path.open("w", encoding="utf-8") as fh:
            write_html(list(reports), fh)
    finally:
        for report in reports:
            report.close()
    return path


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the browser saves downloads."""
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[webdriver.Chrome]:
    """One headless Chromium for the module, its console log kept."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1400,1000",
    ):
        options.add_argument(arg)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def shop_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page of one chat with 450 flagged rows."""
    report = make_report(shop_rows(), name="Shop <b>&</b> friends", note="a test chat")
    return write_page(tmp_path_factory.mktemp("page") / "report.html", report)


@pytest.fixture
def open_page(browser: webdriver.Chrome) -> Iterator[Callable[[Path], WebElement]]:
    """Opens a page with no marks kept from before; its first chat's section. After the test,
    the page must have logged no error (console or script)."""

    def open_(path: Path) -> WebElement:
        browser.get(path.as_uri())
        if browser.execute_script("const n = localStorage.length; localStorage.clear(); return n"):
            browser.refresh()
        section = browser.find_element(By.CSS_SELECTOR, "section.chat")
        wait_for(browser, lambda: status(section).startswith(("Rows", "0 rows")))
        return section

    yield open_
    log = browser.get_log("browser")  # type: ignore[no-untyped-call]
    errors = [e for e in log if e["level"] == "SEVERE"]
    assert not errors, errors


def wait_for(browser: webdriver.Chrome, condition: Callable[[], bool]) -> None:
    """Waits until the condition holds (the page's scripts run between polls)."""
    WebDriverWait(browser, WAIT_S, poll_frequency=0.05).until(lambda _: condition())


def status(section: WebElement) -> str:
    """The table's status line, e.g. "Rows 1–200 of 450"."""
    return section.find_element(By.CSS_SELECTOR, ".status").text


def shown(section: WebElement) -> list[dict[str, Any]]:
    """The table's rows on screen, read in one call: id, lead label, cells' text."""
    rows: list[dict[str, Any]] = section.parent.execute_script(
        "return [...arguments[0].querySelectorAll('table.flagged tbody tr')].map((tr) => ({"
        "  id: tr.dataset.id || null, lead: tr.dataset.lead || null,"
        "  cells: [...tr.cells].map((td) => td.innerText)}));",
        section,
    )
    return rows


def test_the_page_shows_the_summary_chart_and_herd(
    browser: webdriver.Chrome, open_page: Callable[[Path], WebElement], shop_page: Path
) -> None:
    section = open_page(shop_page)
    assert section.find_element(By.TAG_NAME, "h2").text == "Shop <b>&</b> friends"
    summary = section.find_element(By.CSS_SELECTOR, ".cards.summary").text
    for card in ("1,234\nmessages", "56\nmembers", "450\nflagged (36.47%)", "5\ncomplaints"):
        assert card in summary, card
    text = section.text
    for shown_text in (
        "Note: a test chat",
        "watch, 3 complainers",
        "2024-05-03 to 2024-05-03: steady",
        "Which <b>drop</b> next?",  # a prompt's text is text, never markup
    ):
        assert shown_text in text, shown_text
    chart = section.find_element(By.CSS_SELECTOR, "figure.chart svg")
    assert chart.size["width"] > 600 and chart.size["height"] > 250
    # The hostile row is text on screen, never an element or a script that ran.
    first = shown(section)[0]["cells"]
    assert first[6].startswith('<img src=x onerror="window.pwned=1">')
    assert first[2].endswith("evil")
    assert not browser.find_elements(By.CSS_SELECTOR, "img")
    assert browser.execute_script("return window.pwned") is None


def test_the_table_pages_through_the_rows(
    open_page: Callable[[Path], WebElement], shop_page: Path
) -> None:
    section = open_page(shop_page)
    rows = shown(section)
    assert len(rows) == 200
    assert status(section) == "Rows 1–200 of 450"
    assert rows[1]["cells"][1:5] == ["2024-05-01 08:07", "Member 1", "spam", "delete_mute"]
    assert rows[1]["cells"][5].startswith("stop_phrases ad wording")
    next_page = section.find_element(By.CSS_SELECTOR, "button.next")
    next_page.click()
    next_page.click()
    assert status(section) == "Rows 401–450 of 450"
    assert [r["id"] for r in shown(section)] == [str(1400 + n) for n in range(50)]
    assert section.find_element(By.CSS_SELECTOR, ".page").text == "Page 3 of 3"
    assert not next_page.is_enabled()


def test_filtering_by_label_hides_the_other_rows(
    open_page: Callable[[Path], WebElement], shop_page: Path
) -> None:
    section = open_page(shop_page)
    label = Select(section.find_element(By.CSS_SELECTOR, "select.label"))
    assert [o.text for o in label.options] == [
        "all (450)",
        "spam (300)",
        "poaching (100)",
        "complaint (30)",
        "borderline (20)",
    ]
    label.select_by_value("poaching")
    rows = shown(section)
    assert len(rows) == 100
    assert {r["lead"] for r in rows} == {"poaching"}
    assert {r["cells"][3] for r in rows} == {"poaching"}
    assert status(section) == "Rows 1–100 of 100 (filtered from 450)"
    label.select_by_value("borderline")
    assert [r["cells"][3] for r in shown(section)] == ["borderline spam"] * 20
    label.select_by_value("all")
    assert len(shown(section)) == 200


def test_search_finds_the_rows_with_a_word(
    browser: webdriver.Chrome, open_page: Callable[[Path], WebElement], shop_page: Path
) -> None:
    section = open_page(shop_page)
    search = section.find_element(By.CSS_SELECTOR, "input.search")
    search.send_keys(NEEDLE)
    wait_for(browser, lambda: status(section) == "Rows 1–3 of 3 (filtered from 450)")
    rows = shown(section)
    assert [r["id"] for r in rows] == ["1005", "1150", "1420"]
    assert [r["cells"][6] for r in rows] == [f"cheap flights to {NEEDLE.upper()} today"] * 3
    # Search and label together: the one complaint row with the word.
    Select(section.find_element(By.CSS_SELECTOR, "select.label")).select_by_value("complaint")
    assert [r["id"] for r in shown(section)] == ["1420"]
    search.clear()
    search.send_keys("no such words anywhere")
    wait_for(browser, lambda: status(section) == "0 rows (filtered from 450)")
    assert [r["cells"] for r in shown(section)] == [["No flagged message matches."]]


def test_rows_marked_wrong_download_as_training_lines(
    browser: webdriver.Chrome,
    open_page: Callable[[Path], WebElement],
    shop_page: Path,
    downloads: Path,
) -> None:
    section = open_page(shop_page)
    download = section.find_element(By.CSS_SELECTOR, "button.download")
    assert not download.is_enabled()
    for n in (7, 3, 8):
        row = section.find_element(By.CSS_SELECTOR, f'tr[data-id="{1000 + n}"]')
        row.find_element(By.CSS_SELECTOR, "input.wrong").click()
        assert "wrong" in (row.get_attribute("class") or "")
    assert download.text == "Download corrections (3)"
    download.click()
    link = section.find_element(By.CSS_SELECTOR, "a.corrections")
    wait_for(browser, link.is_displayed)
    assert link.text == "steward-corrections-1001234567890.jsonl (2 rows)"
    hint = section.find_element(By.CSS_SELECTOR, ".marks .hint").text
    assert f"steward train --ham steward-corrections-1001234567890.jsonl --chat {CHAT_ID}" in hint
    assert "1 marked rows have no text" in hint
    # The Blob behind the link, as the browser reads it back.
    blob = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then((r) => r.text()).then(done, (e) => done('failed: ' + e));",
        link.get_attribute("href"),
    )
    assert blob == section.find_element(By.CSS_SELECTOR, "textarea.corrections").get_property(
        "value"
    )
    # One object a line (a text's U+2028 stays inside its line: not str.splitlines).
    expected = [shop_rows()[n]["text"] for n in (3, 7)]  # in the chat's order
    lines = [json.loads(line) for line in blob.split("\n")[:-1]]
    assert lines == [{"text": t, "label": "ham", "chat": CHAT_ID} for t in expected]
    # The file the browser saved is what `steward train --ham` reads.
    saved = downloads / "steward-corrections-1001234567890.jsonl"
    wait_for(browser, saved.exists)
    assert saved.read_text(encoding="utf-8") == blob
    assert read_samples(saved, "ham") == [(t, "") for t in expected]
    # The marks outlive a reload.
    browser.refresh()
    section = browser.find_element(By.CSS_SELECTOR, "section.chat")
    wait_for(browser, lambda: status(section).startswith("Rows"))
    section.find_element(By.CSS_SELECTOR, "input.only-wrong").click()
    assert [r["id"] for r in shown(section)] == ["1003", "1007", "1008"]
    assert section.find_element(By.CSS_SELECTOR, "button.download").text == (
        "Download corrections (3)"
    )
    browser.execute_script("localStorage.clear()")


def test_fifty_thousand_rows_stay_usable(
    browser: webdriver.Chrome, open_page: Callable[[Path], WebElement], tmp_path: Path
) -> None:
    leads = [
        flagged_row(0, lead, checks=[]) for lead in ("spam", "poaching", "complaint", "borderline")
    ]
    rows = [{**leads[n % 4], "id": n, "text": f"short text {n}"} for n in range(50_000)]
    page = write_page(tmp_path / "big.html", make_report(rows, days=0))
    start = time.perf_counter()
    section = open_page(page)
    assert len(shown(section)) == 200
    assert status(section) == "Rows 1–200 of 50,000"
    Select(section.find_element(By.CSS_SELECTOR, "select.label")).select_by_value("complaint")
    assert status(section) == "Rows 1–200 of 12,500 (filtered from 50,000)"
    section.find_element(By.CSS_SELECTOR, "input.search").send_keys("text 4999")
    wait_for(browser, lambda: status(section).endswith("of 3 (filtered from 50,000)"))
    assert time.perf_counter() - start < 10  # about 2 s on an idle laptop
