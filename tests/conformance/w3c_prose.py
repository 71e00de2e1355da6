"""The two prose suites of the W3C SPARQL 1.1 tests, as requests: the Graph Store HTTP Protocol
(http-rdf-update/tests.txt, one test per request of the document) and the SPARQL 1.1 Protocol (the 34
entries of protocol/manifest.ttl, whose requests and expectations are those of the W3C protocol validator's
description).

Adaptations, the same for every server: direct graph addresses are under the graph store URL
($GRAPHSTORE$/person/1.ttl); the protocol's form posts use application/x-www-form-urlencoded (the
description's "x-www-url-form-urlencoded" is a known typo); the kasei.us data files the query tests read
are stood in for by graphs that hold what the tests ask of them (each file typed foaf:Document). Status
"200" of the Graph Store document means success: 200 or 204, as the protocol allows.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import requests
from rdflib import Graph
from rdflib.compare import isomorphic

FORM = "application/x-www-form-urlencoded"
KASEI = "http://kasei.us/2009/09/sparql/data/"
PREFIXES = "PREFIX dc: <http://purl.org/dc/terms/>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
TTL = "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n@prefix v: <http://www.w3.org/2006/vcard/ns#> .\n"


def _status_ok(got: int, want: int) -> bool:
    return got in (200, 204) if want == 200 else got == want


# ---- Graph Store HTTP Protocol ----------------------------------------------------------------------------

def graph_store_suite(target) -> list[tuple[str, bool, str]]:
    target.reset()
    host = urlsplit(target.store_url).netloc
    person1 = target.store_url + "/person/1.ttl"
    person2 = target.store_url + "/person/2.ttl"
    john = TTL + f'<http://{host}/person/1> a foaf:Person; foaf:businessCard [ a v:VCard; v:fn "John Doe" ].'
    jane = john.replace("John Doe", "Jane Doe")
    alice = TTL + '[] a foaf:Person; foaf:businessCard [ a v:VCard; v:given-name "Alice" ].'
    jane_named = jane.replace("foaf:Person;", 'foaf:Person; foaf:name "Jane Doe";')
    outcomes = []
    auth = target.headers

    def call(name, method, url, want, body=None, ctype="text/turtle", params=None, expect=None):
        headers = {**auth, **({"Content-Type": ctype} if body is not None else {}), "Accept": "text/turtle"}
        try:
            r = requests.request(method, url, data=body.encode() if isinstance(body, str) else body,
                                 params=params, headers=headers, timeout=30)
        except requests.RequestException as exc:
            outcomes.append((name, False, str(exc)))
            return None
        ok, why = _status_ok(r.status_code, want), f"{r.status_code}: {r.text[:160]}"
        if ok and expect is not None:
            try:
                got = Graph().parse(data=r.text, format="turtle")
                ok = isomorphic(got, Graph().parse(data=expect, format="turtle"))
                why = "" if ok else f"got {len(got)} triples: {r.text[:160]}"
            except Exception as exc:  # an unreadable body is a failure of this test, not of the run
                ok, why = False, f"unreadable body: {exc}"
        outcomes.append((name, ok, why))
        return r

    call("PUT - Initial state", "PUT", person1, 201, john)
    call("GET of PUT - Initial state", "GET", person1, 200, expect=john)
    call("PUT - graph already in store", "PUT", person1, 200, jane)
    call("GET of PUT - graph already in store", "GET", person1, 200, expect=jane)
    call("PUT - default graph", "PUT", target.store_url, 201, alice, params={"default": ""})
    call("GET of PUT - default graph", "GET", target.store_url, 200, params={"default": ""}, expect=alice)
    call("PUT - mismatched payload", "PUT", person1, 400, jane, ctype="application/rdf+xml")
    call("PUT - empty graph", "PUT", person2, 200, "")
    call("GET of PUT - empty graph", "GET", person2, 200, expect="")
    call("DELETE - existing graph", "DELETE", person2, 200)
    call("GET of DELETE - existing graph", "GET", person2, 404)
    call("DELETE - non-existent graph", "DELETE", person2, 404)
    call("POST - existing graph", "POST", person1, 200,
         f'@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n<http://{host}/person/1> foaf:name "Jane Doe" .')
    call("GET of POST - existing graph", "GET", person1, 200, expect=jane_named)
    boundary = "AaB03x"
    parts = "".join(f"--{boundary}\r\nContent-Disposition: form-data; name=\"graphs\"; filename=\"{n}.ttl\"\r\n"
                    f"Content-Type: text/turtle\r\n\r\n@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
                    f"<http://{host}/person/1> foaf:{p} \"{v}\" .\r\n"
                    for n, p, v in (("lastName", "familyName", "Doe"), ("firstName", "givenName", "Jane")))
    call("POST - multipart/form-data", "POST", person1, 200, parts + f"--{boundary}--\r\n",
         ctype=f"multipart/form-data; boundary={boundary}")
    call("GET of POST - multipart/form-data", "GET", person1, 200, expect=jane_named.replace(
        "foaf:Person;", 'foaf:Person; foaf:givenName "Jane"; foaf:familyName "Doe";'))
    created = call("POST - create new graph", "POST", target.store_url, 201, alice)
    location = created.headers.get("Location") if created is not None else None
    if location is None:
        outcomes[-1] = (outcomes[-1][0], False, "no Location header")
        location = target.store_url + "/nowhere"
    location = requests.compat.urljoin(target.store_url, location)
    call("GET of POST - create new graph", "GET", location, 200, expect=alice)
    call("POST - empty graph to existing graph", "POST", location, 200, "")
    call("GET of POST - after noop", "GET", location, 200, expect=alice)
    call("HEAD on an existing graph", "HEAD", person1, 200)
    call("HEAD on a non-existing graph", "HEAD", person2, 404)
    return outcomes


# ---- SPARQL 1.1 Protocol -------------------------------------------------------------------------------------

def _result(response) -> tuple[str, str]:
    return response.headers.get("Content-Type", "").split(";")[0].strip(), response.text


def _boolean(response) -> bool | None:
    media, text = _result(response)
    if media == "application/sparql-results+json":
        return response.json().get("boolean")
    if media == "application/sparql-results+xml":
        return "<boolean>true</boolean>" in text.replace(" ", "") if "<boolean>" in text else None
    return None


RESULT_TYPES = ("application/sparql-results+xml", "application/sparql-results+json")
GRAPH_TYPES = ("application/rdf+xml", "application/rdf+json", "text/turtle")


def protocol_suite(target) -> list[tuple[str, bool, str]]:
    q, u, auth = target.query_url, target.update_url, target.headers
    xml = {"Accept": "application/sparql-results+xml"}
    outcomes = []

    def load():
        target.reset()
        data = " ".join(f"GRAPH <{KASEI}data{n}.rdf> {{ <{KASEI}data{n}.rdf> a foaf:Document }}" for n in range(4))
        assert target.update(PREFIXES + f"INSERT DATA {{ {data} }}").ok

    def record(name, response, want_4xx=False, types=RESULT_TYPES, boolean=None, check=None):
        if want_4xx:
            ok = 400 <= response.status_code < 500
        else:
            ok = response.status_code < 400 and (types is None or _result(response)[0] in types)
            if ok and boolean is not None:
                ok = _boolean(response) is boolean
            if ok and check is not None:
                ok = check(response)
        outcomes.append((name, ok, f"{response.status_code} {_result(response)[0]}: {response.text[:160]}"))

    def post(url, body, ctype, params=None, headers=None):
        h = {**auth, **(headers or {})}
        if ctype:
            h["Content-Type"] = ctype
        return requests.post(url, data=body, params=params, headers=h, timeout=30)

    def update_then_ask(name, params, update, ask):
        first = post(u, (PREFIXES + update).encode(), "application/sparql-update", params)
        if first.status_code >= 400:
            outcomes.append((name, False, f"{first.status_code}: {first.text[:160]}"))
            return
        record(name, post(q, ask.encode(), "application/sparql-query", headers=xml), boolean=True,
               types=("application/sparql-results+xml",))

    # negative
    record("bad_query_method", requests.put(q, params={"query": "ASK {}"}, timeout=30), want_4xx=True)
    record("bad_multiple_queries", requests.get(q, params=[("query", "ASK {}"), ("query", "SELECT * {}")],
                                                timeout=30), want_4xx=True)
    record("bad_query_wrong_media_type", post(q, b"ASK {}", "text/plain"), want_4xx=True)
    record("bad_query_missing_form_type", post(q, b"query=ASK%20%7B%7D", None), want_4xx=True)
    record("bad_query_missing_direct_type", post(q, b"ASK {}", None), want_4xx=True)
    record("bad_query_non_utf8", post(q, "ASK {}".encode("utf-16"), "application/sparql-query; charset=UTF-16"),
           want_4xx=True)
    record("bad_query_syntax", requests.get(q, params={"query": "ASK {"}, timeout=30), want_4xx=True)
    record("bad_update_get", requests.get(u, params={"update": "CLEAR ALL"}, headers=auth, timeout=30), want_4xx=True)
    record("bad_multiple_updates", post(u, b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", FORM), want_4xx=True)
    record("bad_update_wrong_media_type", post(u, b"CLEAR NAMED", "text/plain"), want_4xx=True)
    record("bad_update_missing_form_type", post(u, b"update=CLEAR%20NAMED", None), want_4xx=True)
    record("bad_update_non_utf8", post(u, "CLEAR NAMED".encode("utf-16"), "application/sparql-update; charset=UTF-16"),
           want_4xx=True)
    record("bad_update_syntax", post(u, b"update=CLEAR%20XYZ", FORM), want_4xx=True)
    conflict = ("PREFIX foaf: <http://xmlns.com/foaf/0.1/> WITH <http://example/addresses> "
                "DELETE { ?person foaf:givenName 'Bill' } INSERT { ?person foaf:givenName 'William' } "
                "WHERE { ?person foaf:givenName 'Bill' }")
    record("bad_update_dataset_conflict", post(u, {"using-named-graph-uri": "http://example/people",
                                                   "update": conflict}, FORM), want_4xx=True)

    # positive: queries
    load()
    record("query_get", requests.get(q, params={"query": "ASK {}"}, timeout=30), boolean=True)
    record("query_post_form", post(q, {"query": "ASK {}"}, FORM), boolean=True)
    record("query_post_direct", post(q, b"ASK {}", "application/sparql-query"), boolean=True)
    d = [f"{KASEI}data{n}.rdf" for n in range(4)]
    record("query_dataset_default_graphs_get", requests.get(q, timeout=30, params=[
        ("query", f"ASK {{ <{d[1]}> a ?type . <{d[2]}> a ?type . }}"),
        ("default-graph-uri", d[1]), ("default-graph-uri", d[2])]), boolean=True)
    record("query_dataset_default_graphs_post", post(q, f"ASK {{ <{d[1]}> ?p ?o . <{d[2]}> ?p ?o }}".encode(),
                                                     "application/sparql-query",
                                                     [("default-graph-uri", d[1]), ("default-graph-uri", d[2])]),
           boolean=True)
    record("query_dataset_named_graphs_get", requests.get(q, timeout=30, params=[
        ("query", f"ASK {{ GRAPH ?g1 {{ <{d[1]}> a ?type }} GRAPH ?g2 {{ <{d[2]}> a ?type }} }}"),
        ("named-graph-uri", d[1]), ("named-graph-uri", d[2])]), boolean=True)
    record("query_dataset_named_graphs_post", post(q, b"ASK { GRAPH ?g { ?s ?p ?o } }", "application/sparql-query",
                                                   [("named-graph-uri", d[1]), ("named-graph-uri", d[2])]),
           boolean=True)
    record("query_dataset_full", post(q, b"SELECT ?g ?x ?s { ?x ?y ?o  GRAPH ?g { ?s ?p ?o } }",
                                      "application/sparql-query",
                                      [("default-graph-uri", d[3]), ("named-graph-uri", d[1]),
                                       ("named-graph-uri", d[2])]))
    record("query_multiple_dataset", post(q, f"ASK FROM <{d[1]}> {{ <{d[2]}> ?p ?o }}".encode(),
                                          "application/sparql-query", {"default-graph-uri": d[2]}), boolean=True)
    record("query_content_type_select", post(q, b"SELECT (1 AS ?value) {}", "application/sparql-query"),
           types=RESULT_TYPES + ("text/tab-separated-values", "text/csv"))
    record("query_content_type_ask", post(q, b"ASK {}", "application/sparql-query"))
    record("query_content_type_describe", post(q, b"DESCRIBE <http://example.org/>", "application/sparql-query"),
           types=GRAPH_TYPES)
    record("query_content_type_construct", post(q, b"CONSTRUCT { <s> <p> 1 } WHERE {}", "application/sparql-query"),
           types=GRAPH_TYPES)

    # positive: updates
    insert_three = "CLEAR ALL ;\nINSERT DATA { " + " ".join(
        f"GRAPH <{g}> {{ <{g}> a foaf:Document }}" for g in d[1:]) + " } ;\n"
    update_then_ask("update_dataset_default_graph", {"using-graph-uri": d[1]},
                    f"CLEAR ALL ; INSERT DATA {{ GRAPH <{d[1]}> {{ <{d[1]}> a foaf:Document }} }} ;\n"
                    "INSERT { GRAPH <http://example.org/protocol-update-dataset-test/> { ?s a dc:BibliographicResource } }"
                    " WHERE { ?s a foaf:Document }",
                    f"ASK {{ GRAPH <http://example.org/protocol-update-dataset-test/> "
                    f"{{ <{d[1]}> a <http://purl.org/dc/terms/BibliographicResource> }} }}")
    two_of_three = ("ASK {{ GRAPH <{g}> {{ <%s> a <http://purl.org/dc/terms/BibliographicResource> . "
                    "<%s> a <http://purl.org/dc/terms/BibliographicResource> . }} FILTER NOT EXISTS {{ GRAPH <{g}> "
                    "{{ <%s> a <http://purl.org/dc/terms/BibliographicResource> . }} }} }}") % (d[1], d[2], d[3])
    graphs_test = "http://example.org/protocol-update-dataset-graphs-test/"
    update_then_ask("update_dataset_default_graphs", [("using-graph-uri", d[1]), ("using-graph-uri", d[2])],
                    insert_three + f"INSERT {{ GRAPH <{graphs_test}> {{ ?s a dc:BibliographicResource }} }} "
                    "WHERE { ?s a foaf:Document }", two_of_three.format(g=graphs_test))
    named_test = "http://example.org/protocol-update-dataset-named-graphs-test/"
    update_then_ask("update_dataset_named_graphs", [("using-named-graph-uri", d[1]), ("using-named-graph-uri", d[2])],
                    insert_three + f"INSERT {{ GRAPH <{named_test}> {{ ?s a dc:BibliographicResource }} }} "
                    "WHERE { GRAPH ?g { ?s a foaf:Document } }", two_of_three.format(g=named_test))
    full_test = "http://example.org/protocol-update-dataset-full-test/"
    update_then_ask("update_dataset_full", [("using-graph-uri", d[1]), ("using-named-graph-uri", d[2])],
                    insert_three + f"INSERT {{ GRAPH <{full_test}> {{ ?s <http://example.org/in> ?in }} }} WHERE {{ "
                    "{ GRAPH ?g { ?s a foaf:Document } BIND(?g AS ?in) } UNION "
                    "{ ?s a foaf:Document . BIND(\"default\" AS ?in) } }",
                    f"ASK {{ GRAPH <{full_test}> {{ <{d[1]}> <http://example.org/in> \"default\" . <{d[2]}> "
                    f"<http://example.org/in> <{d[2]}> . }} FILTER NOT EXISTS {{ GRAPH <{full_test}> "
                    f"{{ <{d[3]}> ?p ?o }} }} }}")
    record("update_post_form", post(u, {"update": "CLEAR ALL"}, FORM), types=None)
    record("update_post_direct", post(u, b"CLEAR ALL", "application/sparql-update"), types=None)
    base_test = "http://example.org/protocol-base-test/"
    first = post(u, f"CLEAR GRAPH <{base_test}> ; INSERT DATA {{ GRAPH <{base_test}> {{ <http://example.org/s> "
                    "<http://example.org/p> <test> } }".encode(), "application/sparql-update")
    if first.status_code >= 400:
        outcomes.append(("update_base_uri", False, f"{first.status_code}: {first.text[:160]}"))
    else:
        def resolved(response):
            values = [b for b in response.text.split("<uri>")[1:]]
            return len(values) == 1 and not values[0].startswith("test<")
        record("update_base_uri", post(q, f"SELECT ?o WHERE {{ GRAPH <{base_test}> {{ <http://example.org/s> "
                                          "<http://example.org/p> ?o } }".encode(), "application/sparql-query",
                                       headers=xml), types=("application/sparql-results+xml",), check=resolved)
    return outcomes
