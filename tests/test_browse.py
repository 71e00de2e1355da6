"""Browsing and searching without SPARQL, over HTTP against the real server: the classes with their counts,
a class list with facets derived from the data, ranked search that ignores case, accents, apostrophes and
hyphens, pagination, and every page as HTML, JSON and CSV (by extension and by Accept), checked against
SPARQL counts on the same server."""

from __future__ import annotations

import csv
import io

import pytest
import requests
from conftest import start_ger
from hypothesis import given, settings
from hypothesis import strategies as st

MISSIONS = "/browse/ger:Mission"
CHANGE_6 = "https://w3id.org/ger-kg/id/mission/change-6"
PREFIXES = """PREFIX ger: <https://w3id.org/ger-kg/ontology#> PREFIX dest: <https://w3id.org/ger-kg/id/destination/>
PREFIX agency: <https://w3id.org/ger-kg/id/agency/> PREFIX pub: <https://w3id.org/ger-kg/id/publication/>
"""


def get(url, accept=None, **params):
    response = requests.get(url, params=params, headers={"Accept": accept} if accept else {}, timeout=30)
    assert response.status_code == 200, response.text
    return response


def sparql_set(url, where) -> set[str]:
    response = requests.post(url + "/sparql", data={"query": PREFIXES + f"SELECT DISTINCT ?m WHERE {{ {where} }}"},
                             headers={"Accept": "application/sparql-results+json"}, timeout=30)
    return {b["m"]["value"] for b in response.json()["results"]["bindings"]}


def all_items(url, path, **params) -> list[dict]:
    return get(url + path + ".json", size=1000, **params).json()["items"]


def test_classes_with_counts_in_three_formats(server):
    page = get(server + "/browse").text
    assert 'href="/browse/ger:Mission"' in page and "<h1>Browse</h1>" in page
    classes = {c["curie"]: c for c in get(server + "/browse.json").json()["classes"]}
    missions = sparql_set(server, "?m a ger:Mission")
    assert classes["ger:Mission"]["count"] == len(missions) > 40
    assert classes["ger:SpaceAgency"]["count"] == len(sparql_set(server, "?m a ger:SpaceAgency"))
    rows = list(csv.DictReader(io.StringIO(get(server + "/browse", accept="text/csv").text)))
    assert {"class": "https://w3id.org/ger-kg/ontology#Mission", "label": "mission",
            "count": str(len(missions))} in rows


def test_mission_facets_are_derived_from_the_data_and_filter(server):
    data = get(server + MISSIONS + ".json").json()
    facets = {f["key"]: f for f in data["facets"]}
    assert {"destination", "leadAgency", "status", "outcome", "launchDate", "document", "type"} <= set(facets)
    assert facets["launchDate"]["label"] == "launch date (year)"
    moon = next(v for v in facets["destination"]["values"] if v["param"] == "dest:moon")
    expected = sparql_set(server, "?m a ger:Mission ; ger:destination dest:moon")
    assert moon["count"] == len(expected)
    listed = all_items(server, MISSIONS, destination="dest:moon")
    assert {i["iri"] for i in listed} == expected
    # two facets together, one of them a year from dates of three precisions
    launched = {i["iri"] for i in all_items(server, MISSIONS, launchDate="2024", leadAgency="agency:cnsa")}
    assert launched == sparql_set(server, """?m a ger:Mission ; ger:leadAgency agency:cnsa ; ger:launchDate ?d
                                              FILTER(STRSTARTS(STR(?d), "2024"))""") == {CHANGE_6}
    in_2020_report = {i["iri"] for i in all_items(server, MISSIONS, document="pub:ar-2020")}
    assert in_2020_report == sparql_set(server, "?m a ger:Mission GRAPH pub:ar-2020 { ?m ?p ?o }")
    # the HTML shows the facet and the filtered count; the toggle link removes the filter again
    html = get(server + MISSIONS, destination="dest:moon").text
    assert f"{len(expected)} resources" in html and 'data-facet="destination"' in html
    assert 'class="selected"' in html


@pytest.mark.parametrize("query", ["Chang'e 6", "change-6", "CHANG’É 6", '"Chang\'e-6"', "chang e 6", "change6"])
def test_search_ignores_case_accents_apostrophes_hyphens_and_quotes(server, query):
    found = get(server + "/search.json", q=query).json()["items"]
    assert found[0]["iri"] == CHANGE_6 and found[0]["match"] == "exact"


@pytest.fixture(scope="module")
def catalogue(built):
    """The catalogue of the built GER graph, in this process, for many searches."""
    from gerkg.pages.catalogue import Catalogue
    from gerkg.store.store import EmbeddedStore
    return Catalogue(EmbeddedStore.from_files([built.path]), {})


def spelling(label: str):
    """Any way of writing a name: case, accents, apostrophes, hyphens, spaces."""
    def variants(c):
        if c in "'’":
            return ["'", "’", "ʼ", ""]
        if c in "- ":
            return ["-", " ", "  ", "_", "–"]
        if c.isalpha():
            return [c.upper(), c.lower(), c + "\u0301"]
        return [c]
    return st.tuples(*(st.sampled_from(variants(c)) for c in label)).map("".join)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_spelling_of_a_name_finds_it_first(catalogue, data):
    iri = data.draw(st.sampled_from(sorted(i for i in catalogue.resources if i in catalogue.labels)))
    query = data.draw(spelling(catalogue.labels[iri]))
    exact = [i for i, tier in catalogue.search(query, catalogue.members_all) if tier == 0]
    assert iri in exact, (catalogue.labels[iri], query)


