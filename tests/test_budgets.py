"""Budgets per request and behaviour under overload, over HTTP against the real server: a query past the
memory budget is answered 503 and its worker replaced; one client cannot take more than its share (429)
nor starve another client; /health answers while every seat for work is taken; /validate has its own
limit; unknown methods share one metrics label; the request-line limit in force is the configured one.

Clients are told apart by their address: the tests send from several loopback addresses (127.0.0.x)."""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from conftest import start_ger

ROOT = Path(__file__).resolve().parents[1]
GER = str(Path(sys.executable).parent / "ger")

# Runs until the timeout with little memory (a count over a cross product)...
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"
# ...and the memory hog: a cross product sorted, about 0.5 GB more every second.
HOG = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
MEMORY_MB = 400


@pytest.fixture(scope="module")
def budgeted(built, tmp_path_factory):
    """Four workers (three seats for work, one kept free), two requests at once per client, one validation
    at once, a small memory budget and a short request line."""
    proc = start_ger(tmp_path_factory.mktemp("budgets"), "--workers", "4", "--query-timeout", "5",
                     env={"GER_WORKER_MEMORY": str(MEMORY_MB), "GER_CLIENT_CONCURRENCY": "2",
                          "GER_VALIDATE_CONCURRENCY": "1", "GER_MAX_REQUEST_LINE": "4096"})
    yield proc
    proc.stop()


