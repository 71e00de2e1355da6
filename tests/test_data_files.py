"""`ger serve --data FILE...`: any RDF files, named graphs kept as named graphs, and a default graph that
is the union of all graphs as a set (stored or taken at query time, the same answers either way) or, with
--no-union, only what the files put in the default graph."""

from __future__ import annotations

import pytest
import requests
from conftest import start_ger

# Fictional test data under example.org: two named graphs and a default graph, in three formats.
TRIG = """@prefix ex: <https://example.org/> .
ex:g1 { ex:a ex:p ex:b . }
ex:g2 { ex:c ex:p ex:d . ex:c ex:q "shared" . }
"""
NQUADS = '<https://example.org/e> <https://example.org/p> <https://example.org/f> <https://example.org/g3> .\n'
TURTLE = '<https://example.org/h> <https://example.org/p> <https://example.org/i> .\n'
# The same triple in a second graph: the union must count it once.
SHARED = '<https://example.org/c> <https://example.org/q> "shared" <https://example.org/g4> .\n'


def count(url, where, **params):
    response = requests.post(url + "/sparql", data={"query": f"SELECT (COUNT(*) AS ?n) {where}", **params},
                             headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    for name, text in {"a.trig": TRIG, "b.nq": NQUADS, "c.ttl": TURTLE, "shared.nq": SHARED}.items():
        (folder / name).write_text(text)
    return folder


@pytest.fixture(scope="module", params=["distinct", "shared"])
def union_server(request, files, tmp_path_factory):
    """Without a triple in two graphs the union is taken at query time; with one it is stored."""
    names = ["a.trig", "b.nq", "c.ttl"] + (["shared.nq"] if request.param == "shared" else [])
    proc = start_ger(tmp_path_factory.mktemp("union"), "--no-ger", *[a for n in names for a in ("--data", str(files / n))])
    yield proc.url
    proc.stop()


def test_named_graphs_stay_named(union_server):
    response = requests.get(union_server + "/sparql", params={
        "query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
        "format": "csv"}, timeout=30)
    lines = response.text.replace("\r\n", "\n").split("\n")
    assert lines[1:4] == ["https://example.org/g1,1", "https://example.org/g2,2", "https://example.org/g3,1"]


def test_default_graph_is_the_union_as_a_set(union_server):
    # g1 (1) + g2 (2) + g3 (1) + the default graph (1); the shared triple of g4, when loaded, counts once
    assert count(union_server, "WHERE { ?s ?p ?o }") == 5
    assert count(union_server, "WHERE { <https://example.org/c> <https://example.org/q> ?o }") == 1


def test_the_query_and_the_protocol_still_choose_the_dataset(union_server):
    assert count(union_server, "FROM <https://example.org/g2> WHERE { ?s ?p ?o }") == 2
    assert count(union_server, "FROM NAMED <https://example.org/g1> WHERE { GRAPH ?g { ?s ?p ?o } }") == 1
    assert count(union_server, "WHERE { ?s ?p ?o }", **{"default-graph-uri": "https://example.org/g3"}) == 1
    # "FROM" inside a string or a sub-select's text is not a dataset clause
    assert count(union_server, 'WHERE { ?s ?p ?o FILTER(?o != "FROM <x>") }') == 5


def test_no_union_keeps_the_files_default_graph(files, tmp_path):
    proc = start_ger(tmp_path, "--no-ger", "--no-union", "--data", str(files / "a.trig"),
                     "--data", str(files / "c.ttl"))
    try:
        assert count(proc.url, "WHERE { ?s ?p ?o }") == 1
        assert count(proc.url, "WHERE { GRAPH ?g { ?s ?p ?o } }") == 3
    finally:
        proc.stop()
