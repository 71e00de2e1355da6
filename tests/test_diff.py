"""What changed between two documents' graphs, over HTTP: per resource the statements added and removed
(checked against SPARQL on the same server), as HTML, JSON and CSV, and a SPARQL Update that, run on a copy
of the first graph, yields the second; blank nodes compared by content, not by label."""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph
from rdflib.compare import isomorphic
from served_data import serving

AR22, AR24 = "https://w3id.org/ger-kg/id/publication/ar-2022", "https://w3id.org/ger-kg/id/publication/ar-2024"
GER24, AR20 = "https://w3id.org/ger-kg/id/publication/ger-2024", "https://w3id.org/ger-kg/id/publication/ar-2020"


def get(url, accept=None, **params):
    response = requests.get(url, params=params, headers={"Accept": accept} if accept else {}, timeout=60)
    assert response.status_code == 200, response.text
    return response


def only_in(url, a, b) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{a}> {{ ?s ?p ?o }} FILTER NOT EXISTS {{ GRAPH <{b}> {{ ?s ?p ?o }} }} }}"
    response = requests.post(url + "/sparql", data={"query": query},
                             headers={"Accept": "application/sparql-results+json"}, timeout=30)
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def graph_nt(url, graph) -> bytes:
    return requests.post(url + "/sparql", data={"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"},
                         headers={"Accept": "application/n-triples"}, timeout=60).content


def updated(triples: bytes, name: str, update: str) -> Graph:
    """A graph as it is after running an update on it, in a store of its own (pyoxigraph), as rdflib."""
    store = ox.Store()
    store.load(triples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
    store.update(update)
    quads = store.quads_for_pattern(None, None, None, ox.NamedNode(name))
    return Graph().parse(data=ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES), format="nt")


def test_form_offers_consecutive_editions(server):
    html = get(server + "/diff").text
    assert 'name="from"' in html and 'name="to"' in html
    assert "/diff?from=pub:ar-2022&amp;to=pub:ar-2024" in html  # a pair, by the dates the graph states
    offer = get(server + "/diff.json").json()
    assert {"from": AR22, "to": AR24} in offer["pairs"] and {"from": AR20, "to": AR22} in offer["pairs"]
    assert {"from": AR24, "to": AR20} not in offer["pairs"]
    assert 'href="/diff"' in get(server + "/").text  # linked from the query page


def test_annual_reports_diff_in_json_csv_and_html(server):
    data = get(server + "/diff.json", **{"from": "ar-2022", "to": "ar-2024", "size": "1000"}).json()
    assert data["removed"] == only_in(server, AR22, AR24) and data["added"] == only_in(server, AR24, AR22)
    assert data["total"] == len(data["resources"])
    kasa = next(r for r in data["resources"] if r["iri"] == "https://w3id.org/ger-kg/id/agency/kasa")
    assert kasa["label"] == "Korea AeroSpace Administration" and not kasa["removed"]
    assert {"property": "https://w3id.org/ger-kg/ontology#acronym", "value": "KASA"} in [
        {"property": s["property"]["iri"], "value": s["value"].get("literal")} for s in kasa["added"]]
    rows = list(csv.DictReader(io.StringIO(get(server + "/diff", accept="text/csv", **{"from": "pub:ar-2022",
                                                                                        "to": AR24}).text)))
    assert len(rows) == data["added"] + data["removed"]
    assert sum(r["change"] == "added" for r in rows) == data["added"]
    html = get(server + "/diff", **{"from": "ar-2022", "to": "ar-2024", "size": "1000"}).text
    assert f"{data['added']} statements added, {data['removed']} removed" in html
    assert "Korea AeroSpace Administration" in html and 'class="added"' in html


def test_same_graph_twice_is_an_empty_diff(server):
    params = {"from": "ar-2022", "to": "ar-2022"}
    assert get(server + "/diff.json", **params).json()["resources"] == []
    assert 'id="empty"' in get(server + "/diff", **params).text
    assert len(get(server + "/diff.csv", **params).text.splitlines()) == 1


