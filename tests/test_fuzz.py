"""Property-based fuzzing of the public endpoint: generated protocol requests, SPARQL texts and RDF
documents against one real server. On every input: an HTTP answer, never a 500, worker memory bounded, and
a loopback listener standing for an internal address sees no request.

GER_FUZZ_EXAMPLES sets the examples per property (small in `make test`, large in `make fuzz`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import requests
from conftest import start_ger
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hostile import Listener

EXAMPLES = int(os.environ.get("GER_FUZZ_EXAMPLES", "12"))
MAX_WORKER_RSS = 3 * 1024 ** 3  # bytes: far above a healthy worker, far below the host
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("GER_FUZZ_RANDOM"),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def target(built, tmp_path_factory):
    listener = Listener(b'{"head":{"vars":[]},"results":{"bindings":[]}}')
    proc = start_ger(tmp_path_factory.mktemp("fuzz"), "--query-timeout", "5", env={"GER_MAX_BODY": "1048576"})
    yield proc, listener
    proc.stop()
    listener.close()


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            found += children
            todo += children
    return found


def worker_rss(pid: int) -> int:
    """The largest resident set among the server's processes, in bytes."""
    sizes = [0]
    for child in descendants(pid):
        try:
            fields = Path(f"/proc/{child}/statm").read_text().split()
        except OSError:
            continue
        sizes.append(int(fields[1]) * os.sysconf("SC_PAGE_SIZE"))
    return max(sizes)


def check(target, method, path, **kwargs):
    proc, listener = target
    try:
        response = requests.request(method, proc.url + path, timeout=60, **kwargs)
    except requests.ConnectionError as exc:
        pytest.fail(f"no HTTP answer to {method} {path} {kwargs!r:.300}: {exc}")
    assert response.status_code != 500, (method, path, kwargs, response.text[:500])
    assert listener.seen == [], f"the server fetched {listener.seen} for {kwargs!r:.300}"
    assert worker_rss(proc.proc.pid) < MAX_WORKER_RSS
    return response


# ---- SPARQL texts ---------------------------------------------------------------------------------------

def hidden_services(url):
    """SERVICE to the forbidden listener, written every way the old checks missed."""
    iri = f"<{url}/sparql>"
    escaped = "".join(f"\\u{ord(c):04X}" for c in "SERVICE")
    return st.sampled_from([
        f"SERVICE {iri} {{ ?s ?p ?o }}",
        f"# c\rSERVICE {iri} {{ ?s ?p ?o }}",
        f"#\r\nservice silent {iri} {{ }}",
        f"{escaped} {iri} {{ }}",
        f"SERVIC\\u0045 {iri} {{ }}",
        f"SERVICE \\u003C{url}/sparql\\u003E {{ }}",
        f"SERVICE <{url}/%2e%2e/x> {{ }}",
        f"BIND(1 AS ?a) FILTER(?a<'>') SERVICE {iri} {{ }} FILTER('x' != '')",
        f"SERVICE ?e {{ }} BIND({iri} AS ?e)",
        f"{{ SELECT * WHERE {{ SERVICE {iri} {{ }} }} }}",
        f"SERVICE <{url.replace('127.0.0.1', '127.0.0.1.')}/> {{ }}",
        f"SERVICE <{url.replace('http', 'HTTP')}/> {{ }}",
    ])


PIECES = st.sampled_from([
    "?s ?p ?o", "?s a ?c", "OPTIONAL { ?s ?p ?o }", "FILTER(?o < 3)", "FILTER(?o<?p)", "FILTER(?a<'>')",
    "BIND(\"x\\\\u0041\" AS ?x)", "# comment\r", "# comment\n", "\r\n", "\\u007B", "\\u007D", "'''a'''", "<'''>",
    "VALUES ?v { 1 2.5 \"a\" \"b\"@en \"2020-01-01\"^^<http://www.w3.org/2001/XMLSchema#date> }",
    "{ SELECT * WHERE { ?s ?p ?o } LIMIT 3 }", "MINUS { ?s ?p ?o }", "UNION", "{", "}", "(", ")", "<", ">",
    "\"", "'", "\\", "#", "\x00", "\u2028", "?", "$x", "_:b", "[]", "()",
    "FILTER(<http://example.org/f>(?o))", "FILTER(isNumeric(?o) && ?o > -1.5e3)",
])


