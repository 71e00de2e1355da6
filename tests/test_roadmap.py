"""/roadmap over HTTP: it shows every mission with a launch date or a "no earlier than" year and only those
(checked against SPARQL counts on the same server), lists the others beside the chart, filters by agency
and document, and answers bad filters and bad /embed links with a readable 400."""

from __future__ import annotations

import csv
import io
import re

import pytest
import requests
from conftest import free_port, start_ger

GER = "https://w3id.org/ger-kg/ontology#"
MISSION = "https://w3id.org/ger-kg/id/mission/"


def sparql_set(server, where: str) -> set[str]:
    query = f"PREFIX ger: <{GER}> SELECT DISTINCT ?m WHERE {{ ?m a ger:Mission . {where} }}"
    r = requests.post(server + "/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    r.raise_for_status()
    return {b["m"]["value"] for b in r.json()["results"]["bindings"]}


DATED = "{ ?m ger:launchDate ?d } UNION { ?m ger:launchNotBefore ?d }"


def roadmap_json(server, **params):
    r = requests.get(server + "/roadmap.json", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_every_dated_mission_and_only_those_is_on_the_chart(server):
    dated = sparql_set(server, DATED)
    everything = sparql_set(server, "")
    assert len(dated) >= 20 and dated < everything
    data = roadmap_json(server)
    assert {m["mission"] for m in data["dated"]} == dated
    assert {m["mission"] for m in data["undated"]} == everything - dated
    html = requests.get(server + "/roadmap").text
    table = html.split('id="roadmap-missions"', 1)[1].split("</table>", 1)[0]
    assert set(re.findall(r'data-mission="([^"]+)"', table)) == dated
    aside = html.split('id="undated"', 1)[1].split("</aside>", 1)[0]
    assert f"Without a launch date ({len(everything - dated)})" in aside
    assert "/page/mission/expedition-68" in aside and "/page/mission/expedition-68" not in table


def test_precision_and_state_are_the_documents(server):
    by_iri = {m["mission"]: m for m in roadmap_json(server)["dated"]}
    assert (by_iri[MISSION + "change-6"]["launch"], by_iri[MISSION + "change-6"]["precision"]) == ("2024-05-03", "day")
    assert (by_iri[MISSION + "kplo"]["launch"], by_iri[MISSION + "kplo"]["precision"]) == ("2022-08", "month")
    artemis = by_iri[MISSION + "artemis-iii"]
    assert (artemis["launch"], artemis["precision"], artemis["state"], artemis["crew"]) == \
        ("2026", "year", "no earlier than", "crewed")
    assert by_iri[MISSION + "luna-25"]["state"] == "failed"
    assert {m["destination"] for m in by_iri.values()} <= {"Low-Earth orbit", "Moon", "Mars", "Other"}


def test_agency_filter_matches_sparql(server):
    nasa = "https://w3id.org/ger-kg/id/agency/nasa"
    expected = sparql_set(server, f"{DATED} {{ ?m ger:leadAgency <{nasa}> }} UNION {{ ?m ger:contributingAgency <{nasa}> }}")
    data = roadmap_json(server, agency="agency/nasa")
    assert {m["mission"] for m in data["dated"]} == expected and 0 < len(expected) < 24
    assert all(nasa in m["agencies"] for m in data["dated"] + data["undated"])
    html = requests.get(server + "/roadmap", params={"agency": "agency/nasa"}).text
    assert '<option value="agency/nasa" selected>' in html


def test_document_filter_and_csv(server):
    data = roadmap_json(server, document="publication/ger-2024")
    in_ger = sparql_set(server, "GRAPH <https://w3id.org/ger-kg/id/publication/ger-2024> { ?m ?p ?o }")
    assert {m["mission"] for m in data["dated"] + data["undated"]} == in_ger
    r = requests.get(server + "/roadmap", headers={"Accept": "text/csv"})
    assert r.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == len(sparql_set(server, "")) and {"mission", "launch", "precision", "state"} <= set(rows[0])


def test_bad_filters_and_embed_links_are_readable_400s(server):
    r = requests.get(server + "/roadmap", params={"agency": "agency/nowhere"})
    assert r.status_code == 400 and "agency/nasa" in r.text and "<" not in r.text
    r = requests.get(server + "/embed", params={"view": "timeline"})
    assert r.status_code == 400 and "needs a query" in r.text
    r = requests.get(server + "/embed", params={"query": "SELECT * {}", "view": "pie"})
    assert r.status_code == 400 and "unknown view 'pie'" in r.text


@pytest.fixture(scope="module")
def storeless_server(built, tmp_path_factory):
    """A service over a remote store that does not answer (nothing listens on its port)."""
    proc = start_ger(tmp_path_factory.mktemp("storeless"), "--remote-query-url",
                     f"http://127.0.0.1:{free_port()}/query")
    yield proc.url
    proc.stop()


@pytest.mark.parametrize("path", ["/roadmap", "/roadmap.json", "/browse", "/browse.json", "/search?q=moon",
                                  "/id/agency/esa", "/page/agency/esa", "/data/agency/esa.ttl", "/cite/agency/esa.bib",
                                  "/diff.json?from=ar-2022&to=ar-2024", "/void"])
def test_an_unreachable_store_is_a_readable_502(storeless_server, path):
    """Every page over the store, not only the SPARQL endpoint, tells that the store did not answer."""
    r = requests.get(storeless_server + path)
    assert r.status_code == 502, (path, r.status_code, r.text[:300])
    assert "the remote store could not be reached" in r.text


def test_embed_page_holds_the_query_as_data_not_markup(server):
    query = 'SELECT ?x WHERE { BIND("</script><script>alert(1)</script>" AS ?x) }'
    r = requests.get(server + "/embed", params={"query": query, "view": "table"})
    assert r.status_code == 200
    assert "<script>alert(1)" not in r.text and "<header>" not in r.text  # the view alone, no site navigation
    assert "\\u003c/script\\u003e" in r.text
