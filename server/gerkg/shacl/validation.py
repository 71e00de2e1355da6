"""SHACL validation of RDF against GER-KG's shapes (pyshacl), with the ontology as the class hierarchy."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF

from gerkg.shacl import prepared
from gerkg.shacl.compiled import CompiledShapes
from gerkg.shacl.reach import Reach
from gerkg.store.terms import to_ox

prepared.install()  # the shapes' SPARQL parsed once per worker

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass
class Report:
    conforms: bool
    graph: Graph  # the standard sh:ValidationReport
    text: str

    def results(self, severity=None):
        for result in self.graph.subjects(RDF.type, SH.ValidationResult):
            if severity is None or (result, SH.resultSeverity, severity) in self.graph:
                yield result

    @property
    def violations(self) -> int:
        return sum(1 for _ in self.results(SH.Violation))


def load_shapes(files: list[Path]) -> Graph:
    shapes = Graph()
    for path in files:
        shapes.parse(path, format="turtle")
    return shapes


def validate(data: Graph, shapes: Graph, ontology: Graph | None = None, inference: str = "none") -> Report:
    """Validate data; ontology supplies rdfs:subClassOf so that shapes reach instances of subclasses."""
    conforms, report_graph, text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference=inference,
        advanced=True,
        allow_warnings=True,
        meta_shacl=False,
    )
    return Report(bool(conforms), report_graph, text)


# ---------------------------------------------------------------------------------------------------------
# Validating a change: only the nodes it can have affected.

# A shape looks from its focus node along paths (and SPARQL constraints along patterns) at most this many
# links deep; a membership's shape, for example, reaches its interval's beginning instant in two.
REACH = 3


def _resources(triples):
    for s, _, o in triples:
        yield s
        if not isinstance(o, Literal):
            yield o


def affected_nodes(view, changed: dict, through: dict | None) -> set:
    """The nodes whose shapes read what changed (changed: node -> the predicates of its links out, or
    ("in", p) of its links in, that changed), found by following links into the changed nodes back, REACH
    deep, along the links that carry what changed (through: see Reach; None: every link).
    The changed nodes themselves are not in it."""
    seen = {n: set(c) for n, c in changed.items()}
    frontier, found = dict(changed), set()
    carrying: dict = {}
    for _ in range(REACH):
        following: dict = {}
        for node, what in frontier.items():
            if through is None:
                links = (t for t, _ in view.triples((None, None, node)))
            else:
                key = frozenset(what)
                if key not in carrying:
                    carrying[key] = {p for p, reads in through.items() if reads is None or reads & key}
                links = view.links_into(node, carrying[key]) if carrying[key] else ()
            for s, p, _ in links:
                if p not in seen.setdefault(s, set()):
                    seen[s].add(p)
                    following.setdefault(s, set()).add(p)
        found |= set(following)
        frontier = following
    return found


def neighbourhood(view, focus, inverse: set | None = None, one_of: set = frozenset()) -> Graph:
    """What validating the focus nodes can look at: their links out to REACH deep, links in (by the
    predicates a shape reads towards a node, when these are known; one each by those in one_of, whose links
    a shape only asks whether there is one), and types."""
    g = Graph()
    frontier, seen = set(focus), set()
    for _ in range(REACH + 1):
        following = set()
        for node in frontier - seen:
            seen.add(node)
            for (s, p, o), _ in view.triples((node, None, None)):
                g.add((s, p, o))
                if not isinstance(o, Literal):
                    following.add(o)
        frontier = following
    for node in focus:
        for s, p, o in view.links_into(node, inverse, one_of):
            g.add((s, p, o))
    for node in set(_resources(list(g))):
        for (s, p, o), _ in view.triples((node, RDF.type, None)):
            g.add((s, p, o))
    return g


class GraphView:
    """An rdflib graph read as neighbourhood() reads the store's OverlayStore."""

    def __init__(self, graph: Graph):
        self.graph = graph

    def triples(self, pattern):
        for t in self.graph.triples(pattern):
            yield t, iter(())

    def links_into(self, node, predicates: set | None, one_of: set = frozenset()):
        seen = set()
        for s, p, o in self.graph.triples((None, None, node)):
            if (predicates is None or p in predicates) and p not in seen:
                if p in one_of:
                    seen.add(p)
                yield s, p, o


