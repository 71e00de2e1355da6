"""The knowledge graph itself: parseable, consistent, every term declared, every resource labelled and
sourced, and the build cached."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import Counter

import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

import gerkg
from gerkg.namespaces import DEFAULT_BASE, ONTOLOGY_IRI, Base
from gerkg.release import build, reasoning, sources

ROOT = sources.project_root()
ID = DEFAULT_BASE + "/"


@pytest.fixture(scope="module")
def dataset():
    return build.load_sources(ROOT, Base())


@pytest.fixture(scope="module")
def ontology(dataset):
    return dataset.graph(URIRef(ONTOLOGY_IRI))


@pytest.fixture(scope="module")
def data(dataset):
    g = Graph()
    for ctx in dataset.graphs():
        if ctx.identifier != URIRef(ONTOLOGY_IRI):
            for t in ctx:
                g.add(t)
    return g


def test_every_source_document_is_a_named_graph(dataset):
    names = {str(c.identifier) for c in dataset.graphs() if len(c)}
    for doc in ("ger-2024", "ger-2024-summary", "ar-2020", "ar-2022", "ar-2024"):
        assert f"{ID}publication/{doc}" in names


def test_size(data):
    subjects = {s for s in data.subjects(RDF.type, None) if str(s).startswith(ID)}
    assert len(data) > 5000 and len(subjects) > 700


def test_owl_rl_closure_is_consistent(dataset):
    closure = reasoning.owl_rl_closure(build.union(dataset))
    assert reasoning.inconsistencies(closure) == []
    assert reasoning.unsatisfiable(closure) == []


def test_owl_rl_finds_a_clash_when_there_is_one(dataset):
    broken = build.union(dataset)
    mission = URIRef(ID + "mission/change-6")
    broken.add((mission, RDF.type, URIRef(ONTOLOGY_IRI + "#CrewedMission")))  # also a RoboticMission
    closure = reasoning.owl_rl_closure(broken)
    assert reasoning.inconsistencies(closure) or reasoning.unsatisfiable(closure)


@pytest.mark.skipif(shutil.which("java") is None, reason="the HermiT DL reasoner needs Java")
def test_hermit_dl_reasoner_finds_the_ontology_and_data_consistent(dataset, tmp_path):
    import owlready2
    path = tmp_path / "ger.owl"
    build.union(dataset).serialize(path, format="xml")
    jar = os.path.join(os.path.dirname(owlready2.__file__), "hermit")
    result = subprocess.run(["java", "-Xmx2000M", "-cp", f"{jar}:{jar}/HermiT.jar",
                             "org.semanticweb.HermiT.cli.CommandLine", "-k", "-U",
                             "--ignoreUnsupportedDatatypes", path.as_uri()],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "is satisfiable" in result.stdout
    unsat = result.stdout.split("equivalent to 'owl:Nothing':", 1)[1].split()
    assert unsat == ["owl:Nothing"]


def test_ontology_publishing_metadata(ontology):
    onto = URIRef(ONTOLOGY_IRI)
    VANN = "http://purl.org/vocab/vann/"
    for p in (DCTERMS.title, DCTERMS.description, DCTERMS.creator, DCTERMS.license, DCTERMS.created,
              DCTERMS.modified, OWL.versionIRI, OWL.versionInfo, URIRef(VANN + "preferredNamespacePrefix"),
              URIRef(VANN + "preferredNamespaceUri")):
        assert ontology.value(onto, p) is not None, p


def test_one_version_for_package_ontology_and_shapes(ontology):
    """A release is the package, the ontology and the shapes together: their versions agree."""
    shapes = Graph().parse(ROOT / "shapes" / "ger-shapes.ttl")
    assert str(ontology.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo)) == gerkg.__version__
    assert str(ontology.value(URIRef(ONTOLOGY_IRI), OWL.versionIRI)).endswith("/" + gerkg.__version__)
    assert {str(v) for v in shapes.objects(None, OWL.versionInfo)} == {gerkg.__version__}


def test_every_ger_term_has_label_definition_domain_and_range(ontology):
    ger = ONTOLOGY_IRI + "#"
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDFS.Datatype)
    terms = {s for k in kinds for s in ontology.subjects(RDF.type, k) if str(s).startswith(ger)}
    assert len(terms) > 100
    for term in terms:
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, SKOS.definition) is not None, term
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ontology.subjects(RDF.type, kind):
            if not str(prop).startswith(ger):
                continue
            inverses = set(ontology.objects(prop, OWL.inverseOf)) | set(ontology.subjects(OWL.inverseOf, prop))
            has_domain = ontology.value(prop, RDFS.domain) is not None or \
                any(ontology.value(inv, RDFS.range) for inv in inverses)
            has_range = ontology.value(prop, RDFS.range) is not None or \
                any(ontology.value(inv, RDFS.domain) for inv in inverses)
            assert has_range or prop in _GENERAL_PROPERTIES, f"{prop} has no range"
            assert has_domain or prop in _GENERAL_PROPERTIES, f"{prop} has no domain"


# Properties that apply to several unrelated classes (missions, elements, campaigns...): a domain would
# force a false type on some of them, so they have none.
_GENERAL_PROPERTIES = {URIRef(ONTOLOGY_IRI + "#" + n) for n in (
    "leadAgency", "hasContribution", "hasElement", "partOfProgramme", "contributingAgency", "participant",
    "destination", "landingSite", "launchDate", "launchNotBefore", "launchNotAfter", "landingDate",
    "arrivalDate", "returnDate", "endDate", "startDate", "status", "crewSize", "purpose", "usesService",
    "usesTechnology", "addresses", "organisedBy", "location", "heldAt", "topic", "statusDate",
    "derivationRule", "plannedCompletion", "includes", "elementOf", "leads", "contributionTo",
    "hasQuantity", "quantityOf", "sourceIssue", "destinationKind", "achiever", "concerns", "plannedStart",
    "statedTime")}


def test_every_term_used_in_the_data_is_declared(dataset, data):
    declared = set()
    for ctx in dataset.graphs():
        if ctx.identifier == URIRef(ONTOLOGY_IRI):
            declared |= set(ctx.subjects())
    undeclared = {p for p in data.predicates() if p != RDF.type and p not in declared}
    undeclared |= {c for c in data.objects(None, RDF.type) if c not in declared}
    assert undeclared == set()


def test_every_resource_has_one_english_label_and_a_source(data):
    missing = []
    for s in set(data.subjects(RDF.type, None)):
        if isinstance(s, BNode) or not str(s).startswith(ID):
            continue
        labels = [l for l in data.objects(s, RDFS.label) if isinstance(l, Literal) and l.language == "en"]
        if len(labels) != 1:
            missing.append((str(s), f"{len(labels)} English labels"))
        if (s, DCTERMS.source, None) not in data:
            missing.append((str(s), "no dcterms:source"))
    assert missing == []


def test_every_resource_is_stated_in_a_source_document(dataset):
    docs = [c for c in dataset.graphs() if str(c.identifier).startswith(ID + "publication/")]
    typed = {s for c in docs for s in c.subjects(RDF.type, None) if str(s).startswith(ID)}
    referenced = {o for c in docs for o in c.objects() if isinstance(o, URIRef) and str(o).startswith(ID)}
    assert referenced - typed == set(), "IRIs used but never described"


def test_no_invented_web_addresses(data):
    """Homepages come from the member lists only; no other external address is in the data."""
    external = Counter()
    for s, p, o in data:
        if p != RDF.type and isinstance(o, URIRef) and not str(o).startswith((ID, ONTOLOGY_IRI, "http://www.w3.org/",
                                                            "http://qudt.org/", "https://creativecommons.org/")):
            external[str(p)] += 1
    assert set(external) <= {"http://xmlns.com/foaf/0.1/homepage"}


def test_curation_notes_model_the_known_ambiguities(data):
    notes = " ".join(str(o) for o in data.objects(None, URIRef(ONTOLOGY_IRI + "#curationNote")))
    assert len(list(data.objects(None, URIRef(ONTOLOGY_IRI + "#curationNote")))) > 30
    for topic in ("KARI", "icons", "garbled"):
        assert topic.lower() in notes.lower(), topic


def test_build_is_cached_until_a_source_changes(tmp_path):
    out = tmp_path / "build"
    first = build.build(ROOT, Base(), out)
    again = build.build(ROOT, Base(), out)
    assert not first.cached and again.cached and again.fingerprint == first.fingerprint
    assert sum(first.triples.values()) > 7000
    assert "https://w3id.org/ger-kg/id/graph/inferred" in first.triples


def test_build_rejects_unparseable_sources(tmp_path):
    root = tmp_path / "root"
    shutil.copytree(ROOT / "ontology", root / "ontology")
    shutil.copytree(ROOT / "shapes", root / "shapes")
    (root / "graph" / "broken").mkdir(parents=True)
    (root / "graph" / "broken" / "x.ttl").write_text("@prefix : <http://e/> .\n:a :b .\n")
    with pytest.raises(build.BuildError) as err:
        build.build(root, Base(), tmp_path / "out")
    assert "graph/broken/x.ttl" in str(err.value)
