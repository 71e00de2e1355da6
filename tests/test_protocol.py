"""The SPARQL 1.1 Protocol at /sparql, over real HTTP to `ger serve`."""

from __future__ import annotations

import csv
import io
import json
import socket
import threading
import time
import xml.etree.ElementTree as ET

import pytest
import rdflib
import requests

COUNT_AGENCIES = ("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://w3id.org/ger-kg/ontology#SpaceAgency> }")
LABELS = ("SELECT ?s ?label WHERE { ?s a <https://w3id.org/ger-kg/ontology#SpaceAgency> ; "
          "<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label")
CONSTRUCT = ("CONSTRUCT { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE { ?s a "
             "<https://w3id.org/ger-kg/ontology#SpaceAgency> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }")
GER_GRAPH = "https://w3id.org/ger-kg/id/publication/ger-2024"
SRJ = "application/sparql-results+json"


def sparql(url, query, method="GET", accept=SRJ, **params):
    headers = {"Accept": accept} if accept else {}
    if method == "GET":
        return requests.get(url + "/sparql", params={"query": query, **params}, headers=headers, timeout=30)
    if method == "form":
        return requests.post(url + "/sparql", data={"query": query, **params}, headers=headers, timeout=30)
    return requests.post(url + "/sparql", data=query.encode(), params=params,
                         headers={**headers, "Content-Type": "application/sparql-query"}, timeout=30)


