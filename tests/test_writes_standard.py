"""The service as a standard SPARQL 1.1 store (`ger serve --plain-store`): the corners of SPARQL 1.1 Update,
its protocol and the Graph Store Protocol that generic clients rely on, each over HTTP, and rdflib's
SPARQLUpdateStore and plain GSP requests writing and reading back what they wrote. The whole W3C suites run
with `make conformance`."""

from __future__ import annotations

import pytest
import requests
from conftest import start_ger
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

TOKEN = {"Authorization": "Bearer plain-secret"}
EX = Namespace("http://example.org/")
XSD = "http://www.w3.org/2001/XMLSchema#"
SRJ = {"Accept": "application/sparql-results+json"}
MAX_BODY = 200_000


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("plain")
    env = {"GER_TOKENS": "agency:plain-secret", "GER_STATE_DIR": str(tmp / "state"), "GER_MAX_BODY": str(MAX_BODY)}
    proc = start_ger(tmp, "--plain-store", env=env)
    yield proc.url
    proc.stop()


def update(url, text, **params):
    return requests.post(url + "/update", data=text.encode(), params=params, timeout=30,
                         headers={**TOKEN, "Content-Type": "application/sparql-update"})


def rows(url, query):
    r = requests.post(url + "/sparql", data={"query": query}, headers=SRJ, timeout=30)
    assert r.status_code == 200, r.text
    return [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]


def everything(url):
    return rows(url, "SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")


def test_default_graph_writes_and_drop_all(plain):
    assert update(plain, "INSERT DATA { <http://example.org/a> <http://example.org/p> 1 . "
                         "GRAPH <http://example.org/g> { <http://example.org/b> <http://example.org/p> 2 } }").status_code == 200
    default = requests.get(plain + "/store", params={"default": ""}, headers={"Accept": "application/n-triples"},
                           timeout=30)
    assert default.status_code == 200 and default.text.strip() == \
        '<http://example.org/a> <http://example.org/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .'
    assert update(plain, "DROP ALL").status_code == 200
    assert everything(plain) == []


def test_delete_where_with_a_graph_variable(plain):
    update(plain, "DROP ALL ; INSERT DATA { GRAPH <http://example.org/g1> { <http://example.org/a> <http://example.org/p> 1 } "
                  "GRAPH <http://example.org/g2> { <http://example.org/a> <http://example.org/p> 2 } }")
    r = update(plain, "DELETE WHERE { GRAPH ?g { <http://example.org/a> ?p ?o } }")
    assert r.status_code == 200, r.text
    assert r.json()["removed"] == 2 and everything(plain) == []


def test_create_graph(plain):
    update(plain, "DROP ALL")
    assert update(plain, "CREATE GRAPH <http://example.org/new>").status_code == 200
    got = requests.get(plain + "/store", params={"graph": "http://example.org/new"}, timeout=30)
    assert got.status_code == 200 and got.text.strip() == ""
    again = update(plain, "CREATE GRAPH <http://example.org/new>")
    assert again.status_code == 409 and "already exists" in again.text
    assert update(plain, "CREATE SILENT GRAPH <http://example.org/new>").status_code == 200


def test_clearing_a_graph_that_does_not_exist_succeeds(plain):
    """The protocol suite's update_base_uri starts so; this was a 409 (the engine's "graph does not exist")."""
    update(plain, "DROP ALL")
    r = update(plain, "CLEAR GRAPH <http://example.org/never> ; INSERT DATA { GRAPH <http://example.org/never> "
                      "{ <http://example.org/s> <http://example.org/p> <rel> } }")
    assert r.status_code == 200, r.text
    assert everything(plain) == [{"s": "http://example.org/s", "p": "http://example.org/p", "o": plain + "/rel",
                                  "g": "http://example.org/never"}]
    assert update(plain, "CLEAR GRAPH <http://example.org/never>").json()["removed"] == 1
    assert update(plain, "DROP GRAPH <http://example.org/gone>").status_code == 409  # DROP still says so


