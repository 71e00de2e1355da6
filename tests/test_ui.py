"""The query page in a real headless Chromium (Debian's chromium, driven by Playwright): load the page,
run an example, see the rows, follow a link to a resource page."""

from __future__ import annotations

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.fail("Chromium is needed for the browser test: `make test` installs Debian's chromium package "
                    "when run as root (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def test_run_an_example_and_follow_a_link(server, page):
    page.goto(server + "/")
    assert page.title().startswith("Query")
    examples = page.locator("#examples button")
    assert examples.count() >= 1
    page.locator("#run").click()  # the default query lists the space agencies
    page.wait_for_selector("#result-table tr:nth-child(2)")
    rows = page.locator("#result-table tr").count() - 1
    assert rows > 10
    assert "rows" in page.locator("#status").inner_text()
    link = page.locator("#result-table a", has_text="agency:jaxa")
    link.click()
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "Japan Aerospace Exploration Agency"
    assert "/page/agency/jaxa" in page.url
    assert page.locator("#statements tr").count() > 3


def test_example_button_fills_the_editor_and_runs(server, page):
    page.goto(server + "/")
    first = page.locator("#examples button").first
    first.click()
    page.wait_for_function("document.querySelector('#status').textContent.includes(' ms')")
    assert page.locator("#query").input_value().strip() != ""
    assert "error" not in (page.locator("#status").get_attribute("class") or "")


def test_shared_link_runs_the_query_and_errors_are_readable(server, page):
    page.goto(server + "/?query=" + "ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D")
    page.wait_for_function("document.querySelector('#status').textContent.includes('Answer')")
    assert "true" in page.locator("#status").inner_text()
    page.fill("#query", "SELECT ?s WHERE { ?s ?p }")
    page.locator("#run").click()
    page.wait_for_selector("#status.error")
    assert "400" in page.locator("#status").inner_text() and "syntax error" in page.locator("#status").inner_text()


def test_download_links_carry_the_query(server, page):
    page.goto(server + "/")
    page.locator("a.download[data-format=csv]").dispatch_event("click")
    href = page.locator("a.download[data-format=csv]").get_attribute("href")
    assert href.startswith("/sparql?query=") and "format=csv" in href
