"""The compiled shapes (gerkg.shacl.compiled) decide which focus nodes pyshacl must look at; a node they leave
out is accepted unseen. So they must never leave out a node on which pyshacl reports a Violation, and on valid
data they should name none (or every write would pay for pyshacl). Checked on every break of test_shapes'
table, on its valid examples, and on random breaks (hypothesis), each against pyshacl with all the shapes.

GER_FUZZ_EXAMPLES sets the random breaks per run (small in `make test`, large in `make fuzz`).
"""

from __future__ import annotations

import os

import pyshacl
import pytest
import test_shapes
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, Namespace
from test_shapes import (
    BASES,
    CASES,
    CONTEXT,
    NEGATIVE_CASES,
    PREFIXES,
    SHAPES_FILE,
    case_data,
    case_text,
    data_graph,
    focus_node,
)

from gerkg.release import sources
from gerkg.shacl import validation
from gerkg.shacl.compiled import CompiledShapes
from gerkg.shacl.reach import Reach

XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # (rdflib's closed namespace warns when pytest inspects it)
EXAMPLES = int(os.environ.get("GER_FUZZ_EXAMPLES", "12"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("GER_FUZZ_RANDOM"),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return validation.load_shapes([SHAPES_FILE])


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return test_shapes.ontology.__wrapped__()  # the same as test_shapes' cases are built with


@pytest.fixture(scope="module")
def context(ontology) -> Graph:
    return data_graph(CONTEXT, ontology)


@pytest.fixture(scope="module")
def compiled(shapes) -> CompiledShapes:
    return CompiledShapes(shapes)


@pytest.fixture(scope="module")
def reach(shapes) -> Reach:
    return Reach(shapes)


@pytest.fixture(scope="module")
def every(shapes) -> CompiledShapes:
    """As /validate asks: may a node have any result, a Warning or an Info too?"""
    return CompiledShapes(shapes, every_result=True)


def nodes(data: Graph) -> set:
    return set(data.subjects()) | {o for o in data.objects() if not isinstance(o, Literal)}


def reported(data: Graph, shapes: Graph) -> tuple[set, set]:
    """The focus nodes on which pyshacl (as the service runs it) reports a Violation, and any result."""
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True)
    results = list(report.subjects(RDF.type, SH.ValidationResult))
    return ({report.value(r, SH.focusNode) for r in results if (r, SH.resultSeverity, SH.Violation) in report},
            {report.value(r, SH.focusNode) for r in results})


def violations(data: Graph, shapes: Graph) -> set:
    return reported(data, shapes)[0]


def test_every_shape_is_compiled(compiled, every):
    """A shape left to pyshacl sends every node it targets there: the fast path would be lost for them."""
    assert compiled.unsupported == {} and every.unsupported == {}
    assert len(compiled.queries) > 100 and len(compiled.sparql) >= 8
    assert len(every.sparql) > len(compiled.sparql)  # the Warning-severity SPARQL constraints count too


def test_a_shape_not_compiled_sends_what_it_targets_to_pyshacl():
    shapes = Graph().parse(format="turtle", data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
        ex:Counted a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:D ] ; sh:qualifiedMaxCount 1 ] .
        ex:Plain a sh:NodeShape ; sh:targetClass ex:E ; sh:property [ sh:path ex:q ; sh:minCount 1 ] .""")
    compiled = CompiledShapes(shapes)
    assert list(compiled.unsupported) == [URIRef("https://example.org/Counted")]
    data = Graph().parse(format="turtle", data="""@prefix ex: <https://example.org/> .
        ex:a a ex:C . ex:b a ex:E ; ex:q 1 . ex:c a ex:E .""")
    a, b, c = (URIRef(f"https://example.org/{n}") for n in "abc")
    assert compiled.suspects(data, {a, b, c}) == {a, c}  # a: not compiled; c: no ex:q


def test_a_term_pyoxigraph_does_not_hold_leaves_the_verdict_to_pyshacl(compiled):
    data = Graph().parse(format="json-ld", data='{"@id": "_:a label with spaces", '
                                                '"@type": "https://w3id.org/ger-kg/ontology#RoboticMission"}')
    assert compiled.suspects(data, set(data.subjects())) is None


def test_links_in_are_read_only_by_the_predicates_shapes_read_that_way(reach):
    ger, dcterms = "https://w3id.org/ger-kg/ontology#", "http://purl.org/dc/terms/"
    assert URIRef(ger + "destination") not in reach.inverse  # a mission's Moon is not re-checked
    assert URIRef(ger + "hasElement") in reach.inverse - reach.existence  # sh:inversePath
    assert URIRef(ger + "partOf") in reach.inverse - reach.existence  # $this ger:partOf+ $this
    # InstanceShape's target asks only whether something cites a resource ([] dcterms:source ?this).
    assert {URIRef(dcterms + "source"), URIRef(ger + "hasQuantity")} <= reach.existence


def test_changes_are_followed_back_only_along_links_that_carry_them(reach):
    """What a shape reads of a node through a link into it: a mission checks its destination's class, so a
    new type of the Moon is followed back to the missions and a comment on it is not."""
    ger = "https://w3id.org/ger-kg/ontology#"
    assert reach.through[URIRef(ger + "destination")] == {RDF.type}
    assert reach.through[RDF.type] == {RDFS.subClassOf}  # a class's place in the hierarchy: its instances
    assert reach.through[URIRef(ger + "leadAgency")] is None  # a SPARQL constraint reads on from it


def test_the_valid_examples_have_no_suspect(compiled, every, ontology):
    data = data_graph(CONTEXT + "".join(BASES.values()), ontology)
    assert compiled.suspects(data, nodes(data)) == set()
    assert every.suspects(data, nodes(data)) == set()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_each_break_makes_its_focus_node_a_suspect(case, compiled, every, ontology, context):
    """test_shapes checks that pyshacl reports each break on the case's focus node, with its severity: a
    suspect of the writes' check when a Violation, of /validate's check whatever the severity."""
    data = case_data(case, ontology, context)
    focus = focus_node(case, data)
    for check, counts in ((compiled, case.severity == "Violation"), (every, True)):
        if counts:
            suspects = check.suspects(data, {focus})
            assert suspects is None or suspects == {focus}, case.id


@pytest.mark.parametrize("case", [c for c in CASES if c.severity != "Violation"] + NEGATIVE_CASES,
                         ids=lambda c: c.id)
def test_warnings_and_accepted_cases_name_exactly_pyshacls_violations(case, compiled, shapes, ontology, context):
    """Breaks that pyshacl reports as Warning or Info only, and data it must accept: no node is a suspect
    unless pyshacl reports a Violation on it (a suspect too many costs a pyshacl run, not a wrong answer,
    but these are the cases where the compiled shapes must be exact for writes to stay fast)."""
    data = case_data(case, ontology, context)
    suspects = compiled.suspects(data, nodes(data))
    assert suspects == violations(data, shapes), case.id


@pytest.fixture(scope="module")
def validator():
    return validation.Validator(sources.shape_files(sources.project_root()),
                                sources.ontology_files(sources.project_root()))


@pytest.mark.parametrize("case", [c for c in CASES if c.severity != "Violation"][::4], ids=lambda c: c.id)
def test_validate_reports_what_pyshacl_reports_on_the_whole_document(case, validator):
    """/validate sends only its suspects, and what they reach, to pyshacl: its report is the one pyshacl
    writes on the whole document (Warnings and Infos included)."""
    document = Graph().parse(data=PREFIXES + case_text(case), format="turtle")
    whole = Graph()
    for t in document + validator.ontology:
        whole.add(t)
    _, full, _ = pyshacl.validate(whole, shacl_graph=validator.shapes, ont_graph=validator.ontology,
                                  advanced=True, allow_warnings=True)
    expected = summary(validation.restrict(full, set(document.subjects())).graph)
    assert summary(validator.check(document).graph) == expected, case.id
    assert expected, f"{case.id}: the break gives no result"


def summary(report: Graph) -> set:
    """The results, blank nodes (a source shape, a focus node) written as "_"."""
    return {tuple("_" if isinstance(v, BNode) else v for v in
                  (report.value(r, p) for p in (SH.focusNode, SH.resultPath, SH.value, SH.resultSeverity,
                                                SH.sourceShape, SH.sourceConstraintComponent)))
            for r in report.subjects(RDF.type, SH.ValidationResult)}


# ---- random breaks -----------------------------------------------------------------------------------------

EX = "https://example.org/fuzz/"
LITERALS = [
    Literal("Example"), Literal("Example", lang="en"), Literal("Exemple", lang="fr"), Literal("", lang="en"),
    Literal("2024", datatype=XSD.gYear), Literal("2024-06", datatype=XSD.gYearMonth),
    Literal("2024-05-03", datatype=XSD.date), Literal("2024-02-30", datatype=XSD.date),  # ill-typed
    Literal("1999-01-01", datatype=XSD.date), Literal("2024-05-03T10:00:00Z", datatype=XSD.dateTime),
    Literal("-1", datatype=XSD.integer), Literal("0", datatype=XSD.integer), Literal("7", datatype=XSD.integer),
    Literal("12", datatype=XSD.integer), Literal("1.5", datatype=XSD.decimal), Literal("abc", datatype=XSD.integer),
    Literal("3", datatype=XSD.nonNegativeInteger), Literal("1e3", datatype=XSD.double),
    Literal("true", datatype=XSD.boolean),
    Literal("https://example.org/not-an-iri"), Literal("x" * 30),
]


@st.composite
def breaks(draw, ontology):
    """A valid example with one to three random edits: a triple dropped, an object replaced by another term
    (of the example, of the ontology, a new IRI, a blank node, a literal), a type or a triple added."""
    name = draw(st.sampled_from(sorted(BASES)))
    data = data_graph(CONTEXT + BASES[name], ontology)
    own = sorted(Graph().parse(data=data.serialize(format="turtle"), format="turtle") - ontology, key=str)
    own = [t for t in own if t in data]
    terms = sorted({n for t in own for n in (t[0], t[2]) if not isinstance(n, Literal)}, key=str)
    classes = sorted(set(ontology.objects(None, RDFS.subClassOf)) | set(data.objects(None, RDF.type)), key=str)
    predicates = sorted({p for _, p, _ in own}, key=str)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["drop", "replace", "type", "add"]))
        s, p, o = draw(st.sampled_from(own))
        if kind == "drop":
            data.remove((s, p, o))
        elif kind == "type":
            data.add((draw(st.sampled_from(terms)), RDF.type, draw(st.sampled_from(classes))))
        else:
            new = draw(st.one_of(st.sampled_from(terms), st.sampled_from(LITERALS), st.sampled_from(classes),
                                 st.just(URIRef(EX + "new")), st.just(BNode("fuzz"))))
            if kind == "replace":
                data.remove((s, p, o))
                data.add((s, p, new))
            else:
                data.add((s, draw(st.sampled_from(predicates)), new))
        event(kind)
    return name, data


@FUZZ
@given(st.data())
def test_random_breaks_never_hide_a_result(compiled, every, shapes, ontology, data):
    name, graph = data.draw(breaks(ontology))
    suspects, suspects_of_any = compiled.suspects(graph, nodes(graph)), every.suspects(graph, nodes(graph))
    expected, any_result = reported(graph, shapes)
    event("violation" if expected else "result" if any_result else "no result")
    event("suspects unknown (ill-typed literal)" if suspects is None else
          "exact" if suspects == expected else "suspects too many")
    assert suspects is None or expected <= suspects, (name, expected - suspects)
    assert suspects_of_any is None or any_result <= suspects_of_any, (name, any_result - suspects_of_any)
