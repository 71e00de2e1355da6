"""Resource pages: which documents and sections state a resource, its citation (BibTeX and CSL-JSON, from
facts in the graph only), links into the browse lists, and no clickable link to a javascript: IRI (stored
XSS through data served with `ger serve --data`)."""

from __future__ import annotations

import html
import re

import pytest
import requests
from served_data import serving

CHANGE_6 = "https://w3id.org/ger-kg/id/mission/change-6"
PREFIXES = """PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX ger: <https://w3id.org/ger-kg/ontology#> PREFIX pub: <https://w3id.org/ger-kg/id/publication/>
"""


def select(url, query):
    response = requests.post(url + "/sparql", data={"query": PREFIXES + query},
                             headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]


def test_bibtex_cites_the_resource_and_its_document_with_the_graphs_facts(server):
    response = requests.get(server + "/cite/mission/change-6.bib", timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/x-bibtex")
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.text
    facts = select(server, """SELECT ?title ?publisher ?issued ?edition WHERE { pub:ger-2024 dcterms:title ?title ;
        dcterms:issued ?issued ; ger:edition ?edition ; dcterms:publisher/rdfs:label ?publisher }""")[0]
    resource, document = text.split("\n\n", 1)
    assert resource.startswith("@misc{gerkg-mission-change-6,")
    assert "title = {Chang'e-6}" in resource and f"url = {{{CHANGE_6}}}" in resource
    assert document.startswith("@techreport{publication-ger-2024,")
    assert f"title = {{{facts['title']}}}" in document
    assert f"institution = {{{facts['publisher']}}}" in document
    assert f"year = {facts['issued'][:4]}" in document and "month = aug" in document  # issued 2024-08
    assert f"edition = {{{facts['edition']}}}" in document
    # nothing the graph does not state: no DOI, no author, no address for the document
    assert "doi" not in text.lower() and "author" not in text and "url" not in document


def test_csl_json_has_only_stated_dates(server):
    items = requests.get(server + "/cite/mission/change-6.json", timeout=30).json()
    assert [i["type"] for i in items] == ["dataset", "report"]
    assert items[0]["URL"] == CHANGE_6 and items[0]["title"] == "Chang'e-6"
    assert items[1]["issued"] == {"date-parts": [[2024, 8]]}
    assert items[1]["publisher"] == "International Space Exploration Coordination Group"
    # the 2020 report states no date of issue: its citation has none
    report = next(i for i in requests.get(server + "/cite/publication/ar-2020.json", timeout=30).json()
                  if i["id"] == "publication-ar-2020")
    assert report["title"] == "Annual Report 2020" and "issued" not in report
    assert not any("DOI" in i for i in items)


def test_unknown_citations_are_404(server):
    assert requests.get(server + "/cite/mission/no-such-mission.bib", timeout=30).status_code == 404
    wrong = requests.get(server + "/cite/mission/change-6.txt", timeout=30)
    assert wrong.status_code == 404 and ".bib" in wrong.text


def test_page_shows_sections_citation_and_links_into_lists(server):
    page = requests.get(server + "/page/mission/change-6", timeout=30).text
    sources = page[page.index('id="sources"'):page.index("</ul>", page.index('id="sources"'))]
    sections = select(server, f"SELECT ?t WHERE {{ <{CHANGE_6}> dcterms:source/rdfs:label ?t }}")
    assert sections and all(html.escape(s["t"]) in sources for s in sections)
    assert "Global Exploration Roadmap 2024" in sources
    assert 'href="/cite/mission/change-6.bib"' in page and 'href="/cite/mission/change-6.json"' in page
    assert "@techreport{publication-ger-2024," in page
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', page)]
    assert "/browse/ger:Mission" in hrefs  # its type, to the class list
    lead = "/browse/ger:Mission?leadAgency=agency:cnsa"
    assert lead in hrefs  # a facet value, to the filtered list, which holds the mission
    listed = requests.get(server + lead, headers={"Accept": "application/json"}, timeout=30).json()
    assert CHANGE_6 in [i["iri"] for i in listed["items"]]


EVIL = """@prefix ger: <https://w3id.org/ger-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix m: <https://w3id.org/ger-kg/id/mission/> .
<https://example.org/evil-document> {
m:evil a ger:Mission ; rdfs:label "Evil" ; foaf:homepage <javascript:alert(document.cookie)> ;
    rdfs:seeAlso <JaVaScRiPt:alert(1)>, <data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>,
    <vbscript:msgbox(1)> ; ger:destination <javascript:alert(2)> .
m:evil-2 a ger:Mission ; rdfs:label "Evil 2" ; ger:destination <javascript:alert(2)> .
m:evil-3 a ger:Mission ; rdfs:label "Evil 3" ; ger:destination <javascript:alert(2)> .
}
m:evil rdfs:comment "Stated in the default graph of the file, in no named graph." .
"""


@pytest.fixture(scope="module")
def evil_server(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("evil"), "evil.trig", EVIL) as url:
        yield url


def _links(page: str) -> list[str]:
    return [html.unescape(h).strip() for h in re.findall(r'(?i)\bhref\s*=\s*"([^"]*)"', page)]


@pytest.mark.parametrize("path", ["/page/mission/evil", "/browse/ger:Mission", "/search?q=evil"])
def test_no_javascript_iri_becomes_a_link(evil_server, path):
    response = requests.get(evil_server + path, timeout=30)
    assert response.status_code == 200
    links = _links(response.text)
    assert links
    for link in links:
        assert re.match(r"(/|#|https?://)", link, re.I), f"{path} links to {link!r}"
    if path.startswith("/page"):
        # the IRIs are still shown, as text, and so is what the file states outside its named graphs
        assert "javascript:alert(document.cookie)" in html.unescape(response.text)
        assert "Stated in the default graph of the file" in response.text