def test_insert_data_alone_reports_only_what_is_new(plain):
    """An update of INSERT DATA alone is planned without the store: what is already there is not added again,
    a graph it names is created, blank nodes are fresh each time, and a variable is still a syntax error."""
    update(plain, "DROP ALL")
    text = ("PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:p 1 . GRAPH ex:g { ex:b ex:p _:x } } ; "
            "INSERT DATA { ex:a ex:p 1 }")
    first = update(plain, text)
    assert first.status_code == 200 and first.json()["added"] == 2, first.text
    again = update(plain, text)
    assert again.status_code == 200 and again.json()["added"] == 1  # the same fact, a new blank node
    assert len(rows(plain, "SELECT ?o WHERE { GRAPH <http://example.org/g> { ?s ?p ?o } }")) == 2
    bad = update(plain, "INSERT DATA { <http://example.org/a> <http://example.org/p> ?x }")
    assert bad.status_code == 400 and "SPARQL Update error" in bad.text


def test_an_empty_update_changes_nothing(plain):
    for text in ("", "  # nothing\n", "PREFIX ex: <http://example.org/>"):
        response = update(plain, text)
        assert response.status_code == 200 and response.json()["added"] == 0, (text, response.text)


def test_variables_and_blank_nodes_in_delete_data_are_refused(plain):
    update(plain, "DROP ALL ; INSERT DATA { <http://example.org/a> <http://example.org/p> 1 }")
    for text in ("DELETE DATA { ?s <http://example.org/p> 1 }", "DELETE DATA { _:b <http://example.org/p> 1 }"):
        response = update(plain, text)
        assert response.status_code == 400 and "SPARQL Update error" in response.text, text
    assert len(everything(plain)) == 1


def test_relative_iris_resolve_against_the_request(plain):
    update(plain, "DROP ALL")
    assert update(plain, "INSERT DATA { GRAPH <g> { <s> <p> <o> } }").status_code == 200
    assert everything(plain) == [{"s": plain + "/s", "p": plain + "/p", "o": plain + "/o", "g": plain + "/g"}]
    put = requests.put(plain + "/store/doc", data=b'<> <http://example.org/title> "Doc" .', timeout=30,
                       headers={**TOKEN, "Content-Type": "text/turtle"})
    assert put.status_code == 201, put.text
    assert rows(plain, f"SELECT ?s WHERE {{ GRAPH <{plain}/store/doc> {{ ?s ?p ?o }} }}") == [{"s": plain + "/store/doc"}]


def test_using_graph_uri_and_using_named_graph_uri(plain):
    update(plain, "DROP ALL ; INSERT DATA { GRAPH <http://example.org/d1> { <http://example.org/x> a <http://example.org/T> } "
                  "GRAPH <http://example.org/d2> { <http://example.org/y> a <http://example.org/T> } }")
    copy = "INSERT { GRAPH <http://example.org/out> { ?s a <http://example.org/Seen> } } WHERE { ?s a <http://example.org/T> }"
    assert update(plain, copy, **{"using-graph-uri": "http://example.org/d1"}).status_code == 200
    named = "INSERT { GRAPH <http://example.org/out2> { ?s a <http://example.org/Seen> } } WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert update(plain, named, **{"using-named-graph-uri": "http://example.org/d2"}).status_code == 200
    # DELETE WHERE takes the dataset too; its template is the default graph, which holds nothing here
    assert update(plain, "DELETE WHERE { ?s a ?t }", **{"using-graph-uri": "http://example.org/d2"}).status_code == 200
    seen = rows(plain, "SELECT ?g ?s WHERE { GRAPH ?g { ?s a ?t } } ORDER BY ?g ?s")
    assert seen == [{"g": "http://example.org/d1", "s": "http://example.org/x"},
                    {"g": "http://example.org/d2", "s": "http://example.org/y"},
                    {"g": "http://example.org/out", "s": "http://example.org/x"},
                    {"g": "http://example.org/out2", "s": "http://example.org/y"}]
    conflict = update(plain, "WITH <http://example.org/d1> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
                      **{"using-graph-uri": "http://example.org/d1"})
    assert conflict.status_code == 400 and "not both" in conflict.text


