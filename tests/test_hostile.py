"""Attacks from issue 8, each reproduced over HTTP against one real server: a loopback listener stands for
the internal address a query must never reach, and another, on the allow-list, answers garbage."""

from __future__ import annotations

import http.server
import threading

import pytest
import requests
from conftest import start_ger

RESULTS_JSON = "application/sparql-results+json"


class Listener:
    """A loopback HTTP server that records every request it gets and answers `answer`."""

    def __init__(self, answer: bytes):
        seen = self.seen = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self):
                seen.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", RESULTS_JSON)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
            do_GET = do_POST = _any

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def forbidden():
    listener = Listener(b'{"head":{"vars":["s"]},"results":{"bindings":[]}}')
    yield listener
    listener.close()


@pytest.fixture(scope="module")
def garbage():
    listener = Listener(b"\x00\xffthis is not SPARQL results{{{")
    yield listener
    listener.close()


@pytest.fixture(scope="module")
def hostile(built, tmp_path_factory, garbage):
    """The service with a row cap of 5, a 64 KB body limit and the garbage listener allow-listed."""
    proc = start_ger(tmp_path_factory.mktemp("hostile"), "--row-cap", "5",
                     env={"GER_REMOTE_ALLOWLIST": garbage.url + "/sparql", "GER_MAX_BODY": "65536"})
    yield proc.url
    proc.stop()


def ask(url, query, **headers):
    return requests.post(url + "/sparql", data=query.encode(), timeout=60,
                         headers={"Content-Type": "application/sparql-query", "Accept": RESULTS_JSON, **headers})


SSRF = [
    # a comment ended by a bare CR: the old lexer read on to the LF and missed the SERVICE
    "SELECT * WHERE {{ # hidden\rSERVICE <{url}/> {{ ?s ?p ?o }} }}",
    # `<'>` read as an IRI by the old lexer and as `<` then a string by the engine
    "SELECT * WHERE {{ BIND(1 AS ?a) FILTER(?a<'>') SERVICE <{url}/> {{ ?s ?p ?o }} FILTER('x' != '') }}",
    # an escape the engine expands before parsing
    "SELECT * WHERE {{ \\u0053ERVICE <{url}/> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVIC\\u0045 SILENT <{url}/> {{ ?s ?p ?o }} }}",
    # an allowed host as the prefix of another one
    "SELECT * WHERE {{ SERVICE <{url}.attacker.example/> {{ ?s ?p ?o }} }}",
]


@pytest.mark.parametrize("template", SSRF, ids=["cr-comment", "lt-quote", "escape", "escape-silent", "prefix"])
def test_no_query_makes_the_server_fetch_an_address_off_the_allow_list(hostile, forbidden, template):
    response = ask(hostile, template.format(url=forbidden.url))
    assert 400 <= response.status_code < 500, response.text
    assert forbidden.seen == []


def test_an_allow_list_entry_does_not_admit_a_longer_host_name(hostile, garbage):
    host = garbage.url.split("//")[1].split(":")[0]
    response = ask(hostile, f"SELECT * WHERE {{ SERVICE <http://{host}.attacker.example/sparql> {{ ?s ?p ?o }} }}")
    assert response.status_code == 403 and "allow-list" in response.text


def test_a_sub_select_limit_hidden_by_a_cr_comment_does_not_lift_the_row_cap(hostile):
    # the old lexer saw `SELECT * WHERE { ?s ?p ?o ?x ?y ?z } LIMIT 1`; the engine runs the sub-select
    query = "SELECT * WHERE { ?s ?p ?o #\r { SELECT ?x WHERE { \n ?x ?y ?z } LIMIT 1 } }"
    response = ask(hostile, query)
    assert response.status_code == 200, response.text
    assert len(response.json()["results"]["bindings"]) == 5
    assert "X-Result-Truncated" in response.headers


@pytest.mark.parametrize("order", ["?o", "DESC(?o)", "(STR(?p)) ?o"])
def test_ordering_our_graph_by_mixed_datatypes_is_answered(hostile, order):
    # pyoxigraph 0.5.13 aborts the worker sorting decimals among language-tagged strings
    response = ask(hostile, f"SELECT * WHERE {{ ?s ?p ?o }} ORDER BY {order} LIMIT 5")
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    assert len(rows) == 5 and all("o" in row for row in rows)


def test_numbers_still_come_in_numeric_order(hostile):
    response = ask(hostile, "SELECT ?x WHERE { VALUES ?x { 10 9.5 \"b\" 100 \"a\" } } ORDER BY ?x")
    assert [b["x"]["value"] for b in response.json()["results"]["bindings"]] == ["a", "b", "9.5", "10", "100"]


