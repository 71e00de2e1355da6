"""Controlled writes in the GER mode: SPARQL Update and the Graph Store Protocol behind tokens, each provider
writing only its own graphs, every write validated before it is committed, journaled durably (restart, kill
-9, a torn journal tail), isolated from slower writes, recorded in the log graph; /validate. The plain-store
mode and the standard's corners are in test_writes_standard.py."""

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
G = "https://w3id.org/ger-kg/id/graph/esa/example"  # in esa's own space
NASA_G = "https://w3id.org/ger-kg/id/graph/nasa/missions"
GRANTED = "https://example.org/graphs/esa-extra"  # under a prefix esa's line of the tokens file grants
LOG = "https://w3id.org/ger-kg/id/graph/log"
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
    tmp = tmp_path_factory.mktemp("writable")
    (tmp / "tokens").write_text("# provider token [graph prefixes it may write besides its own]\n"
                                "esa esa-secret https://example.org/graphs/esa-\nnasa nasa-secret\n")
    proc = start_ger(tmp, env={"GER_TOKENS_FILE": str(tmp / "tokens"), "GER_STATE_DIR": str(state)})
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
    query = requests.post(url + "/update", data={"update": "SELECT * WHERE { ?s ?p ?o }"}, headers=TOKEN, timeout=30)
    assert query.status_code == 400


def test_default_graph_writes_land_in_the_providers_own_graph(writable):
    url = writable.url
    r = requests.post(url + "/update", timeout=30, headers={**TOKEN, "Content-Type": "application/sparql-update"},
                      data=(PREFIXES + "INSERT DATA { " + mission(9) + " }").encode())
    assert r.status_code == 200, r.text
    mine = "https://w3id.org/ger-kg/id/graph/esa/default"
    assert r.json()["graphs"] == [mine]
    assert ask(url, f"GRAPH <{mine}> {{ <https://example.org/m9> a ger:RoboticMission }}")
    assert ask(url, "<https://example.org/m9> rdfs:label ?l")  # the default graph stays the union
    assert ask(url, "GRAPH <https://w3id.org/ger-kg/id/publication/ger-2024> { ?s ?p ?o }")


def test_providers_write_only_their_own_graphs(writable):
    url = writable.url
    assert insert(url, mission(30), headers=OTHER, graph=NASA_G).status_code == 200
    assert insert(url, mission(31), graph=GRANTED).status_code == 200  # a prefix granted in the tokens file
    attempts = [
        insert(url, mission(32), graph=NASA_G),
        insert(url, mission(33), graph="https://w3id.org/ger-kg/id/publication/ger-2024"),
        insert(url, mission(34), graph="https://w3id.org/ger-kg/ontology"),
        insert(url, mission(35), graph=LOG),
        insert(url, mission(36), headers=OTHER, graph=GRANTED),
        requests.put(url + "/store", params={"graph": NASA_G}, data=b"", timeout=30,
                     headers={**TOKEN, "Content-Type": "text/turtle"}),
        requests.delete(url + "/store", params={"graph": NASA_G}, headers=TOKEN, timeout=30),
        requests.post(url + "/update", headers=TOKEN, timeout=30, data={"update": f"DROP GRAPH <{NASA_G}>"}),
        requests.post(url + "/update", headers=TOKEN, timeout=30, data={"update": "DROP ALL"}),
        requests.post(url + "/update", headers=TOKEN, timeout=30, data={"update": (
            "DELETE WHERE { GRAPH <https://w3id.org/ger-kg/id/publication/ger-2024> "
            "{ <https://w3id.org/ger-kg/id/agency/jaxa> ?p ?o } }")}),
    ]
    for response in attempts:
        assert response.status_code == 403, response.text
    assert "https://w3id.org/ger-kg/id/graph/esa/" in attempts[0].text  # says where esa may write
    assert ask(url, f"GRAPH <{NASA_G}> {{ <https://example.org/m30> ?p ?o }}")
    assert ask(url, "GRAPH <https://w3id.org/ger-kg/id/publication/ger-2024> "
                    "{ <https://w3id.org/ger-kg/id/agency/jaxa> ?p ?o }")
    assert not ask(url, "<https://example.org/m32> ?p ?o") and not ask(url, "<https://example.org/m33> ?p ?o")


