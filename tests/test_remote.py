"""The service as a thin layer over another SPARQL 1.1 store: a real Oxigraph server on a loopback port
gives the same answers as the embedded store, for every competency question."""

from __future__ import annotations

import re

import competency
import pytest
import requests

QUESTIONS = competency.all_questions()


GROUP_CONCAT = re.compile(r'GROUP_CONCAT\s*\((?:DISTINCT\s+)?[^;]*?;\s*separator\s*=\s*"([^"]*)"\s*\)\s+AS\s+\?(\w+)',
                          re.IGNORECASE)


def concatenations(text):
    """Variables bound by GROUP_CONCAT, with their separators: SPARQL leaves the order of the parts
    to the engine, so two stores agree when they concatenate the same parts in any order."""
    return {var: sep for sep, var in GROUP_CONCAT.findall(text)}


def answer(url, text):
    joined = concatenations(text)
    response = requests.post(url + "/sparql", data={"query": text},
                             headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert response.status_code == 200, response.text
    data = response.json()
    if "boolean" in data:
        return data["boolean"]

    def value(name, term):
        if name in joined:
            return tuple(sorted(term["value"].split(joined[name])))
        return term["value"]

    return sorted(tuple(sorted((k, v["type"], value(k, v)) for k, v in b.items() if v["type"] != "bnode"))
                  for b in data["results"]["bindings"])


@pytest.mark.parametrize("question", QUESTIONS, ids=[q.path.stem for q in QUESTIONS])
def test_same_answers_from_embedded_and_remote_store(server, remote_server, question):
    assert answer(remote_server, question.text) == answer(server, question.text)


def test_remote_mode_serves_the_protocol_and_linked_data(remote_server):
    health = requests.get(remote_server + "/health", timeout=10).json()
    assert health == {**health, "status": "ok", "store": "remote", "store_reachable": True}
    bad = requests.get(remote_server + "/sparql", params={"query": "SELECT * WHERE { ?s ?p }"}, timeout=10)
    assert bad.status_code == 400 and bad.text.strip()
    page = requests.get(remote_server + "/id/agency/jaxa", headers={"Accept": "text/html"}, timeout=30)
    assert page.status_code == 200 and "Japan Aerospace Exploration Agency" in page.text
    csv = requests.get(remote_server + "/sparql", params={"query": "SELECT ?x WHERE { VALUES ?x { 1 2 } }",
                                                          "format": "csv"}, timeout=10)
    assert csv.text.replace("\r\n", "\n") == "x\n1\n2\n"


def test_remote_store_unreachable_is_reported(tmp_path):
    from conftest import free_port, start_ger
    proc = start_ger(tmp_path, "--remote-query-url", f"http://127.0.0.1:{free_port()}/query")
    try:
        assert requests.get(proc.url + "/health", timeout=10).status_code == 503
        response = requests.get(proc.url + "/sparql", params={"query": "ASK {}"}, timeout=10)
        assert response.status_code == 502 and "could not be reached" in response.text
    finally:
        proc.stop()


def test_validate_over_a_remote_store_sees_the_ger_graph(server, remote_server):
    """/validate takes the GER graph as context: over a remote store too, a link to a known destination is
    fine and one to an agency that does not exist is reported, exactly as over the embedded store."""
    document = """@prefix ger: <https://w3id.org/ger-kg/ontology#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://example.org/m> a ger:RoboticMission ; rdfs:label "Example lander"@en ;
  ger:destination <https://w3id.org/ger-kg/id/destination/moon> ;
  ger:leadAgency <https://w3id.org/ger-kg/id/agency/no-such-agency> ; dcterms:source <https://example.org/c> ."""

    def report(url):
        response = requests.post(url + "/validate", data=document.encode(), timeout=120,
                                 headers={"Content-Type": "text/turtle", "Accept": "application/json"})
        assert response.status_code in (200, 422), response.text
        return sorted((r["focus"], r["path"] or "", r["value"] or "") for r in response.json()["results"])

    embedded = report(server)
    assert any(value.endswith("no-such-agency") for _, _, value in embedded), embedded
    assert not any("destination" in path for _, path, _ in embedded), embedded
    assert report(remote_server) == embedded