@pytest.mark.parametrize("query", [
    "SELECT * WHERE " + "{" * 3000 + "}" * 3000,
    "SELECT * WHERE { FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }",
    "SELECT * WHERE { " + "MINUS { ?s ?p ?o } " * 3000 + "}",
], ids=["braces", "parens", "minus-chain"])
def test_deep_texts_are_answered_without_crashing_a_worker(hostile, query):
    response = ask(hostile, query)
    # answered, refused, or stopped at the worker's memory budget (503): never a dropped connection
    assert response.status_code in (200, 400, 503), response.text
    assert response.status_code != 503 or "budget" in response.text
    assert requests.get(hostile + "/health", timeout=10).status_code == 200


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
""" + b"".join(b'<!ENTITY %c "%s">\n' % (98 + i, (b"&%c;" % (97 + i)) * 10) for i in range(12)) + b"""]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/x"><ex:p>&m;</ex:p></rdf:Description>
</rdf:RDF>"""


@pytest.mark.parametrize("body,media", [
    (BILLION_LAUGHS, "application/rdf+xml"),
    (b'{"http://example.org/p": ' * 2000 + b"1" + b"}" * 2000, "application/ld+json"),
    (b"<http://example.org/a> <http://example.org/b> <<( <http://example.org/a> <http://example.org/b> 1 )>> .",
     "text/turtle"),
], ids=["billion-laughs", "deep-json-ld", "rdf-star"])
def test_parser_bombs_are_refused_before_they_are_parsed(hostile, body, media):
    response = requests.post(hostile + "/validate", data=body, headers={"Content-Type": media}, timeout=60)
    assert response.status_code == 400, response.text[:300]
    assert "not accepted" in response.text or "levels deep" in response.text


def test_a_chunked_body_over_the_limit_is_refused_whole(hostile):
    def chunks():  # no Content-Length: requests sends it chunked
        yield b"ASK { FILTER(" + b" " * 40000
        yield b" " * 40000 + b"true) }"
    for path, media in (("/sparql", "application/sparql-query"), ("/validate", "text/turtle"),
                        ("/update", "application/sparql-update")):
        response = requests.post(hostile + path, data=chunks(), headers={"Content-Type": media}, timeout=30)
        assert response.status_code == 413, (path, response.status_code, response.text[:200])
    small = requests.post(hostile + "/sparql", data=iter([b"ASK { FILTER(", b"true) }"]),
                          headers={"Content-Type": "application/sparql-query", "Accept": RESULTS_JSON}, timeout=30)
    assert small.status_code == 200 and small.json()["boolean"] is True


def test_a_service_that_answers_garbage_gives_502(hostile, garbage):
    response = ask(hostile, f"SELECT * WHERE {{ SERVICE <{garbage.url}/sparql> {{ ?s ?p ?o }} }}")
    assert response.status_code == 502, response.text
    assert garbage.seen


@pytest.mark.parametrize("params", [
    {"query": "PREFIX e: <http://example.org/> SELECT (e:nofunction(1) AS ?x) WHERE {}"},
    {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "default-graph-uri": "not an iri"},
    {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "named-graph-uri": "<bad>"},
], ids=["unknown-function", "default-graph-uri", "named-graph-uri"])
def test_bad_queries_get_400_not_500(hostile, params):
    response = requests.get(hostile + "/sparql", params=params, headers={"Accept": RESULTS_JSON}, timeout=30)
    assert response.status_code == 400, response.text


@pytest.mark.parametrize("path", ["agency/%01jaxa", "agency/ja%5Bxa", "agency/%7F"])
def test_control_characters_in_resource_paths_get_400(hostile, path):
    response = requests.get(hostile + "/id/" + path, headers={"Accept": "text/turtle"}, timeout=30)
    assert response.status_code == 400, response.text


@pytest.mark.parametrize("graph", ["0\x1f", "\x7f", "http://e/a\x85", "http://e/a b", "["])
def test_control_characters_in_graph_store_names_get_400(hostile, graph):
    """Found by `make fuzz`: GET /store?graph=0%1F was a 500 (the name passed the check, the engine refused it)."""
    response = requests.get(hostile + "/store", params={"graph": graph}, timeout=30)
    assert response.status_code == 400 and "not an IRI" in response.text, response.text


def test_the_protocol_without_a_query_answers_every_accept(hostile):
    response = requests.get(hostile + "/sparql", headers={"Accept": RESULTS_JSON}, timeout=30)
    assert response.status_code in (200, 406), response.text
    nquads = requests.get(hostile + "/sparql", params={"format": "nq"}, timeout=30)
    assert nquads.status_code == 200 and nquads.headers["Content-Type"].startswith("application/n-quads")
    assert "<http://www.w3.org/ns/sparql-service-description#endpoint>" in nquads.text


def test_the_host_header_is_not_written_into_void(hostile):
    response = requests.get(hostile + "/void", headers={"Host": 'evil.example"><script>x</script>',
                                                        "Accept": "text/turtle"}, timeout=30)
    assert response.status_code == 400
    assert "<script>" not in response.text