def test_audit_entries_come_only_from_the_service(writable):
    url = writable.url
    forged = [
        "_:w a ger:Write ; rdfs:label \"SPARQL Update by nasa\"@en .",
        "<https://example.org/w> ger:changedGraph <https://w3id.org/ger-kg/id/graph/nasa/missions> .",
        "<https://w3id.org/ger-kg/id/write/forged> <http://www.w3.org/ns/prov#wasAssociatedWith> "
        "<https://w3id.org/ger-kg/id/provider/nasa> .",
    ]
    for body in forged:
        response = insert(url, body)
        assert response.status_code == 403 and "audit" in response.text, response.text
    assert not ask(url, "GRAPH ?g { ?w ger:changedGraph <https://w3id.org/ger-kg/id/graph/nasa/missions> ; "
                        "a ger:Write ; <http://www.w3.org/ns/prov#wasAssociatedWith>/rdfs:label 'esa' }")
    # The real log is where the README says: the graph .../graph/log, queryable by SPARQL.
    written = insert(url, "<https://example.org/audited> rdfs:comment \"written by nasa\"@en .", OTHER, NASA_G)
    assert written.status_code == 200, written.text
    assert ask(url, f"GRAPH <{LOG}> {{ ?w a ger:Write ; <http://www.w3.org/ns/prov#wasAssociatedWith>/rdfs:label 'nasa' }}")


def test_a_large_valid_write_is_accepted(writable):
    """3,000 valid missions (12,000 triples, about 600 KB of Turtle) in one PUT: a 500 after 36 s before."""
    url = writable.url
    g = "https://w3id.org/ger-kg/id/graph/esa/catalogue"
    body = (PREFIXES.replace("PREFIX ", "@prefix ").replace(">\n", "> .\n")
            + "\n".join(mission(10_000 + n) for n in range(3000))).encode()
    response = requests.put(url + "/store", params={"graph": g}, data=body, timeout=120,
                            headers={**TOKEN, "Content-Type": "text/turtle"})
    assert response.status_code == 201, response.text[:500]
    assert response.json()["added"] == 12_000
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <%s> { ?m a ger:RoboticMission } }" % g
    r = requests.get(url + "/sparql", params={"query": PREFIXES + count}, headers=SRJ, timeout=30)
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "3000"
    gone = requests.delete(url + "/store", params={"graph": g}, headers=TOKEN, timeout=120)
    assert gone.status_code == 200 and gone.json()["removed"] == 12_000


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


@pytest.mark.parametrize("template", [
    "# a comment ended by a bare CR\rLOAD <{address}/x.ttl> INTO GRAPH <{graph}>",
    "\\u004cOAD <{address}/x.ttl> INTO GRAPH <{graph}>",
    "PREFIX far: <{address}/> LOAD far:x.ttl INTO GRAPH <{graph}>",
    "BASE <{address}/> LOAD <x.ttl> INTO GRAPH <{graph}>",
    "INSERT DATA {{ GRAPH <{graph}> {{ <http://e/a> <http://e/b> \"'\" }} }} ; LOAD <{address}/x.ttl>",
], ids=["cr-comment", "escape", "prefixed", "relative", "after-quote"])
def test_load_is_refused_however_it_is_written(writable, template):
    """The LOAD check reads the update as the engine will (sparql_text's canonical reading): no spelling of
    the address gets it fetched."""
    import socket
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(1)
    update = template.format(address=f"http://127.0.0.1:{listener.getsockname()[1]}", graph=G)
    r = requests.post(writable.url + "/update", data={"update": update}, headers=TOKEN, timeout=30)
    assert r.status_code == 403 and "allow-list" in r.text, r.text
    with pytest.raises(socket.timeout):
        listener.accept()
    listener.close()


def test_a_load_without_an_address_is_a_syntax_error(writable):
    r = requests.post(writable.url + "/update", data={"update": "LOAD ;"}, headers=TOKEN, timeout=30)
    assert r.status_code == 400 and "error at 1:" in r.text, r.text


def test_graph_store_protocol_lifecycle(writable):
    url = writable.url
    g = "https://w3id.org/ger-kg/id/graph/esa/gsp"
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
    assert requests.put(url + "/store", data=b"", timeout=30,
                        headers={**TOKEN, "Content-Type": "text/turtle"}).status_code == 400
    assert requests.put(url + "/store", params={"graph": "https://w3id.org/ger-kg/id/graph/inferred"},
                        data=b"", headers={**TOKEN, "Content-Type": "text/turtle"}, timeout=30).status_code == 403


