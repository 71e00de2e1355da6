"""The workbench in a real headless Chromium (Debian's chromium, driven by Playwright): the editor (completion,
error marker, Ctrl+Enter, history), every result view with its SVG and PNG, embeds, the roadmap, and links
that never run a script. Every request must go to the server itself: any other is stopped and fails the
test. Screenshots go to the test's tmp dir (committed copies: tests/screenshots/)."""

from __future__ import annotations

import shutil
from urllib.parse import quote, urlencode

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1200, "height": 800}
PREFIXES = ("PREFIX ger: <https://w3id.org/ger-kg/ontology#>\n"
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")
# Fits every view: a date (timeline), a label and a number (bar chart), two IRI columns (graph).
EVERY_VIEW_QUERY = PREFIXES + """SELECT ?mission ?name ?agency ?launch (COUNT(*) AS ?statements) WHERE {
  ?mission ger:launchDate ?launch ; rdfs:label ?name ; ger:contributingAgency ?agency ; ?p ?o .
} GROUP BY ?mission ?name ?agency ?launch ORDER BY ?launch"""


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
def page(browser, server):
    """A page whose requests may only go to the server: any other is aborted and fails the test."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    elsewhere = []

    def only_the_server(route):
        url = route.request.url
        if url.startswith(server + "/") or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            elsewhere.append(url)
            route.abort()
    context.route("**/*", only_the_server)
    page = context.new_page()
    yield page
    context.close()
    assert elsewhere == [], f"requests left the server: {elsewhere}"


def editor_text(page) -> str:
    return page.evaluate("window.GER.editor.value")


def wait_ran(page):
    page.wait_for_function("/ ms$|^\\d{3} /.test(document.querySelector('#status').textContent)")


def test_run_an_example_and_follow_a_link(server, page):
    page.goto(server + "/")
    assert page.title().startswith("Query")
    assert page.locator("#examples button").count() >= 1
    page.locator("#run").click()  # the default query lists the space agencies
    page.wait_for_selector("#result-table tr:nth-child(2)")
    assert page.locator("#result-table tr").count() - 1 > 10
    assert "rows" in page.locator("#status").inner_text()
    page.locator("#result-table a", has_text="agency:jaxa").click()
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "Japan Aerospace Exploration Agency"
    assert "/page/agency/jaxa" in page.url


def test_example_button_fills_the_editor_and_runs(server, page):
    page.goto(server + "/")
    page.locator("#examples button").first.click()
    wait_ran(page)
    assert editor_text(page).startswith("# title:")
    assert "error" not in (page.locator("#status").get_attribute("class") or "")


def test_completion_of_the_ontology_adds_its_prefix(server, page, tmp_path):
    page.goto(server + "/")
    page.wait_for_function("document.querySelector('.cm-content')")
    page.locator(".cm-content").fill("SELECT ?m WHERE {\n  ?m a ")
    page.keyboard.press("Control+End")
    page.keyboard.type("ger:LanderMi")
    options = page.locator(".cm-tooltip-autocomplete li")
    options.first.wait_for()
    assert "ger:LanderMission" in options.all_inner_texts()[0]  # from the served ontology, with its label
    page.screenshot(path=tmp_path / "editor.png")
    page.keyboard.press("Enter")
    text = editor_text(page)
    assert text.startswith("PREFIX ger: <https://w3id.org/ger-kg/ontology#>\n")  # declared on the way
    assert "?m a ger:LanderMission" in text


def test_error_is_marked_where_the_parser_says_and_ctrl_enter_runs(server, page):
    page.goto(server + "/")
    page.locator(".cm-content").fill("SELECT ?s WHERE {\n  ?s ?p\n}")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#status.error")
    assert "400" in page.locator("#status").inner_text() and "3:2" in page.locator("#status").inner_text()
    marked = page.locator(".cm-lintRange-error")
    assert marked.count() == 1 and marked.inner_text() == "}"  # line 3, just before column 2
    assert page.locator(".cm-lint-marker-error").count() == 1
    page.keyboard.type(" ")
    page.wait_for_function("!document.querySelector('.cm-lintRange-error')")  # an edit clears it


def test_history_keeps_the_queries_run_here(server, page):
    page.goto(server + "/")
    page.locator(".cm-content").fill("ASK { ?s ?p ?o }")
    page.locator("#run").click()
    wait_ran(page)
    page.reload()
    history = page.locator("#history option")
    assert "ASK { ?s ?p ?o }" in history.all_inner_texts()
    page.locator("#history").select_option(label="ASK { ?s ?p ?o }")
    page.locator(".cm-content").fill("SELECT * {}")
    page.locator("#history").select_option(label="ASK { ?s ?p ?o }")
    assert editor_text(page).strip() == "ASK { ?s ?p ?o }"


def save(page, fmt: str) -> bytes:
    with page.expect_download() as download:
        page.locator(f"button[data-save={fmt}]").click()
    return open(download.value.path(), "rb").read()


def test_every_view_in_the_link_and_saved_as_svg_and_png(server, page, tmp_path):
    page.goto(server + "/#" + urlencode({"query": EVERY_VIEW_QUERY}))
    wait_ran(page)
    page.wait_for_selector("#results svg")
    assert page.locator("#views button[aria-pressed=true]").inner_text() == "Timeline"  # chosen by the columns
    for view in ("table", "timeline", "bar", "graph"):
        page.locator(f"#views button[data-view={view}]").click()
        assert f"view={view}" in page.url
        page.wait_for_selector("#result-table" if view == "table" else f"#results .chart-{view} svg")
        svg = save(page, "svg")
        assert svg.lstrip().startswith(b"<svg") and (b"Chang'e-6" in svg or b"mission:change-6" in svg)
        assert save(page, "png").startswith(b"\x89PNG\r\n\x1a\n")
        if view == "graph":  # laid out: every node (an agency or a mission) at a place of its own
            places = page.eval_on_selector_all("#results .chart-graph path[aria-roledescription='symbol mark']",
                                               "nodes => nodes.map(n => n.getAttribute('transform'))")
            assert len(places) > 5 and len(set(places)) == len(places)
        page.locator("#views").evaluate("e => e.scrollIntoView()")
        page.screenshot(path=tmp_path / f"view-{view}.png")
    page.evaluate("document.getElementById('embed').addEventListener('click', e => e.preventDefault())")
    page.locator("#embed").dispatch_event("click")
    assert page.locator("#embed").get_attribute("href").endswith("view=graph")
    page.goto("about:blank")
    page.goto(server + "/#" + urlencode({"query": EVERY_VIEW_QUERY, "view": "bar"}))  # the link keeps the view
    page.wait_for_selector("#results .chart-bar svg")


def test_dates_keep_their_precision(server, page):
    page.goto(server + "/")
    spans = page.evaluate("""async () => {
      const { calendarSpan } = await import('/static/views.js');
      const xsd = 'http://www.w3.org/2001/XMLSchema#';
      const span = (value, type) => { const s = calendarSpan({ value, datatype: xsd + type });
        return [new Date(s.start).toISOString().slice(0, 10), new Date(s.end).toISOString().slice(0, 10), s.precision]; };
      return [span('2026', 'gYear'), span('2024-02', 'gYearMonth'), span('2024-05-03', 'date')];
    }""")
    assert spans == [["2026-01-01", "2027-01-01", "year"], ["2024-02-01", "2024-03-01", "month"],
                     ["2024-05-03", "2024-05-04", "day"]]


def test_embedded_view_is_the_view_alone(server, page, tmp_path):
    page.goto(server + "/embed?" + urlencode({"query": EVERY_VIEW_QUERY, "view": "graph"}))
    page.wait_for_selector("#results .chart-graph svg")
    assert page.locator("header").count() == 0 and page.locator("#editor").count() == 0
    assert "rows" in page.locator("#status").inner_text()


def test_javascript_and_data_iris_are_never_links(server, page):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    query = ("SELECT ?x WHERE { VALUES ?x { <javascript:alert(document.domain)> "
             "<data:text/html,%3Cscript%3Ealert(1)%3C/script%3E> <https://example.org/safe> } }")
    page.goto(server + "/?query=" + quote(query))  # a shared link, as an attacker would send it
    page.wait_for_selector("#result-table tr:nth-child(4)")
    hrefs = page.eval_on_selector_all("#results a", "as => as.map(a => a.getAttribute('href'))")
    assert hrefs == ["https://example.org/safe"]
    page.locator("#result-table td", has_text="javascript:").click()
    page.wait_for_timeout(200)
    assert dialogs == [] and page.url.startswith(server)


def test_roadmap_filter_by_agency_and_follow_a_bar(server, page, tmp_path):
    page.goto(server + "/roadmap")
    page.wait_for_selector("#roadmap-chart[data-ready] svg")
    all_rows = page.locator("#roadmap-missions tr[data-mission]").count()
    page.screenshot(path=tmp_path / "roadmap.png")
    page.locator("select[name=agency]").select_option("agency/nasa")
    page.locator("#roadmap-filters button[type=submit]").click()
    page.wait_for_selector("#roadmap-chart[data-ready] svg")
    assert "agency=agency%2Fnasa" in page.url
    rows = page.locator("#roadmap-missions tr[data-mission]")
    assert 0 < rows.count() < all_rows
    assert all("National Aeronautics and Space Administration" in t for t in rows.all_inner_texts())
    bar = page.locator('#roadmap-chart path[aria-roledescription=bar][aria-label="Artemis III"]')
    bar.click(position={"x": 4, "y": 6})  # its left end: the crew mark sits in the middle
    page.wait_for_url("**/page/mission/artemis-iii")
    assert page.locator("h1").inner_text() == "Artemis III"


def test_download_links_carry_the_query(server, page):
    page.goto(server + "/")
    page.locator("a.download[data-format=csv]").dispatch_event("click")
    href = page.locator("a.download[data-format=csv]").get_attribute("href")
    assert href.startswith("/sparql?query=") and "format=csv" in href