def count(response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("method", ["GET", "form", "direct"])
def test_three_ways_to_send_a_query_give_the_same_answer(server, method):
    response = sparql(server, LABELS, method)
    assert response.headers["Content-Type"].startswith(SRJ)
    rows = response.json()["results"]["bindings"]
    assert {"s", "label"} == set(response.json()["head"]["vars"])
    labels = [r["label"]["value"] for r in rows]
    assert "Japan Aerospace Exploration Agency" in labels and labels == sorted(labels)


def test_relative_iris_resolve_against_the_endpoint(server):
    """A query without BASE: its relative IRIs resolve against the URL it was sent to (RFC 3986), as the
    W3C protocol tests expect; with BASE, against that."""
    response = sparql(server, "SELECT ?x ?y WHERE { BIND(<thing> AS ?x) BIND(<../other#it> AS ?y) }")
    assert response.status_code == 200, response.text
    row = response.json()["results"]["bindings"][0]
    assert (row["x"]["value"], row["y"]["value"]) == (server + "/thing", server + "/other#it")
    based = sparql(server, "BASE <http://example.org/a/> SELECT ?x WHERE { BIND(<thing> AS ?x) }")
    assert based.json()["results"]["bindings"][0]["x"]["value"] == "http://example.org/a/thing"


def test_default_graph_uri_restricts_the_dataset(server):
    everything = count(sparql(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    ger_only = count(sparql(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", **{"default-graph-uri": GER_GRAPH}))
    direct = count(sparql(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "direct",
                          **{"default-graph-uri": GER_GRAPH}))
    in_graph = count(sparql(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GER_GRAPH}> {{ ?s ?p ?o }} }}"))
    assert 0 < ger_only == direct == in_graph < everything


def test_named_graph_uri_limits_graph_queries(server):
    q = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert count(sparql(server, q)) >= 3
    assert count(sparql(server, q, **{"named-graph-uri": GER_GRAPH})) == 1


def test_default_graph_is_the_union_as_a_set_with_inferences(server):
    q = "SELECT (COUNT(*) AS ?n) WHERE { <https://w3id.org/ger-kg/id/agency/jaxa> <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    assert count(sparql(server, q)) == 1  # stated in several documents, counted once
    org = "SELECT (COUNT(*) AS ?n) WHERE { <https://w3id.org/ger-kg/id/agency/jaxa> a <http://www.w3.org/ns/org#Organization> }"
    assert count(sparql(server, org)) == 1  # by subclassing, from the inferred graph
    asserted = count(sparql(server, org, **{"default-graph-uri": GER_GRAPH}))
    assert asserted == 0


@pytest.mark.parametrize("accept,expected", [
    (SRJ, SRJ),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", SRJ),
    ("*/*", SRJ),
    (None, SRJ),
    ("text/*", "text/csv"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("application/sparql-results+xml;q=0.1, text/tab-separated-values", "text/tab-separated-values"),
    ("text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8", "application/sparql-results+xml"),
    ("image/png, */*;q=0.1", SRJ),
])
def test_select_negotiation(server, accept, expected):
    response = sparql(server, LABELS, accept=accept)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == expected
    assert "Accept" in response.headers.get("Vary", "")


def _rows(response):
    media = response.headers["Content-Type"].split(";")[0]
    text = response.text
    if media == SRJ:
        return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]
    if media == "application/sparql-results+xml":
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        root = ET.fromstring(response.content)
        return [{b.get("name"): b[0].text for b in r.findall("r:binding", ns)}
                for r in root.findall("r:results/r:result", ns)]
    if media == "text/csv":
        return list(csv.DictReader(io.StringIO(text)))
    lines = text.rstrip("\n").split("\n")
    names = [h.lstrip("?") for h in lines[0].split("\t")]
    strip = lambda v: v[1:-1] if v.startswith("<") else v.split('"')[1] if v.startswith('"') else v  # noqa: E731
    return [dict(zip(names, map(strip, line.split("\t")))) for line in lines[1:]]


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_every_result_format_carries_the_same_rows(server, fmt):
    reference = _rows(sparql(server, LABELS))
    rows = _rows(sparql(server, LABELS, accept=None, format=fmt))
    assert rows == reference and len(rows) > 10


@pytest.mark.parametrize("fmt,expected", [("json", '"boolean":true'), ("xml", "<boolean>true</boolean>"),
                                          ("csv", "true"), ("tsv", "true")])
def test_ask(server, fmt, expected):
    response = sparql(server, "ASK { ?s a <https://w3id.org/ger-kg/ontology#SpaceAgency> }", accept=None, format=fmt)
    assert response.status_code == 200 and expected in response.text.replace(" ", "")
    false = sparql(server, "ASK { <http://example.org/nothing> ?p ?o }")
    assert false.json()["boolean"] is False


@pytest.mark.parametrize("accept,rdflib_format", [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"), ("application/trig", "trig"), ("application/n-quads", "nquads"),
])
def test_construct_in_every_graph_format(server, accept, rdflib_format):
    response = sparql(server, CONSTRUCT, accept=accept)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].split(";")[0] == accept
    ds = rdflib.Dataset()
    ds.parse(data=response.content, format=rdflib_format)
    labels = {str(o) for _, _, o, _ in ds.quads((None, rdflib.RDFS.label, None, None))}
    assert "Japan Aerospace Exploration Agency" in labels


def test_construct_defaults_to_turtle_and_describe_works(server):
    response = sparql(server, CONSTRUCT, accept="*/*")
    assert response.headers["Content-Type"].startswith("text/turtle")
    described = sparql(server, "DESCRIBE <https://w3id.org/ger-kg/id/agency/jaxa>", accept="text/turtle")
    g = rdflib.Graph().parse(data=described.text, format="turtle")
    assert (rdflib.URIRef("https://w3id.org/ger-kg/id/agency/jaxa"), None, None) in g


@pytest.mark.parametrize("accept,fmt", [("image/png", None), ("text/turtle", None), (None, "bogus"),
                                        ("application/sparql-results+json;q=0", None)])
def test_not_acceptable(server, accept, fmt):
    params = {"format": fmt} if fmt else {}
    response = sparql(server, LABELS, accept=accept, **params)
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text  # says what is available


def test_syntax_error_is_a_400_with_position(server):
    response = sparql(server, "SELECT ?s WHERE { ?s ?p }")
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("text/plain")
    assert "syntax error" in response.text and "1:" in response.text
    assert "Traceback" not in response.text


@pytest.mark.parametrize("query", ["", "   ", "INSERT DATA { <a:b> <a:c> <a:d> }", "hello world"])
def test_not_a_query_is_a_400(server, query):
    response = sparql(server, query, method="form")
    assert response.status_code == 400 and response.text.strip()


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_wrong_method_is_a_405(server, method):
    response = requests.request(method, server + "/sparql", params={"query": "ASK {}"}, timeout=10)
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"] and "POST" in response.headers["Allow"]


def test_wrong_content_type_is_a_415(server):
    response = requests.post(server + "/sparql", data="ASK {}", headers={"Content-Type": "text/plain"}, timeout=10)
    assert response.status_code == 415 and "application/sparql-query" in response.text


def test_oversized_body_is_refused(server):
    response = requests.post(server + "/sparql", data=b"#" * (11 * 1024 * 1024),
                             headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert response.status_code == 413


def test_cors(server):
    response = sparql(server, "ASK {}")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = requests.options(server + "/sparql", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"}, timeout=10)
    assert preflight.status_code in (200, 204)
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]


@pytest.fixture
def trap():
    """A loopback listener that records whether anything connected to it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.2)
    hits = []

    def accept():
        end = time.time() + 5
        while time.time() < end:
            try:
                conn, _ = listener.accept()
                hits.append(conn.recv(100))
                conn.close()
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}", hits
    thread.join()
    listener.close()


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    "PREFIX x: <{url}/> SELECT * WHERE {{ SERVICE SILENT x:sparql {{ ?s ?p ?o }} }}",
    "BASE <{url}/> SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<{url}/sparql> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
])
def test_service_is_refused_without_fetching(server, trap, template):
    url, hits = trap
    response = sparql(server, template.format(url=url))
    assert response.status_code == 403
    assert "allow-list" in response.text
    time.sleep(0.5)
    assert hits == []


def test_service_description(server):
    response = requests.get(server + "/sparql", headers={"Accept": "text/turtle"}, timeout=10)
    assert response.status_code == 200
    g = rdflib.Graph().parse(data=response.text, format="turtle")
    SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    endpoint = rdflib.URIRef(server + "/sparql")
    assert (endpoint, rdflib.RDF.type, SD.Service) in g
    assert (endpoint, SD.endpoint, endpoint) in g
    assert (endpoint, SD.feature, SD.UnionDefaultGraph) in g
    dataset = g.value(endpoint, SD.defaultDataset)
    assert g.value(dataset, rdflib.RDFS.seeAlso) == rdflib.URIRef(server + "/.well-known/void")
    names = set(g.objects(None, SD.name))
    assert rdflib.URIRef(GER_GRAPH) in names


def test_browser_on_the_endpoint_gets_the_query_page(server):
    response = requests.get(server + "/sparql", headers={"Accept": "text/html,*/*;q=0.8"}, timeout=10,
                            allow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"].endswith("/")


def test_void(server):
    response = requests.get(server + "/.well-known/void", headers={"Accept": "application/n-triples"}, timeout=30)
    g = rdflib.Graph().parse(data=response.text, format="nt")
    VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
    dataset = g.value(None, VOID.sparqlEndpoint, rdflib.URIRef(server + "/sparql"))
    total = count(sparql(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    assert int(g.value(dataset, VOID.triples)) == total
    assert g.value(dataset, VOID.sparqlEndpoint) == rdflib.URIRef(server + "/sparql")
    assert g.value(dataset, rdflib.URIRef("http://purl.org/dc/terms/license")) is not None
    assert {str(d) for d in g.objects(dataset, VOID.dataDump)} >= {server + "/dump.nq", server + "/dump.ttl",
                                                                    server + "/dump.jsonld"}
    classes = {g.value(p, VOID["class"]) for p in g.objects(dataset, VOID.classPartition)}
    assert rdflib.URIRef("https://w3id.org/ger-kg/ontology#SpaceAgency") in classes
    assert len(list(g.objects(dataset, VOID.exampleResource))) > 0
    assert requests.get(server + "/void", params={"format": "ttl"}, timeout=30).status_code == 200


@pytest.mark.parametrize("ext,rdflib_format", [("nq", "nquads"), ("trig", "trig"), ("ttl", "turtle"),
                                               ("jsonld", "json-ld")])
def test_dumps(server, ext, rdflib_format):
    response = requests.get(f"{server}/dump.{ext}", timeout=60)
    assert response.status_code == 200
    ds = rdflib.Dataset()
    ds.parse(data=response.content, format=rdflib_format)
    default = count(sparql(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    named = count(sparql(server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
    n = len(ds) if ext == "ttl" else sum(len(g) for g in ds.graphs())
    assert n == (default if ext == "ttl" else default + named)


def test_health_and_metrics(server):
    health = requests.get(server + "/health", timeout=10).json()
    assert health["status"] == "ok" and health["store_reachable"] is True
    sparql(server, "ASK {}")
    metrics = requests.get(server + "/metrics", timeout=10).text
    assert 'ger_http_requests_total{endpoint="/sparql",method="GET",status="200"}' in metrics
    assert "ger_query_duration_seconds_bucket" in metrics


def test_timeout_really_stops_the_query(limited_server):
    url = limited_server.url
    heavy = "SELECT (COUNT(*) AS ?c) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"
    started = time.time()
    response = sparql(url, heavy)
    assert response.status_code == 503
    assert "timed out" in response.text and "1.5 s" in response.text
    assert time.time() - started < 10
    # The worker that ran it was ended (the query no longer uses a CPU) and the service still answers.
    time.sleep(0.5)
    assert sparql(url, "ASK {}").status_code == 200
    assert "ended worker" in limited_server.output() or "exited with code 75" in limited_server.output()
    metrics = requests.get(url + "/metrics", timeout=10).text
    assert "ger_query_timeouts_total 1.0" in metrics or "ger_query_timeouts_total 2.0" in metrics


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_row_cap_cuts_and_says_so(limited_server, fmt):
    response = sparql(limited_server.url, LABELS, accept=None, format=fmt)
    assert response.status_code == 200
    assert "row cap of 5" in response.headers["X-Result-Truncated"]
    assert len(_rows(response)) == 5
    if fmt == "json":
        assert response.json()["truncated"] is True


def test_row_cap_applies_to_graphs(limited_server):
    response = sparql(limited_server.url, CONSTRUCT, accept="application/n-triples")
    assert len(response.text.strip().splitlines()) == 5
    assert "X-Result-Truncated" in response.headers
    small = sparql(limited_server.url, "SELECT * WHERE { VALUES ?x { 1 2 3 } }")
    assert "X-Result-Truncated" not in small.headers


# The cap is applied by asking the store for one row more than it: the query's own LIMIT, a sub-select's
# LIMIT, a trailing VALUES clause and a final comment must all survive that.
@pytest.mark.parametrize("query,rows,truncated", [
    ("SELECT ?x WHERE { VALUES ?x { 1 2 3 4 5 6 7 } }", 5, True),
    ("SELECT ?x WHERE { VALUES ?x { 1 2 3 4 5 } }", 5, False),
    ("SELECT ?x WHERE { VALUES ?x { 1 2 3 4 5 6 7 } } LIMIT 3", 3, False),
    ("SELECT ?x WHERE { VALUES ?x { 1 2 3 4 5 6 7 } } ORDER BY DESC(?x) LIMIT 100 OFFSET 1", 5, True),
    ("SELECT ?x WHERE { VALUES ?x { 1 2 3 4 5 6 7 } } OFFSET 3", 4, False),
    ("SELECT ?x WHERE { { SELECT ?x WHERE { VALUES ?x { 1 2 3 4 5 6 7 } } LIMIT 6 } }", 5, True),
    ("SELECT ?x WHERE { ?x ?p ?o } VALUES ?x { 1 2 3 4 5 6 7 }", 0, False),
    ("SELECT ?x ?y WHERE { VALUES ?y { 1 2 3 } } VALUES ?x { 1 2 }", 5, True),
    ("SELECT ?x WHERE { VALUES ?x { 1 2 3 4 5 6 7 } } # LIMIT 2", 5, True),
    ('SELECT ?x WHERE { VALUES ?x { "LIMIT 1" 2 3 4 5 6 7 } }', 5, True),
])
def test_row_cap_and_the_query_own_modifiers(limited_server, query, rows, truncated):
    response = sparql(limited_server.url, query)
    assert response.status_code == 200, response.text
    assert len(response.json()["results"]["bindings"]) == rows
    assert ("X-Result-Truncated" in response.headers) is truncated
    assert response.json().get("truncated", False) is truncated


def test_row_cap_keeps_the_order_of_the_rows(limited_server):
    response = sparql(limited_server.url, "SELECT ?x WHERE { VALUES ?x { 3 1 7 5 2 6 4 } } ORDER BY ?x", format="csv")
    assert response.text.split() == ["x", "1", "2", "3", "4", "5"]


def test_a_syntax_error_is_reported_at_its_place_in_the_query_as_sent(limited_server):
    response = sparql(limited_server.url, "SELECT ?x WHERE { ?x ?p }")
    assert response.status_code == 400 and "1:26" in response.text


def test_sparqlwrapper_client(server):
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(LABELS)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert any(r["label"]["value"] == "National Aeronautics and Space Administration" for r in rows)
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(TURTLE)
    g = rdflib.Graph().parse(data=client.query().convert(), format="turtle")
    assert len(g) == len(rows)
    client.setMethod("POST")
    client.setQuery(COUNT_AGENCIES)
    client.setReturnFormat(JSON)
    assert int(client.query().convert()["results"]["bindings"][0]["n"]["value"]) == len(rows)


def test_rdflib_sparqlstore_client(server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore
    store = SPARQLStore(server + "/sparql")
    graph = rdflib.Graph(store=store)
    rows = list(graph.query(LABELS))
    assert (rdflib.URIRef("https://w3id.org/ger-kg/id/agency/jaxa"),
            rdflib.Literal("Japan Aerospace Exploration Agency", lang="en")) in [tuple(r) for r in rows]
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True


def test_query_results_are_json_parseable_unicode(server):
    response = sparql(server, 'SELECT ?x WHERE { BIND("Agência Espacial — 探索" AS ?x) }')
    assert json.loads(response.content)["results"]["bindings"][0]["x"]["value"] == "Agência Espacial — 探索"