def test_removing_a_triple_keeps_it_in_the_union_while_another_graph_states_it(writable):
    url = writable.url
    label = '<https://w3id.org/ger-kg/id/agency/jaxa> rdfs:label "Japan Aerospace Exploration Agency"@en .'
    assert insert(url, label, graph=GRANTED + "-copy").status_code == 200
    delete = PREFIXES + f"DELETE DATA {{ GRAPH <{GRANTED}-copy> {{ {label} }} }}"
    r = requests.post(url + "/update", data=delete.encode(), timeout=30,
                      headers={**TOKEN, "Content-Type": "application/sparql-update"})
    assert r.status_code == 200 and r.json()["removed"] == 1
    assert ask(url, label.rstrip(" ."))  # still stated by the GER documents


def test_concurrent_writers_lose_nothing(writable):
    url = writable.url
    results = []

    def write(n):
        mine = (TOKEN, G) if n % 2 else (OTHER, NASA_G)
        results.append(insert(url, mission(100 + n), headers=mine[0], graph=mine[1]).status_code)

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


# What a worker killed (kill -9, OOM) while appending a write leaves at the end of the journal.
TORN = (b'{"time":"2026-01-01T00:00:00+00:00","provider":"esa","operation":"SPARQL Update","added":"<http://e/a> '
        b'<http://e/b> <http://e/c> <https://w3id.org/ger-kg/id/graph/esa/t> .\\n<http://e/a> <http://e')
SLOW = """INSERT { GRAPH <https://w3id.org/ger-kg/id/graph/esa/slow> { <http://e/x> <http://e/count> ?n } }
          WHERE { SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } }"""


@pytest.fixture(scope="module")
def fragile(built, tmp_path_factory):
    """A service started on a journal with a torn last line, with a write budget of 2 s."""
    tmp = tmp_path_factory.mktemp("fragile")
    (tmp / "state").mkdir()
    (tmp / "state" / "journal.jsonl").write_bytes(TORN)
    env = {**ENV, "GER_STATE_DIR": str(tmp / "state"), "GER_WRITE_TIMEOUT": "2"}
    proc = start_ger(tmp, env=env)
    yield proc, env, tmp
    proc.stop()


def test_a_slow_write_neither_blocks_nor_fails_another_providers_write(fragile):
    proc = fragile[0]
    slow = {}
    thread = threading.Thread(target=lambda: slow.setdefault("response", requests.post(
        proc.url + "/update", data={"update": SLOW}, headers=TOKEN, timeout=120)))
    thread.start()
    time.sleep(0.5)  # the slow write is being planned (not a timing assertion: the order does not matter)
    fast = insert(proc.url, mission(800), headers=OTHER, graph=NASA_G)
    assert fast.status_code == 200, fast.text
    thread.join()
    assert slow["response"].status_code == 503 and "nothing was written" in slow["response"].text
    assert ask(proc.url, "<https://example.org/m800> rdfs:label ?l")
    assert not ask(proc.url, "GRAPH <https://w3id.org/ger-kg/id/graph/esa/slow> { ?s ?p ?o }")


def test_acknowledged_writes_after_a_torn_journal_tail_survive(fragile):
    proc, env, tmp = fragile
    journal = tmp / "state" / "journal.jsonl"
    assert not journal.read_bytes().endswith(TORN)  # cut off on start
    assert insert(proc.url, mission(700)).status_code == 200
    with open(journal, "ab") as f:  # a worker killed while appending, as the service runs
        f.write(TORN)
    assert insert(proc.url, mission(701)).status_code == 200
    os.killpg(proc.proc.pid, signal.SIGKILL)
    proc.proc.wait()
    again = start_ger(tmp, env=env)
    try:
        assert ask(again.url, "<https://example.org/m700> rdfs:label ?l")
        assert ask(again.url, "<https://example.org/m701> rdfs:label ?l")
        assert not ask(again.url, "GRAPH ?g { <http://e/a> ?p ?o }")
    finally:
        again.stop()


def test_a_damaged_journal_is_refused(built, tmp_path):
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / "journal.jsonl").write_bytes(b"not a record\n" + TORN)
    with pytest.raises(RuntimeError, match="not a journal record"):
        start_ger(tmp_path, env={**ENV, "GER_STATE_DIR": str(tmp_path / "state")})


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