def validate_change(base, change, validator: Validator) -> Report:
    """Validate the state a change would produce, on the nodes it can have affected only.

    base is the pyoxigraph store before the change; change includes its effect on the default graph,
    which holds the union that the shapes are checked against. The compiled shapes name the focus nodes
    that may have a Violation; pyshacl checks those, and writes the report (of a refused write: on them)."""
    from gerkg.store.overlay import OverlayStore
    from gerkg.store.terms import quad_from_ox

    view = OverlayStore(base)
    removed = [quad_from_ox(q) for q in change.removed]
    added = [quad_from_ox(q) for q in change.added]
    view.removed.update(removed)
    for q in added:
        view.added.add(q)
    added = [q[:3] for q in added if q[3] == DATASET_DEFAULT_GRAPH_ID]  # the union, which the shapes see
    union = added + [q[:3] for q in removed if q[3] == DATASET_DEFAULT_GRAPH_ID]
    # A changed triple changes what its subject says (so the subject, and whatever reaches it, is checked
    # again) and what points at its object (so the object is checked again, for inverse paths).
    subjects = {s for s, _, _ in union}
    # Only by a predicate that a shape reads towards a node: a mission linking to the Moon by ger:destination
    # does not change what the Moon's shapes see. (Nor the class of an rdf:type: no shape looks at a class
    # through its instances, and ger:RoboticMission would bring every one of them into the neighbourhood.)
    inverse, existence = validator.reach.inverse, validator.reach.existence
    objects = {o for _, p, o in union
               if not isinstance(o, Literal) and p != RDF.type and (inverse is None or p in inverse)}
    if not subjects:
        return _conforming()
    # And whatever reads what changed, through links into the nodes it changed: a comment on the Moon is
    # read by no shape of the missions that go there, a new type of it by those that check its class.
    through = validator.reach.through
    changed: dict = {}
    for s, p, o in union:
        changed.setdefault(s, set()).add(p)
        if through is not None and not isinstance(o, Literal):
            changed.setdefault(o, set()).add(("in", p))
    focus = subjects | objects | affected_nodes(view, changed, through)
    links = unknown_links(added, lambda o: any(True for _ in view.triples((o, RDF.type, None))))
    suspects = validator.compiled.suspects(neighbourhood(view, focus, inverse, existence), focus,
                                           validator.ontology_quads)
    if suspects is not None:  # pyshacl looks at the suspects only: the other focus nodes have no Violation
        focus = suspects | {s for s, _, _ in links}
        if not focus:
            return _conforming()
    _, full_report, _ = pyshacl.validate(neighbourhood(view, focus, inverse, existence),
                                         shacl_graph=validator.shapes, ont_graph=validator.ontology,
                                         inference="none", advanced=True, allow_warnings=True)
    add_link_results(full_report, links)
    # Nodes at the edge of the neighbourhood are seen only in part: keep what is said of the focus nodes.
    return restrict(full_report, focus)


def restrict(report_graph: Graph, focus: set) -> Report:
    """The part of a validation report about the given focus nodes."""
    kept = Graph()
    for prefix, ns in report_graph.namespaces():
        kept.bind(prefix, ns)
    report = next(report_graph.subjects(RDF.type, SH.ValidationReport), None)
    violations = 0
    for result in report_graph.subjects(RDF.type, SH.ValidationResult):
        if report_graph.value(result, SH.focusNode) not in focus:
            continue
        if report is not None:
            kept.add((report, SH.result, result))
        _copy_description(report_graph, result, kept)
        violations += (result, SH.resultSeverity, SH.Violation) in report_graph
    conforms = violations == 0
    if report is not None:
        kept.add((report, RDF.type, SH.ValidationReport))
        kept.add((report, SH.conforms, Literal(conforms)))
    from gerkg.shacl.reports import render_text
    return Report(conforms, kept, render_text(kept))


def _copy_description(src: Graph, node, dst: Graph, seen=None):
    seen = seen if seen is not None else set()
    if node in seen:
        return
    seen.add(node)
    for p, o in src.predicate_objects(node):
        dst.add((node, p, o))
        if isinstance(o, BNode):
            _copy_description(src, o, dst, seen)


# ---------------------------------------------------------------------------------------------------------
# Links into GER-KG must resolve. Written in Python rather than as a SHACL-SPARQL shape: over the whole
# graph the shape took seconds in rdflib's engine; this is a set lookup per link.

GERSH = Namespace("https://w3id.org/ger-kg/shapes#")
ID_SPACE = "https://w3id.org/ger-kg/id/"
LINK_MESSAGE = ("Links to {}, which GER-KG does not describe: check the IRI against the graph (for agencies, "
                "/id/agency/<acronym>), or describe the resource in your data.")