@st.composite
def queries(draw, url):
    head = draw(st.sampled_from(["SELECT *", "SELECT ?s ?o", "ASK", "CONSTRUCT { ?s ?p ?o }", "DESCRIBE ?s",
                                 "SELECT (COUNT(*) AS ?n)", "PREFIX x: <http://example.org/> SELECT *",
                                 "BASE <http://example.org/> SELECT *"]))
    body = draw(st.lists(st.one_of(PIECES, hidden_services(url)), max_size=6))
    depth = draw(st.sampled_from([0, 0, 0, 5, 130, 2000]))
    literal = draw(st.sampled_from(["", "", "FILTER(?o != \"" + "x" * 100_000 + "\")",
                                    "FILTER(?o != '''" + "\\n" * 20_000 + "''')"]))
    tail = draw(st.sampled_from(["", "ORDER BY ?o", "ORDER BY DESC(?o) ?s", "ORDER BY (STR(?o)) LIMIT 5",
                                 "ORDER BY ?o LIMIT 5", "LIMIT 2", "LIMIT 99999 OFFSET 3", "GROUP BY ?s",
                                 "VALUES ?s { <http://example.org/a> }"]))
    where = " ".join(body)
    return f"{head} WHERE {{ {'{' * depth}{where} {literal}{'}' * depth} }} {tail}"


@given(data=st.data())
@FUZZ
def test_generated_queries(target, data):
    proc, listener = target
    query = data.draw(queries(listener.url))
    how = data.draw(st.sampled_from(["get", "form", "direct"]))
    accept = data.draw(st.sampled_from(["application/sparql-results+json", "text/csv", "text/turtle", "*/*",
                                        "application/n-quads", "text/html", "image/png"]))
    if how == "get" and len(query) < 8000:
        check(target, "GET", "/sparql", params={"query": query}, headers={"Accept": accept})
    elif how == "form":
        check(target, "POST", "/sparql", data={"query": query}, headers={"Accept": accept})
    else:
        check(target, "POST", "/sparql", data=query.encode("utf-8", "surrogatepass"),
              headers={"Content-Type": "application/sparql-query", "Accept": accept})


# ---- protocol requests ----------------------------------------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)


@given(method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "BREW"]),
       path=st.sampled_from(["/sparql", "/validate", "/update", "/store", "/void", "/id/agency/jaxa",
                             "/data/agency/jaxa.ttl", "/page/agency/jaxa", "/dump.nq", "/ontology", "/health",
                             "/id/%01", "/data/x.", "/store?graph=x", "/store?default", "/"]),
       params=st.dictionaries(st.sampled_from(["query", "format", "default-graph-uri", "named-graph-uri",
                                               "graph", "ger", "update"]), TEXT, max_size=3),
       content_type=st.sampled_from([None, "application/sparql-query", "application/x-www-form-urlencoded",
                                     "text/turtle", "application/ld+json", "multipart/form-data", "a/b; c"]),
       accept=st.sampled_from([None, "*/*", "application/sparql-results+json", "application/n-quads",
                               "text/html;q=0", "x/y;q=abc", ",,,"]),
       body=st.binary(max_size=200))
@FUZZ
def test_generated_protocol_requests(target, method, path, params, content_type, accept, body):
    headers = {k: v for k, v in (("Content-Type", content_type), ("Accept", accept)) if v}
    check(target, method, path, params=params, headers=headers, data=body if method != "GET" else None)


# ---- RDF documents --------------------------------------------------------------------------------------

MEDIA = ["text/turtle", "application/n-triples", "application/n-quads", "application/trig",
         "application/ld+json", "application/rdf+xml"]


@st.composite
def documents(draw):
    import pyoxigraph as ox
    xsd = "http://www.w3.org/2001/XMLSchema#"
    literal = st.one_of(
        st.builds(ox.Literal, TEXT),
        st.builds(lambda v: ox.Literal(str(v), datatype=ox.NamedNode(xsd + "decimal")), st.integers()),
        st.builds(lambda v: ox.Literal(v, language="en"), TEXT))
    node = st.builds(lambda n: ox.NamedNode(f"https://w3id.org/ger-kg/id/fuzz/{n}"), st.integers(0, 5))
    triples = draw(st.lists(st.builds(ox.Quad, node, node, st.one_of(node, literal)), max_size=8))
    media = draw(st.sampled_from(MEDIA))
    body = ox.serialize(triples, format=ox.RdfFormat.from_media_type(media))
    cut = draw(st.sampled_from([None, None, 0.5, 0.9]))
    if cut:
        body = body[:int(len(body) * cut)]
    extra = draw(st.sampled_from([b"", b"", b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"\x00", b"{" * 100, b"<<( ",
                                  b"@prefix : <http://x/> .", b'"\\u0000"']))
    return (extra + body if draw(st.booleans()) else body + extra), media


@given(doc=documents(), alone=st.booleans())
@FUZZ
def test_generated_rdf_documents(target, doc, alone):
    body, media = doc
    check(target, "POST", "/validate", params={"ger": "false"} if alone else {}, data=body,
          headers={"Content-Type": media, "Accept": "application/json"})
