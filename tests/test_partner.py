"""A partner's dataset in another vocabulary (schema.org), with an alignment file: after import and OWL 2
RL reasoning, GER-KG's competency questions find the partner's missions."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import competency
import pytest
import requests
from conftest import start_ger

PARTNER = Path(__file__).parent / "data" / "partner"


@pytest.fixture(scope="module")
def with_partner(built, tmp_path_factory):
    proc = start_ger(tmp_path_factory.mktemp("partner"), "--data", str(PARTNER / "missions.ttl"),
                     str(PARTNER / "alignment.ttl"), "--reason")
    yield proc.url
    proc.stop()


def rows(url, text):
    response = requests.post(url + "/sparql", data={"query": text},
                             headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]


def question(stem_part: str):
    return next(q for q in competency.all_questions() if stem_part in q.path.stem)


def test_partner_missions_are_missions_after_reasoning(with_partner):
    found = rows(with_partner, """
        PREFIX ger: <https://w3id.org/ger-kg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?m ?label ?lead ?year WHERE {
          ?m a ger:Mission ; rdfs:label ?label ; ger:leadAgency ?lead ; ger:launchDate ?d
          FILTER(STRSTARTS(STR(?m), "https://example.org/"))
          BIND(SUBSTR(STR(?d), 1, 4) AS ?year) } ORDER BY ?label""")
    assert [(r["label"], r["year"]) for r in found] == [("Example Lunar Pathfinder", "2031"),
                                                        ("Example Relay Orbiter", "2032")]
    assert {r["lead"] for r in found} == {"https://example.org/esa-example/agency"}


def test_a_competency_question_finds_the_partner_mission(with_partner):
    q = question("south-pole")
    found = rows(with_partner, q.text)
    assert any("https://example.org/esa-example/pathfinder" in r.values() for r in found), q.path.name
    # and the GER answers are all still there, one row more
    ger_rows = dataclasses.replace(q, expectations=[e for e in q.expectations if e[0] == "row"])
    assert competency.check(ger_rows, found, None) == []
    expected = next(int(v) for k, v in q.expectations if k == "rows")
    assert len(found) == expected + 1


def test_without_the_alignment_the_partner_data_stays_invisible(built, tmp_path):
    proc = start_ger(tmp_path, "--data", str(PARTNER / "missions.ttl"), "--reason")
    try:
        found = rows(proc.url, "PREFIX ger: <https://w3id.org/ger-kg/ontology#> SELECT ?m WHERE { ?m a ger:Mission "
                               "FILTER(STRSTARTS(STR(?m), 'https://example.org/')) }")
        assert found == []
    finally:
        proc.stop()