def test_search_by_acronym_finds_the_agency_then_what_it_leads(server):
    found = get(server + MISSIONS + ".json", q="CNSA", size=1000).json()["items"]
    led = sparql_set(server, "?m a ger:Mission ; ger:leadAgency agency:cnsa")
    assert CHANGE_6 in {i["iri"] for i in found} and led <= {i["iri"] for i in found}
    everything = get(server + "/search.json", q="cnsa").json()["items"]
    assert everything[0]["iri"] == "https://w3id.org/ger-kg/id/agency/cnsa" and everything[0]["match"] == "exact"


def test_search_ranks_exact_then_prefix_then_word_then_substring(server):
    items = get(server + "/search.json", q="moon", size=1000).json()["items"]
    order = ["exact", "prefix", "word", "substring", "related"]
    ranks = [order.index(i["match"]) for i in items]
    assert ranks == sorted(ranks) and {"exact", "prefix", "word"} <= {i["match"] for i in items}
    assert items[0]["label"] == "Moon"


def test_empty_search_in_every_format(server):
    query = "no such thing ’\"é"
    data = get(server + "/search.json", q=query).json()
    assert data["total"] == 0 and data["items"] == [] and data["next"] is None
    html = get(server + "/search", q=query).text
    assert 'id="empty"' in html and "no such thing ’&#34;é" in html
    lines = get(server + "/search.csv", q=query).text.splitlines()
    assert len(lines) == 1 and lines[0].startswith("iri,label,match,")


def test_formats_by_extension_and_by_accept_agree(server):
    by_ext = get(server + MISSIONS + ".csv", status="ger:Completed").text
    by_accept = get(server + MISSIONS, accept="text/csv", status="ger:Completed")
    assert by_accept.headers["Content-Type"].startswith("text/csv") and by_accept.text == by_ext
    rows = list(csv.DictReader(io.StringIO(by_ext)))
    assert {r["iri"] for r in rows} == sparql_set(server, "?m a ger:Mission ; ger:status ger:Completed")
    assert all("https://w3id.org/ger-kg/ontology#Completed" in r["status"] for r in rows)
    as_json = get(server + MISSIONS, accept="application/json", status="ger:Completed")
    assert as_json.headers["Content-Type"].startswith("application/json")
    assert {i["iri"] for i in as_json.json()["items"]} == {r["iri"] for r in rows}
    refused = requests.get(server + MISSIONS, headers={"Accept": "image/png"}, timeout=30)
    assert refused.status_code == 406


def test_pages_follow_each_other(server):
    whole = [i["iri"] for i in all_items(server, MISSIONS)]
    first = get(server + MISSIONS + ".json", size=20).json()
    second = get(server + first["next"]).json()
    assert first["pages"] == -(-len(whole) // 20) and first["prev"] is None
    assert [i["iri"] for i in first["items"] + second["items"]] == whole[:40]
    assert get(server + second["prev"]).json()["items"] == first["items"]
    assert get(server + MISSIONS + ".json", size=20, page=99).json()["items"] == []


@pytest.mark.parametrize("path,params,status,message", [
    (MISSIONS, {"page": "0"}, 400, "'page' must be a whole number"),
    (MISSIONS, {"size": "lots"}, 400, "'size' must be a whole number"),
    (MISSIONS, {"colour": "red"}, 400, "'colour' is not a facet here"),
    ("/browse/ger:NoSuchClass", {}, 404, "no resource in the graph has the class"),
    ("/search.xml", {}, 404, "no .xml here"),
])
def test_bad_requests_are_readable(server, path, params, status, message):
    response = requests.get(server + path, params=params, timeout=30)
    assert response.status_code == status and message in response.text


def test_works_on_a_remote_store(server, remote_server):
    params = {"destination": "dest:moon", "q": "lunar"}
    remote = get(remote_server + MISSIONS + ".json", **params).json()
    embedded = get(server + MISSIONS + ".json", **params).json()
    assert remote["total"] == embedded["total"] > 0
    assert remote["items"] == embedded["items"]


def test_a_write_is_found_by_the_next_search(built, tmp_path):
    """The catalogue is rebuilt after a write, in every worker."""
    state = tmp_path / "state"
    proc = start_ger(tmp_path, env={"GER_TOKENS": "esa:esa-secret", "GER_STATE_DIR": str(state)})
    try:
        for _ in range(4):  # every worker has its catalogue before the write
            assert get(proc.url + "/search.json", q="Zephyr Probe").json()["total"] == 0
        update = """PREFIX ger: <https://w3id.org/ger-kg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            INSERT DATA { GRAPH <https://w3id.org/ger-kg/id/graph/esa/zephyr> { <https://example.org/zephyr> a ger:RoboticMission ;
              rdfs:label "Zephyr Probe"@en ; <http://purl.org/dc/terms/source> <https://example.org/catalogue> ;
              ger:destination <https://w3id.org/ger-kg/id/destination/moon> } }"""
        written = requests.post(proc.url + "/update", data=update.encode(), timeout=60, headers={
            "Authorization": "Bearer esa-secret", "Content-Type": "application/sparql-update"})
        assert written.status_code == 200, written.text
        for _ in range(4):
            found = get(proc.url + "/search.json", q="zephyr-probe").json()["items"]
            assert [i["iri"] for i in found[:1]] == ["https://example.org/zephyr"]
    finally:
        proc.stop()
