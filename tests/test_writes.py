"""Controlled writes: SPARQL Update and the Graph Store Protocol behind tokens, every write validated
before it is committed, journaled durably (restart, kill -9), recorded in the log graph; /validate."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest
import requests

from conftest import start_ger

TOKEN = {"Authorization": "Bearer esa-secret"}
OTHER = {"Authorization": "Bearer nasa-secret"}
G = "https://example.org/graphs/esa-example"
PREFIXES = """PREFIX ger: <https://w3id.org/ger-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
SRJ = {"Accept": "application/sparql-results+json"}


def mission(n: int, label: str | None = "Example Mission") -> str:
    lab = f' ; rdfs:label "{label} {n}"@en' if label else ""
    return (f"<https://example.org/m{n}> a ger:RoboticMission{lab} ; "
            f"dcterms:source <https://example.org/catalogue> ; "
            f"ger:destination <https://w3id.org/ger-kg/id/destination/moon> .")


def insert(url, body: str, headers=TOKEN, graph=G):
    text = f"{PREFIXES} INSERT DATA {{ GRAPH <{graph}> {{ {body} }} }}"
    return requests.post(url + "/update", data=text.encode(), timeout=60,
                         headers={**headers, "Content-Type": "application/sparql-update"})


def ask(url, pattern: str) -> bool:
    r = requests.get(url + "/sparql", params={"query": PREFIXES + f"ASK {{ {pattern} }}"}, headers=SRJ, timeout=30)
    return r.json()["boolean"]


def quad_count(url) -> int:
    q = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    r = requests.get(url + "/sparql", params={"query": q}, headers=SRJ, timeout=30)
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def state(tmp_path_factory):
    return tmp_path_factory.mktemp("state")


ENV = {"GER_TOKENS": "esa:esa-secret nasa:nasa-secret"}


@pytest.fixture(scope="module")
def writable(built, state, tmp_path_factory):
    proc = start_ger(tmp_path_factory.mktemp("writable"), env={**ENV, "GER_STATE_DIR": str(state)})
    yield proc
    proc.stop()


def test_no_write_without_a_valid_token(writable):
    url = writable.url
    assert insert(url, mission(1), headers={}).status_code == 401
    response = insert(url, mission(1), headers={"Authorization": "Bearer wrong"})
    assert response.status_code == 401 and "Bearer" in response.headers["WWW-Authenticate"]
    assert not ask(url, "<https://example.org/m1> ?p ?o")


def test_valid_update_is_committed_and_logged(writable):
    url = writable.url
    response = insert(url, mission(1))
    assert response.status_code == 200, response.text
    outcome = response.json()
    assert outcome["added"] == 4 and outcome["graphs"] == [G]
    assert ask(url, f"GRAPH <{G}> {{ <https://example.org/m1> a ger:RoboticMission }}")
    assert ask(url, "<https://example.org/m1> rdfs:label ?l")  # in the union default graph too
    log = requests.get(url + "/sparql", headers=SRJ, timeout=30, params={"query": PREFIXES + """
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?who ?added ?graph ?when WHERE { GRAPH <https://w3id.org/ger-kg/id/graph/log> {
          ?w a ger:Write ; prov:wasAssociatedWith/rdfs:label ?who ; ger:triplesAdded ?added ;
             ger:changedGraph ?graph ; prov:endedAtTime ?when } }"""}).json()["results"]["bindings"]
    assert {(b["who"]["value"], b["added"]["value"], b["graph"]["value"]) for b in log} >= {("esa", "4", G)}


def test_invalid_write_is_rejected_whole_with_the_report(writable):
    url = writable.url
    before = quad_count(url)
    body = mission(2) + " " + mission(3, label=None)  # m3 has no label
    response = insert(url, body)
    assert response.status_code == 422
    report = response.json()
    assert report["conforms"] is False
    assert any(r["focus"] == "https://example.org/m3" and r["severity"] == "Violation" for r in report["results"])
    assert quad_count(url) == before
    assert not ask(url, "<https://example.org/m2> ?p ?o")  # the valid half was not kept either
    turtle = insert(url, body, headers={**TOKEN, "Accept": "text/turtle"})
    assert turtle.status_code == 422 and "sh:ValidationReport" in turtle.text


def test_writes_that_break_existing_data_are_rejected(writable):
    url = writable.url
    # A second English label on a GER resource breaks its shape even though the new triple is alone.
    response = insert(url, '<https://w3id.org/ger-kg/id/agency/jaxa> rdfs:label "Another name"@en .')
    assert response.status_code == 422
    assert any(r["focus"] == "https://w3id.org/ger-kg/id/agency/jaxa" for r in response.json()["results"])