def send(url, path, source="127.0.0.1", method="GET", body=None, headers=None):
    """One request from a given loopback address: (status, headers, text)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60, source_address=(source, 0))
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode()
    finally:
        conn.close()


def query(text):
    return "/sparql?" + urlencode({"query": text})


def test_a_query_past_the_memory_budget_is_answered_503_and_the_next_request_works(budgeted):
    status, _, text = send(budgeted.url, query(HOG))
    assert status == 503
    assert "memory" in text and f"{MEMORY_MB} MB" in text
    assert send(budgeted.url, query("ASK {}"))[0] == 200
    assert "memory budget" in budgeted.output()  # the worker said why it was ended
    metrics = send(budgeted.url, "/metrics")[2]
    assert re.search(r'ger_budget_exceeded_total\{budget="memory"\} [1-9]', metrics)


def test_a_saturating_client_gets_429_while_another_client_is_answered(budgeted):
    url = budgeted.url
    with ThreadPoolExecutor(3) as pool:
        # X-Forwarded-For is not trusted by default: it cannot make one client look like three.
        heavy = [pool.submit(send, url, query(SLOW), "127.0.0.2", headers={"X-Forwarded-For": f"10.0.0.{i}"})
                 for i in range(3)]
        first = next(as_completed(heavy)).result()  # the one over the client's share, refused at once
        assert first[0] == 429, first
        assert int(first[1]["retry-after"]) > 0 and "at most 2" in first[2]
        other = send(url, query("ASK {}"), "127.0.0.3")
        assert other[0] == 200 and "true" in other[2], other
        assert sum(not f.done() for f in heavy) == 2  # answered while the client's two queries still ran
        statuses = sorted(f.result()[0] for f in heavy)
    assert statuses == [429, 503, 503]  # the two admitted ran to the query timeout


def test_health_answers_while_every_seat_is_taken(budgeted):
    url = budgeted.url
    with ThreadPoolExecutor(4) as pool:
        heavy = {i: pool.submit(send, url, query(SLOW), f"127.0.0.{10 + i}") for i in range(3)}
        while True:  # until the three hold every seat: an ASK meanwhile is answered on a free seat
            time.sleep(0.2)
            for i, f in heavy.items():  # one that arrived while the ASK held a seat was refused: again
                if f.done():
                    assert f.result()[0] == 503 and "busy" in f.result()[2], f.result()
                    heavy[i] = pool.submit(send, url, query(SLOW), f"127.0.0.{10 + i}")
            busy = send(url, query("ASK {}"), "127.0.0.20")
            if busy[0] != 200:
                break
        assert busy[0] == 503 and int(busy[1]["retry-after"]) > 0 and "busy" in busy[2]
        health = send(url, "/health", "127.0.0.20")
        assert health[0] == 200 and '"ok"' in health[2]
        assert not any(f.done() for f in heavy.values())  # /health did not wait for a heavy query to end
        assert [f.result()[0] for f in heavy.values()] == [503, 503, 503]
        assert all("timed out" in f.result()[2] for f in heavy.values())


def test_validate_has_its_own_limit(budgeted):
    missions = "\n".join(f"<https://example.org/m{i}> a <https://w3id.org/ger-kg/ontology#Mission> ; "
                         f"<https://w3id.org/ger-kg/ontology#leadAgency> <https://w3id.org/ger-kg/id/agency/esa> ."
                         for i in range(800))
    with ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(lambda i: send(budgeted.url, "/validate", f"127.0.0.{30 + i}", "POST", missions,
                                               {"Content-Type": "text/turtle"}), range(3)))
    statuses = sorted(a[0] for a in answers)
    assert statuses[0] == 200 and statuses[-1] == 503, statuses
    refused = next(a for a in answers if a[0] == 503)
    assert "at once" in refused[2] and int(refused[1]["retry-after"]) > 0


def test_a_document_over_the_validation_size_is_refused(budgeted):
    big = "\n".join(f"<https://example.org/s{i}> <https://example.org/p> \"{i}\" ." for i in range(20_001))
    status, _, text = send(budgeted.url, "/validate", method="POST", body=big,
                           headers={"Content-Type": "application/n-triples"})
    assert status == 413 and "20001 triples" in text


def test_invented_methods_share_one_metrics_label(budgeted):
    for method in ("FOOA", "FOOB", "FOOC"):
        assert send(budgeted.url, "/sparql", method=method)[0] == 405
    metrics = send(budgeted.url, "/metrics")[2]
    assert "FOOA" not in metrics and "FOOB" not in metrics
    assert re.search(r'ger_http_requests_total\{endpoint="[^"]+",method="other",status="405"\} [3-9]', metrics)


def test_the_configured_request_line_limit_is_the_one_in_force(budgeted):
    comment = "#" + "x" * 3900 + "\n"  # a character each in the URL but the # and the line end
    assert send(budgeted.url, query(comment + "ASK {}"))[0] == 200
    status, _, text = send(budgeted.url, query(comment * 2 + "ASK {}"))
    assert status == 414 and "4096" in text


def test_a_request_line_limit_that_cannot_be_enforced_is_refused_at_start():
    result = subprocess.run([GER, "serve", "--port", "1"], env={"GER_MAX_REQUEST_LINE": "16384", "PATH": ""},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "8190" in result.stderr


def test_our_own_files_conform_together_with_the_graph_built_from_them(built):
    # Their blank nodes (quantities) are in the built graph too: they must not be counted twice.
    folders = sorted(p for p in (ROOT / "graph").glob("*/") if p.name != "queries")
    result = subprocess.run([GER, "validate", *map(str, folders)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.parametrize("peer,forwarded,trusted,client", [
    ("203.0.113.7", "198.51.100.1", (), "203.0.113.7"),  # not trusted by default
    ("10.0.0.1", "198.51.100.1, 10.0.0.2", ("10.0.0.0/8",), "198.51.100.1"),  # the nearest untrusted hop
    ("10.0.0.1", "", ("10.0.0.0/8",), "10.0.0.1"),
    ("203.0.113.7", "198.51.100.1", ("10.0.0.0/8",), "203.0.113.7"),  # only from a trusted proxy
    ("2001:db8:1:2:3:4:5:6", "", (), "2001:db8:1:2::/64"),  # an IPv6 subscriber is its /64
])
def test_client_identity(peer, forwarded, trusted, client):
    import ipaddress

    from gerkg.http.admission import client_identity
    networks = tuple(ipaddress.ip_network(n) for n in trusted)
    assert client_identity({"REMOTE_ADDR": peer, "HTTP_X_FORWARDED_FOR": forwarded}, networks) == client