def unknown_links(triples, is_described) -> list[tuple]:
    """The triples whose object is a GER-KG IRI that nothing describes (is_described(iri) is False)."""
    return [(s, p, o) for s, p, o in triples
            if isinstance(o, URIRef) and str(o).startswith(ID_SPACE) and p != RDF.type and not is_described(o)]


def add_link_results(report_graph: Graph, links) -> int:
    """Add one sh:ValidationResult per unresolved link to a report; returns how many."""
    report = next(report_graph.subjects(RDF.type, SH.ValidationReport), None)
    if report is None:
        report = BNode()
        report_graph.add((report, RDF.type, SH.ValidationReport))
    for s, p, o in links:
        r = BNode()
        report_graph.add((report, SH.result, r))
        for pred, obj in ((RDF.type, SH.ValidationResult), (SH.focusNode, s), (SH.resultPath, p), (SH.value, o),
                          (SH.resultSeverity, SH.Violation), (SH.sourceShape, GERSH.KnownLinksShape),
                          (SH.sourceConstraintComponent, SH.SPARQLConstraintComponent),
                          (SH.resultMessage, Literal(LINK_MESSAGE.format(o), lang="en"))):
            report_graph.add((r, pred, obj))
    if links:
        report_graph.set((report, SH.conforms, Literal(False)))
    return len(links)


def entail_labels(graph: Graph) -> None:
    """Add the rdfs:label that a label sub-property (skos:prefLabel) entails, as the build's reasoner does:
    the vocabularies label their concepts with skos:prefLabel, and the shapes ask for rdfs:label."""
    from rdflib import RDFS
    for prop in list(graph.transitive_subjects(RDFS.subPropertyOf, RDFS.label)):
        for s, o in list(graph.subject_objects(prop)):
            graph.add((s, RDFS.label, o))


# ---------------------------------------------------------------------------------------------------------
# Checking data that a provider brings, alone or together with the GER graph.

class StoreContext:
    """The GER graph as context, read node by node from a pyoxigraph store (never copied whole): its default
    graph, or the union of its graphs when that is taken at query time."""

    def __init__(self, store: ox.Store, union: bool = False):
        self.store, self.graph_name = store, None if union else ox.DefaultGraph()

    def triples(self, s, p, o):
        from gerkg.store.terms import from_ox, to_ox
        found = self.store.quads_for_pattern(to_ox(s), to_ox(p), to_ox(o), self.graph_name)
        triples = (tuple(from_ox(t) for t in (q.subject, q.predicate, q.object)) for q in found)
        return triples if self.graph_name is not None else dict.fromkeys(triples)

    def about(self, node):
        return self.triples(node, None, None)

    def pointing_at(self, node):
        return self.triples(None, None, node)

    def describes(self, node) -> bool:
        return any(True for _ in self.triples(node, RDF.type, None))


class GraphContext(StoreContext):
    """The same over an rdflib graph (a copy of a remote store's data)."""

    def __init__(self, graph: Graph):
        self.graph = graph

    def triples(self, s, p, o):
        return self.graph.triples((s, p, o))


def _signature(triples_of, node, depth=REACH):
    """What a blank node says, with the blank nodes it holds, independent of its label."""
    if not isinstance(node, BNode) or depth == 0:
        return node
    return frozenset((p, _signature(triples_of, o, depth - 1)) for _, p, o in triples_of(node))


def reachable_context(data: Graph, context) -> Graph:
    """The part of the context that validating the data can look at: what it says of the nodes a path
    from one of the data's subjects reaches in fewer than REACH links, the types of the nodes at REACH,
    and the links into the data's subjects. A blank node the data states itself (the same description
    under the same subject and property, as when our own files are checked with the graph built from them)
    is not taken twice."""
    data_blanks = {(s, p, _signature(lambda b: data.triples((b, None, None)), o))
                   for s, p, o in data if isinstance(o, BNode)}
    g = Graph()
    frontier, seen = set(data.subjects()), set()
    for _ in range(REACH):
        following = set()
        for node in frontier - seen:
            seen.add(node)
            following.update(o for _, _, o in data.triples((node, None, None)) if not isinstance(o, Literal))
            if isinstance(node, BNode) and (node, None, None) in data:
                continue  # the data's own blank node: the context cannot speak of it
            for s, p, o in context.about(node):
                if isinstance(o, BNode) and (s, p, _signature(context.about, o)) in data_blanks:
                    continue
                g.add((s, p, o))
                if not isinstance(o, Literal):
                    following.add(o)
        frontier = following
    for node in set(data.subjects()):
        if not isinstance(node, BNode):
            for t in context.pointing_at(node):
                g.add(t)
    for node in set(_resources(list(g))) | set(_resources(data)):
        if not isinstance(node, BNode):
            for t in context.triples(node, RDF.type, None):
                g.add(t)
    return g