def test_update_errors_are_400(writable):
    url = writable.url
    r = requests.post(url + "/update", data=b"INSERT DATA { <a> }", timeout=30,
                      headers={**TOKEN, "Content-Type": "application/sparql-update"})
    assert r.status_code == 400 and "SPARQL Update error" in r.text
    default = requests.post(url + "/update", timeout=30, headers={**TOKEN, "Content-Type": "application/sparql-update"},
                            data=(PREFIXES + "INSERT DATA { " + mission(9) + " }").encode())
    assert default.status_code == 400 and "named graph" in default.text
    query = requests.post(url + "/update", data={"update": "SELECT * WHERE { ?s ?p ?o }"}, headers=TOKEN, timeout=30)
    assert query.status_code == 400


def test_load_is_refused_without_fetching(writable):
    import socket
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(1)
    port = listener.getsockname()[1]
    r = requests.post(writable.url + "/update", data={"update": f"LOAD <http://127.0.0.1:{port}/x.ttl> INTO GRAPH <{G}>"},
                      headers=TOKEN, timeout=30)
    assert r.status_code == 403 and "allow-list" in r.text
    with pytest.raises(socket.timeout):
        listener.accept()
    listener.close()


def test_graph_store_protocol_lifecycle(writable):
    url = writable.url
    g = "https://example.org/graphs/gsp"
    turtle = PREFIXES.replace("PREFIX ", "@prefix ").replace(">\n", "> .\n") + mission(20)
    created = requests.put(url + "/store", params={"graph": g}, data=turtle.encode(), timeout=30,
                           headers={**TOKEN, "Content-Type": "text/turtle"})
    assert created.status_code == 201, created.text
    got = requests.get(url + "/store", params={"graph": g}, headers={"Accept": "application/n-triples"}, timeout=30)
    assert got.status_code == 200 and got.text.count("\n") == 4  # reads need no token
    added = requests.post(url + "/store", params={"graph": g}, timeout=30, headers={**TOKEN, "Content-Type": "text/turtle"},
                          data=(turtle.replace("m20", "m21").replace("Mission 20", "Mission 21")).encode())
    assert added.status_code == 200 and added.json()["added"] == 4
    replaced = requests.put(url + "/store", params={"graph": g}, timeout=30, headers={**TOKEN, "Content-Type": "text/turtle"},
                            data=turtle.replace("m20", "m22").replace("Mission 20", "Mission 22").encode())
    assert replaced.status_code == 200 and replaced.json()["removed"] == 8
    assert ask(url, "<https://example.org/m22> ?p ?o") and not ask(url, "<https://example.org/m20> ?p ?o")
    deleted = requests.delete(url + "/store", params={"graph": g}, headers=TOKEN, timeout=30)
    assert deleted.status_code == 200 and not ask(url, "<https://example.org/m22> ?p ?o")
    assert requests.delete(url + "/store", params={"graph": g}, headers=TOKEN, timeout=30).status_code == 404
    assert requests.get(url + "/store", params={"graph": g}, timeout=30).status_code == 404


def test_graph_store_errors(writable):
    url = writable.url
    bad = requests.put(url + "/store", params={"graph": G}, data=b"<http://e/a> <http://e/b> .", timeout=30,
                       headers={**TOKEN, "Content-Type": "application/n-triples"})
    assert bad.status_code == 400 and "line 1" in bad.text
    assert requests.put(url + "/store", params={"graph": G}, data=b"x", timeout=30,
                        headers={**TOKEN, "Content-Type": "image/png"}).status_code == 415
    assert requests.put(url + "/store", params={"default": ""}, data=b"", timeout=30,
                        headers={**TOKEN, "Content-Type": "text/turtle"}).status_code == 400
    assert requests.put(url + "/store", data=b"", timeout=30,
                        headers={**TOKEN, "Content-Type": "text/turtle"}).status_code == 400
    assert requests.put(url + "/store", params={"graph": "https://w3id.org/ger-kg/id/graph/inferred"},
                        data=b"", headers={**TOKEN, "Content-Type": "text/turtle"}, timeout=30).status_code == 403


def test_removing_a_triple_keeps_it_in_the_union_while_another_graph_states_it(writable):
    url = writable.url
    label = '<https://w3id.org/ger-kg/id/agency/jaxa> rdfs:label "Japan Aerospace Exploration Agency"@en .'
    assert insert(url, label, graph="https://example.org/graphs/copy").status_code == 200
    delete = PREFIXES + f"DELETE DATA {{ GRAPH <https://example.org/graphs/copy> {{ {label} }} }}"
    r = requests.post(url + "/update", data=delete.encode(), timeout=30,
                      headers={**TOKEN, "Content-Type": "application/sparql-update"})
    assert r.status_code == 200 and r.json()["removed"] == 1
    assert ask(url, label.rstrip(" ."))  # still stated by the GER documents


