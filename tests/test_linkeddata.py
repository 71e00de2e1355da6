"""Dereferencing our IRIs (303 redirects to pages and data), the ontology, shapes, and a service published
under another base than the one it runs on."""

from __future__ import annotations

import re

import pytest
import rdflib
import requests
from conftest import start_ger

JAXA = "https://w3id.org/ger-kg/id/agency/jaxa"


def get(url, accept=None, **kw):
    return requests.get(url, headers={"Accept": accept} if accept else {}, timeout=30, **kw)


@pytest.mark.parametrize("accept,target,rdflib_format", [
    ("text/html", "/page/agency/jaxa", None),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "/page/agency/jaxa", None),
    ("text/turtle", "/data/agency/jaxa.ttl", "turtle"),
    ("application/ld+json", "/data/agency/jaxa.jsonld", "json-ld"),
    ("application/n-triples", "/data/agency/jaxa.nt", "nt"),
    ("application/rdf+xml", "/data/agency/jaxa.rdf", "xml"),
])
def test_iri_redirects_by_accept(server, accept, target, rdflib_format):
    response = get(server + "/id/agency/jaxa", accept, allow_redirects=False)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(target)
    assert "Accept" in response.headers["Vary"]
    followed = get(server + "/id/agency/jaxa", accept)
    assert followed.status_code == 200
    if rdflib_format:
        g = rdflib.Graph().parse(data=followed.content, format=rdflib_format)
        assert (rdflib.URIRef(JAXA), rdflib.RDFS.label, rdflib.Literal("Japan Aerospace Exploration Agency",
                                                                         lang="en")) in g
        assert len(list(g.subjects(None, rdflib.URIRef(JAXA)))) > 0  # incoming links are included
    else:
        assert "Japan Aerospace Exploration Agency" in followed.text


def test_unknown_iri_is_404(server):
    assert get(server + "/id/agency/no-such-agency", "text/html").status_code == 404
    assert get(server + "/data/agency/no-such-agency.ttl").status_code == 404


def test_page_shows_statements_links_and_sources(server):
    html = get(server + "/page/agency/jaxa").text
    assert "<h1>Japan Aerospace Exploration Agency</h1>" in html
    assert JAXA in html
    # links to other resources of ours go to this server, not to the published base
    assert 'href="/id/' in html
    assert "https://w3id.org/ger-kg/id/publication" not in re.findall(r'href="([^"]+)"', html)
    # every statement says which document states it
    assert "Global Exploration Roadmap 2024" in html
    assert 'id="incoming"' in html
    for name in ("ttl", "jsonld", "nt", "rdf"):
        assert f"/data/agency/jaxa.{name}" in html


def test_data_url_without_extension_negotiates(server):
    response = get(server + "/data/agency/jaxa", "application/n-triples")
    assert response.headers["Content-Type"].startswith("application/n-triples")
    assert get(server + "/data/agency/jaxa", "image/png").status_code == 406


def test_ontology_namespace_serves_documentation_and_rdf(server):
    html = get(server + "/ontology", "text/html")
    assert html.status_code == 200 and html.headers["Content-Type"].startswith("text/html")
    assert "SpaceAgency" in html.text and "space agency" in html.text
    ttl = get(server + "/ontology", "text/turtle")
    g = rdflib.Graph().parse(data=ttl.text, format="turtle")
    onto = rdflib.URIRef("https://w3id.org/ger-kg/ontology")
    assert (onto, rdflib.RDF.type, rdflib.OWL.Ontology) in g
    assert (rdflib.URIRef("https://w3id.org/ger-kg/ontology#Mission"), rdflib.RDF.type, rdflib.OWL.Class) in g
    assert get(server + "/ontology.jsonld").headers["Content-Type"].startswith("application/ld+json")


def test_shapes_are_published(server):
    g = rdflib.Graph().parse(data=get(server + "/shapes").text, format="turtle")
    SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert len(set(g.subjects(rdflib.RDF.type, SH.NodeShape))) > 20


@pytest.fixture(scope="module")
def rebased(tmp_path_factory):
    """A service that publishes under another base than the address it runs on."""
    tmp = tmp_path_factory.mktemp("rebased")
    proc = start_ger(tmp, "--base", "http://data.example.org/ger", env={"GER_BUILD_DIR": str(tmp / "build")})
    yield proc.url
    proc.stop()


def test_pages_work_under_another_base(rebased):
    iri = "http://data.example.org/ger/agency/jaxa"
    response = get(rebased + "/id/agency/jaxa", "text/turtle")
    g = rdflib.Graph().parse(data=response.text, format="turtle")
    assert (rdflib.URIRef(iri), rdflib.RDFS.label, None) in g
    assert not any(str(t).startswith("https://w3id.org/ger-kg/id/") for triple in g for t in triple)
    html = get(rebased + "/id/agency/jaxa", "text/html").text
    assert iri in html and 'href="/id/' in html
    count = requests.get(rebased + "/sparql", params={"query": f"ASK {{ <{iri}> ?p ?o }}"},
                         headers={"Accept": "application/sparql-results+json"}, timeout=30).json()
    assert count["boolean"] is True