class Validator:
    """Shapes and ontology, loaded once and reused for every check."""

    def __init__(self, shape_files, ontology_files):
        self.shapes = load_shapes(shape_files)
        self.ontology = Graph()
        for path in ontology_files:
            self.ontology.parse(path, format="turtle")
        entail_labels(self.ontology)
        self.reach = Reach(self.shapes)  # what a change can reach
        self.compiled = CompiledShapes(self.shapes)  # for writes: may a node have a Violation?
        self.compiled_every = CompiledShapes(self.shapes, every_result=True)  # for /validate: any result?
        self.ontology_quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in self.ontology]

    def check(self, data: Graph, context=None, extra_shapes: Graph | None = None,
              inference: str = "none") -> Report:
        """Validate data, together with what it can reach of context (a StoreContext or GraphContext over
        the GER graph) when given: the cost follows the size of the data, not of the graph."""
        document = Graph()
        for graph in (data, reachable_context(data, context) if context is not None else ()):
            for t in graph:
                document.add(t)
        links = [] if context is None else unknown_links(  # (alone, a link to GER-KG cannot be checked)
            data, lambda o: (o, RDF.type, None) in document or (o, RDF.type, None) in self.ontology
            or context.describes(o))
        focus = set(data.subjects())
        if not (extra_shapes is not None and len(extra_shapes)) and inference == "none":
            # Only the nodes that may have a result (a Warning or an Info too) go to pyshacl, with what their
            # shapes can reach: the others have none.
            suspects = self.compiled_every.suspects(document, focus, self.ontology_quads)
            if suspects is not None:
                focus = suspects | {s for s, _, _ in links}
                if not focus:
                    return _conforming()
                document = neighbourhood(GraphView(document), focus, self.reach.inverse, self.reach.existence)
        shapes = self.shapes
        if extra_shapes is not None and len(extra_shapes):
            shapes = Graph()
            for t in self.shapes:
                shapes.add(t)
            for t in extra_shapes:
                shapes.add(t)
        target = Graph()
        for graph in (document, self.ontology):
            for t in graph:
                target.add(t)
        _, report_graph, _ = pyshacl.validate(target, shacl_graph=shapes, ont_graph=self.ontology,
                                              inference=inference, advanced=True, allow_warnings=True)
        add_link_results(report_graph, links)
        # Report on what the data describes: the GER graph and the ontology are context, and their own
        # warnings are not the provider's to fix (nor may they fail the provider's CI).
        return restrict(report_graph, focus)


def _conforming() -> Report:
    """The report of data on which no shape has anything to say."""
    graph = Graph()
    graph.add((BNode(), RDF.type, SH.ValidationReport))
    return restrict(graph, set())


def default_graph(quads) -> Graph:
    """The default graph of a dataset (ours holds the union of all graphs), as an rdflib graph."""
    from gerkg.store.terms import from_ox
    g = Graph()
    for q in quads:
        if isinstance(q.graph_name, ox.DefaultGraph):
            g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return g


def targets(shapes: Graph, data: Graph):
    """(shape, focus node) pairs from the standard targets: targetClass (with subclasses), targetNode,
    targetSubjectsOf, targetObjectsOf."""
    from rdflib import RDFS
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        focus = set()
        classes = set(shapes.objects(shape, SH.targetClass))
        if (shape, RDF.type, RDFS.Class) in shapes:
            classes.add(shape)
        for cls in classes:
            for sub in data.transitive_subjects(RDFS.subClassOf, cls):
                focus |= set(data.subjects(RDF.type, sub))
        focus |= set(shapes.objects(shape, SH.targetNode))
        for p in shapes.objects(shape, SH.targetSubjectsOf):
            focus |= set(data.subjects(p, None))
        for p in shapes.objects(shape, SH.targetObjectsOf):
            focus |= {o for o in data.objects(None, p) if not isinstance(o, Literal)}
        for node in focus:
            yield shape, node