@pytest.mark.parametrize("source,target", [(AR22, AR24), (GER24, AR20)])  # the second removes quantities
def test_the_sparql_update_turns_one_graph_into_the_other(server, source, target):
    response = get(server + "/diff", accept="application/sparql-update", **{"from": source, "to": target})
    assert response.headers["Content-Type"].startswith("application/sparql-update")
    result = updated(graph_nt(server, source), source, response.text)
    expected = Graph().parse(data=graph_nt(server, target).decode(), format="nt")
    assert len(result) == len(expected) and isomorphic(result, expected)


@pytest.mark.parametrize("params,status,message", [
    ({"from": "no-such-report", "to": "ar-2024"}, 400, "there is no document graph 'no-such-report'"),
    ({"from": "ar-2022"}, 400, "give both graphs"),
    ({"from": "ar-2022", "to": "ar-2024", "page": "x"}, 400, "'page' must be a whole number"),
])
def test_bad_requests_are_readable(server, params, status, message):
    response = requests.get(server + "/diff", params=params, timeout=30)
    assert response.status_code == status and message in response.text


# Fictional documents: the same quantity under different blank node labels, one quantity changed, and a
# blank node whose content is a superset of another's (an exact match must leave it alone).
QUANTITIES = """@prefix ger: <https://w3id.org/ger-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix qudt: <http://qudt.org/schema/qudt/> .
@prefix unit: <http://qudt.org/vocab/unit/> .
@prefix doc: <https://w3id.org/ger-kg/id/publication/> .
@prefix el: <https://w3id.org/ger-kg/id/element/> .
doc:one a ger:Publication ; rdfs:label "One" .
doc:two a ger:Publication ; rdfs:label "Two" .
doc:one { el:probe rdfs:label "Probe" ; ger:mass _:m1 ; ger:power [ qudt:numericValue 100 ; qudt:unit unit:W ] ;
    ger:span [ qudt:numericValue 5 ; qudt:unit unit:M ] , [ qudt:numericValue 5 ; qudt:unit unit:M ; rdfs:comment "folded" ] .
  _:m1 qudt:numericValue 250 ; qudt:unit unit:KiloGM . }
doc:two { el:probe rdfs:label "Probe" ; ger:mass [ qudt:unit unit:KiloGM ; qudt:numericValue 250 ] ;
    ger:power [ qudt:numericValue 120 ; qudt:unit unit:W ] ;
    ger:span [ qudt:numericValue 5 ; qudt:unit unit:M ; rdfs:comment "folded" ] . }
"""


@pytest.fixture(scope="module")
def quantities_server(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("quantities"), "q.trig", QUANTITIES) as url:
        yield url


def test_blank_nodes_are_compared_by_content(quantities_server):
    data = get(quantities_server + "/diff.json", **{"from": "publication/one", "to": "publication/two"}).json()
    assert data["added"] == 1 and data["removed"] == 2  # the power changed, one span went; the mass is the same
    probe, = data["resources"]

    def values(change):
        return sorted((s["property"]["label"], sorted((b["property"]["iri"].rsplit("/", 1)[-1], b["value"].get("literal") or b["value"]["iri"])
                                                      for b in s["value"]["blank"])) for s in probe[change])
    assert values("added") == [("ger:power", [("numericValue", "120"), ("unit", "http://qudt.org/vocab/unit/W")])]
    assert values("removed") == [("ger:power", [("numericValue", "100"), ("unit", "http://qudt.org/vocab/unit/W")]),
                                 ("ger:span", [("numericValue", "5"), ("unit", "http://qudt.org/vocab/unit/M")])]
    source, target = ("https://w3id.org/ger-kg/id/publication/" + n for n in ("one", "two"))
    update = get(quantities_server + "/diff", **{"from": source, "to": target, "format": "sparql"}).text
    result = updated(graph_nt(quantities_server, source), source, update)
    expected = Graph().parse(data=graph_nt(quantities_server, target).decode(), format="nt")
    assert len(result) == len(expected) == 11 and isomorphic(result, expected)  # the folded span kept