def test_one_update_per_request(plain):
    twice = requests.post(plain + "/update", data=[("update", "CLEAR DEFAULT"), ("update", "DROP ALL")],
                          headers=TOKEN, timeout=30)
    assert twice.status_code == 400 and "once" in twice.text


def test_graph_store_direct_addressing_status_codes_and_post_to_the_store(plain):
    update(plain, "DROP ALL")
    turtle = {**TOKEN, "Content-Type": "text/turtle"}
    person = plain + "/store/person/1.ttl"
    assert requests.head(person, timeout=30).status_code == 404
    assert requests.put(person, data=b'<http://example.org/p1> a <http://example.org/Person> .', headers=turtle,
                        timeout=30).status_code == 201
    assert requests.put(person, data=b'<http://example.org/p1> a <http://example.org/Agent> .', headers=turtle,
                        timeout=30).status_code == 200
    head = requests.head(person, timeout=30)
    assert head.status_code == 200 and head.text == "" and int(head.headers["Content-Length"]) > 0
    assert requests.put(plain + "/store", params={"default": ""}, data=b'<http://example.org/d> a <http://example.org/T> .',
                        headers=turtle, timeout=30).status_code == 201
    created = requests.post(plain + "/store", data=b'_:x <http://example.org/name> "Alice" .', headers=turtle, timeout=30)
    assert created.status_code == 201 and created.headers["Location"].startswith(plain + "/store/")
    got = requests.get(created.headers["Location"], headers={"Accept": "application/n-triples"}, timeout=30)
    assert got.status_code == 200 and '"Alice"' in got.text
    assert requests.delete(person, headers=TOKEN, timeout=30).status_code == 200
    assert requests.delete(person, headers=TOKEN, timeout=30).status_code == 404
    assert requests.get(person, timeout=30).status_code == 404


def test_a_body_over_the_limit_is_refused_whole(plain):
    big = b"\n".join(b'<http://example.org/s%d> <http://example.org/p> "%d" .' % (n, n) for n in range(10_000))
    assert len(big) > MAX_BODY
    r = requests.put(plain + "/store", params={"graph": "http://example.org/big"}, data=big, timeout=30,
                     headers={**TOKEN, "Content-Type": "application/n-triples"})
    assert r.status_code == 413
    assert requests.get(plain + "/store", params={"graph": "http://example.org/big"}, timeout=30).status_code == 404


def sample(graph: Graph) -> Graph:
    """Terms that clients get wrong: language tags, datatypes, blank nodes, non-ASCII text."""
    node = BNode()
    for t in ((EX.mission, EX.name, Literal("Chang'e-6", lang="en")),
              (EX.mission, EX.name, Literal("嫦娥六号", lang="zh")),
              (EX.mission, EX.mass, Literal("3.5", datatype=URIRef(XSD + "decimal"))),
              (EX.mission, EX.launched, Literal("2024-05-03", datatype=URIRef(XSD + "date"))),
              (EX.mission, EX.note, Literal("Ünïcödé \"quoted\"\nline")),
              (EX.mission, EX.crew, node), (node, EX.size, Literal(0))):
        graph.add(t)
    return graph


