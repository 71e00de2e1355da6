"""Validating only what a write can have changed reaches the same verdict as validating everything:
randomised edits (hypothesis) to a small valid graph, each checked both ways (the whole graph by pyshacl
alone). GER_FUZZ_EXAMPLES sets the edits per run (25 in `make test`, more in `make fuzz`)."""

from __future__ import annotations

import os

import pyoxigraph as ox
import pyshacl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, Graph, Literal

from gerkg.release import sources
from gerkg.shacl.validation import Validator, add_link_results, restrict, unknown_links, validate_change
from gerkg.store import changes
from gerkg.store.terms import from_ox

G = ox.NamedNode("https://example.org/graphs/test")
BASE = """
@prefix ger: <https://w3id.org/ger-kg/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix org: <http://www.w3.org/ns/org#> . @prefix time: <http://www.w3.org/2006/time#> .
@prefix ex: <https://example.org/> . @prefix id: <https://w3id.org/ger-kg/id/publication/> .
# Fictional test data: an example agency, its missions, a membership with bounds.
ex:agency a ger:SpaceAgency ; rdfs:label "Example Agency"@en ; ger:acronym "EXA" ; dcterms:source ex:cat .
ex:other a ger:SpaceAgency ; rdfs:label "Other Example Agency"@en ; dcterms:source ex:cat .
ex:cat a ger:Publication ; rdfs:label "Example catalogue"@en ; dcterms:source ex:cat .
ex:moon a ger:CelestialBody ; rdfs:label "Example Moon"@en ; dcterms:source ex:cat .
ex:pole a ger:SurfaceRegion ; rdfs:label "Example Pole"@en ; ger:partOf ex:moon ; dcterms:source ex:cat .
ex:m1 a ger:RoboticMission, ger:LanderMission ; rdfs:label "Example Lander"@en ; ger:leadAgency ex:agency ;
    ger:destination ex:moon ; ger:landingSite ex:pole ; ger:launchDate "2030-01-01"^^xsd:date ;
    ger:landingDate "2030-02-01"^^xsd:date ; ger:hasContribution ex:c1 ; dcterms:source ex:cat .
ex:c1 a ger:Contribution ; rdfs:label "Other's part in the lander"@en ; ger:contributionTo ex:m1 ;
    ger:contributor ex:other ; ger:role "provides a camera" ; dcterms:source ex:cat .
ex:m2 a ger:RoboticMission, ger:OrbiterMission ; rdfs:label "Example Orbiter"@en ; ger:leadAgency ex:other ;
    ger:destination ex:moon ; ger:launchDate "2031"^^xsd:gYear ; dcterms:source ex:cat, id:catalogue .
# A document of the GER-KG namespace, which its shapes reach because something cites it.
id:catalogue a ger:Publication ; rdfs:label "Example catalogue in the GER-KG namespace"@en ;
    dcterms:source id:catalogue .
"""
TERMS = {
    "ex": "https://example.org/", "id": "https://w3id.org/ger-kg/id/publication/", "ger": "https://w3id.org/ger-kg/ontology#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}


def iri(curie):
    prefix, local = curie.split(":", 1)
    return ox.NamedNode(TERMS[prefix] + local)


def lit(value, datatype=None, lang=None):
    if lang:
        return ox.Literal(value, language=lang)
    return ox.Literal(value, datatype=iri(datatype)) if datatype else ox.Literal(value)


# Triples an edit may add: good ones and the mistakes providers make.
CANDIDATES = [
    (iri("ex:m1"), iri("rdfs:label"), lit("Second name", lang="en")),
    (iri("ex:m2"), iri("ger:landingDate"), lit("2030-06-01", "xsd:date")),
    (iri("ex:m2"), iri("ger:launchDate"), lit("soon")),
    (iri("ex:m2"), iri("ger:leadAgency"), iri("ex:moon")),
    (iri("ex:m3"), iri("rdf:type"), iri("ger:RoboticMission")),
    (iri("ex:m3"), iri("rdfs:label"), lit("Third", lang="en")),
    (iri("ex:m3"), iri("dcterms:source"), iri("ex:cat")),
    (iri("ex:c1"), iri("ger:contributor"), iri("ex:agency")),
    (iri("ex:c1"), iri("ger:unknownProperty"), lit("x")),
    (iri("ex:agency"), iri("rdf:type"), iri("ger:Mission")),
    (iri("ex:pole"), iri("ger:partOf"), iri("ex:m1")),
    (iri("ex:moon"), iri("rdfs:label"), lit("Moon without language")),
    (iri("ex:m1"), iri("dcterms:source"), iri("id:catalogue")),
    (iri("ex:m1"), iri("dcterms:source"), iri("id:undescribed")),  # cited, so targeted, and described nowhere
    (iri("id:catalogue"), iri("rdfs:label"), lit("Another name", lang="en")),
    (iri("ex:moon"), iri("rdf:type"), iri("ger:Mission")),  # read by the missions' class checks, through a link
    (iri("ex:moon"), iri("rdfs:comment"), lit("A note", lang="en")),  # read by no shape of the missions
]


@pytest.fixture(scope="module")
def validator():
    return Validator(sources.shape_files(sources.project_root()), sources.ontology_files(sources.project_root()))


@pytest.fixture(scope="module")
def base_quads():
    return [ox.Quad(q.subject, q.predicate, q.object, G) for q in ox.parse(BASE.encode(), format=ox.RdfFormat.TURTLE)]


def store_of(quads) -> ox.Store:
    store = ox.Store()
    store.extend(quads)
    store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads)
    return store