def test_concurrent_writers_lose_nothing(writable):
    url = writable.url
    results = []

    def write(n):
        results.append(insert(url, mission(100 + n), headers=TOKEN if n % 2 else OTHER).status_code)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 12
    q = "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a ger:RoboticMission FILTER(STRSTARTS(STR(?m), 'https://example.org/m1')) }"
    for _ in range(3):  # every worker process sees every write
        r = requests.get(url + "/sparql", params={"query": PREFIXES + q}, headers=SRJ, timeout=30)
        assert int(r.json()["results"]["bindings"][0]["n"]["value"]) >= 13


def test_writes_survive_a_restart_and_kill_9(built, state, tmp_path):
    proc = start_ger(tmp_path, env={**ENV, "GER_STATE_DIR": str(state)})
    try:
        assert ask(proc.url, "<https://example.org/m1> rdfs:label ?l")  # written before, in the fixture's server
        response = insert(proc.url, mission(500))
        assert response.status_code == 200
        os.killpg(proc.proc.pid, signal.SIGKILL)  # right after the 2xx
        proc.proc.wait()
    finally:
        proc.stop()
    again = start_ger(tmp_path, env={**ENV, "GER_STATE_DIR": str(state)})
    try:
        assert ask(again.url, "<https://example.org/m500> rdfs:label ?l")
        assert ask(again.url, "<https://example.org/m1> rdfs:label ?l")
    finally:
        again.stop()


def test_torn_journal_line_is_ignored(built, tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    (state / "journal.jsonl").write_text('{"added": "<http://e/a> <http://e/b> <http://e/c> <http://e/g> .\\n", "rem')
    proc = start_ger(tmp_path, env={**ENV, "GER_STATE_DIR": str(state)})
    try:
        assert not ask(proc.url, "GRAPH ?g { <http://e/a> ?p ?o }")
        assert insert(proc.url, mission(600)).status_code == 200  # and the journal goes on
    finally:
        proc.stop()


def test_read_only_without_tokens(server):
    r = requests.post(server + "/update", data={"update": "INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/b> 1 } }"},
                      headers=TOKEN, timeout=30)
    assert r.status_code == 403 and "not enabled" in r.text


# ---- /validate

def test_validate_endpoint(writable):
    url = writable.url
    broken = (PREFIXES.replace("PREFIX ", "@prefix ").replace(">\n", "> .\n") + mission(7, label=None)).encode()
    r = requests.post(url + "/validate", data=broken, headers={"Content-Type": "text/turtle"}, timeout=60)
    assert r.status_code == 200 and r.headers["X-SHACL-Conforms"] == "false"
    assert r.json()["violations"] >= 1
    html = requests.post(url + "/validate", data=broken, headers={"Content-Type": "text/turtle", "Accept": "text/html"},
                         timeout=60)
    assert html.headers["Content-Type"].startswith("text/html") and "Does not conform" in html.text
    ttl = requests.post(url + "/validate", data=broken, headers={"Content-Type": "text/turtle", "Accept": "text/turtle"},
                        timeout=60)
    assert "sh:ValidationReport" in ttl.text
    good = broken.replace(b"ger:RoboticMission ;", b'ger:RoboticMission ; rdfs:label "Example Mission 7"@en ;')
    ok = requests.post(url + "/validate", data=good, headers={"Content-Type": "text/turtle"}, timeout=60)
    assert ok.headers["X-SHACL-Conforms"] == "true", ok.text
    unknown = good.replace(b"destination/moon", b"destination/no-such-place")
    assert requests.post(url + "/validate", data=unknown, headers={"Content-Type": "text/turtle"},
                         timeout=60).headers["X-SHACL-Conforms"] == "false"
    alone = requests.post(url + "/validate", params={"ger": "false"}, data=unknown,
                          headers={"Content-Type": "text/turtle"}, timeout=60)
    assert alone.headers["X-SHACL-Conforms"] == "true"


def test_validate_endpoint_errors(writable):
    url = writable.url
    assert requests.post(url + "/validate", data=b"<a> <b>", headers={"Content-Type": "text/turtle"},
                         timeout=30).status_code == 400
    assert requests.post(url + "/validate", data=b"x", headers={"Content-Type": "image/png"}, timeout=30).status_code == 415
    big = requests.post(url + "/validate", data=b"#" * (11 * 1024 * 1024), headers={"Content-Type": "text/turtle"},
                        timeout=60)
    assert big.status_code == 413