def test_rdflib_sparql_update_store_round_trip(plain):
    update(plain, "DROP ALL")
    store = SPARQLUpdateStore(query_endpoint=plain + "/sparql", update_endpoint=plain + "/update",
                              headers=dict(TOKEN), context_aware=True)
    dataset = Dataset(store=store)
    named = dataset.graph(URIRef("http://example.org/graphs/named"))
    with_blank_nodes = []
    for s, p, o in sample(Graph()):
        if isinstance(s, BNode) or isinstance(o, BNode):  # SPARQLUpdateStore.add refuses them: its update() takes them
            with_blank_nodes.append(f"{s.n3()} {p.n3()} {o.n3()} .")
        else:
            dataset.add((s, p, o))
            named.add((s, p, o))
    triples = " ".join(with_blank_nodes)  # one request: a blank node label holds within one request only
    store.update(f"INSERT DATA {{ {triples} GRAPH <{named.identifier}> {{ {triples} }} }}")
    for name in (None, "http://example.org/graphs/named"):
        params = {"graph": name} if name else {"default": ""}
        got = requests.get(plain + "/store", params=params, headers={"Accept": "text/turtle"}, timeout=30)
        assert isomorphic(Graph().parse(data=got.text, format="turtle"), sample(Graph())), got.text
    named.remove((EX.mission, EX.mass, None))
    assert len(list(named.triples((EX.mission, None, None)))) == 5


def test_graph_store_round_trip(plain):
    update(plain, "DROP ALL")
    body = sample(Graph()).serialize(format="turtle", encoding="utf-8")
    assert requests.put(plain + "/store", params={"graph": "http://example.org/gsp"}, data=body, timeout=30,
                        headers={**TOKEN, "Content-Type": "text/turtle; charset=utf-8"}).status_code == 201
    for accept, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld")):
        got = requests.get(plain + "/store", params={"graph": "http://example.org/gsp"}, headers={"Accept": accept},
                           timeout=30)
        assert isomorphic(Graph().parse(data=got.content, format=fmt), sample(Graph())), accept


def test_multipart_post_merges_its_parts(plain):
    """A Graph Store POST of multipart/form-data: every part is an RDF document, in its own syntax; the graph
    receives their merge (blank nodes of different parts stay apart)."""
    graph = plain + "/store/multipart"
    files = [("graphs", ("a.ttl", b'<http://example.org/s> <http://example.org/p> "t\xc3\xa9"@fr . [] <http://example.org/q> 1 .',
                         "text/turtle")),
             ("graphs", ("b.nt", b'<http://example.org/s> <http://example.org/p> "two" .\n_:x <http://example.org/q> "2" .\n',
                         "application/octet-stream"))]
    r = requests.post(graph, files=files, headers=TOKEN, timeout=30)
    assert r.status_code == 201, r.text
    got = Graph().parse(data=requests.get(graph, headers={"Accept": "text/turtle"}, timeout=30).text, format="turtle")
    assert len(got) == 4 and len(set(got.subjects(EX.q, None))) == 2
    assert (EX.s, EX.p, Literal("té", lang="fr")) in got
    bad = requests.post(graph, files=[("g", ("c.ttl", b"<http://e/a> <http://e/b> .", "text/turtle"))], headers=TOKEN,
                        timeout=30)
    assert bad.status_code == 400 and "the part 'c.ttl'" in bad.text
    put = requests.put(graph, files=files, headers=TOKEN, timeout=30)
    assert put.status_code == 415 and "POST" in put.text


def test_an_empty_put_makes_an_empty_graph(plain):
    """PUT of an empty document to a new graph: 200 (no content was created, as the W3C Graph Store tests
    expect), and the graph then exists, empty."""
    graph = plain + "/store/empty-put"
    put = requests.put(graph, data=b"", headers={**TOKEN, "Content-Type": "text/turtle"}, timeout=30)
    assert put.status_code == 200, put.text
    got = requests.get(graph, headers={"Accept": "application/n-triples"}, timeout=30)
    assert got.status_code == 200 and got.text.strip() == ""
    full = requests.put(plain + "/store/full-put", data=b"<http://e/a> <http://e/b> <http://e/c> .",
                        headers={**TOKEN, "Content-Type": "text/turtle"}, timeout=30)
    assert full.status_code == 201