def violations(report_graph) -> set:
    sh = "http://www.w3.org/ns/shacl#"
    out = set()
    q = f"""SELECT ?f ?c WHERE {{ ?r <{sh}resultSeverity> <{sh}Violation> ; <{sh}focusNode> ?f ;
            <{sh}sourceConstraintComponent> ?c }}"""
    for f, c in report_graph.query(q):
        out.add((str(f), str(c)))
    return out


def test_the_base_is_valid(validator, base_quads):
    data = Graph()
    for q in base_quads:
        data.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    assert validator.check(data).conforms


@settings(max_examples=int(os.environ.get("GER_FUZZ_EXAMPLES", "25")), deadline=None,
          derandomize=not os.environ.get("GER_FUZZ_RANDOM"),
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_incremental_and_full_validation_agree(validator, base_quads, data):
    removed = data.draw(st.lists(st.sampled_from(base_quads), max_size=3, unique=True))
    added = data.draw(st.lists(st.sampled_from(CANDIDATES), max_size=3, unique=True))
    store = store_of(base_quads)
    planned = changes.Change([ox.Quad(s, p, o, G) for s, p, o in added if ox.Quad(s, p, o, G) not in store],
                             [q for q in removed])
    change = changes.with_union(store, planned, outside_union=set())
    incremental = validate_change(store, change, validator)

    after = store_of([q for q in base_quads if q not in removed] + [ox.Quad(s, p, o, G) for s, p, o in added])
    full = Graph()
    for q in after.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        full.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    # What the data describes or links to (not the classes it names) is checked: pyshacl on everything.
    described = {s for s, _, _ in full} | {o for _, p, o in full if p != RDF.type and not isinstance(o, Literal)}
    links = unknown_links([(from_ox(s), from_ox(p), from_ox(o)) for s, p, o in added],
                          lambda o: (o, RDF.type, None) in full)
    for t in validator.ontology:
        full.add(t)
    _, report, _ = pyshacl.validate(full, shacl_graph=validator.shapes, advanced=True, allow_warnings=True)
    add_link_results(report, links)
    complete = restrict(report, described)

    assert incremental.conforms == complete.conforms
    assert violations(incremental.graph) == violations(complete.graph)
