"""OWL 2 RL inference with owlrl, keeping only the triples worth storing.

The OWL 2 RL closure also contains axiomatic noise (every resource owl:sameAs itself, typed owl:Thing,
the RDF and OWL vocabularies described again); that is dropped so the inferred graph holds what a user
would want to query: types from subclasses and domains, inverse and super-properties, property chains.
"""

from __future__ import annotations

import owlrl
from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, URIRef

_VOCAB_PREFIXES = (str(RDF), str(RDFS), str(OWL), str(XSD))
_TRIVIAL_TYPES = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, OWL.Class, RDF.Property,
                  OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDFS.Datatype,
                  RDFS.Literal}
_REFLEXIVE = {OWL.sameAs, OWL.equivalentClass, OWL.equivalentProperty, RDFS.subClassOf, RDFS.subPropertyOf}


def _keep(s, p, o) -> bool:
    if isinstance(s, (Literal, BNode)) or isinstance(p, BNode):
        return False
    if str(s).startswith(_VOCAB_PREFIXES):
        return False
    if p in _REFLEXIVE and s == o:
        return False
    if p == RDF.type and o in _TRIVIAL_TYPES:
        return False
    if isinstance(o, Literal) and p == RDF.type:
        return False
    if isinstance(o, BNode):
        return False
    return True


def owl_rl_closure(graph: Graph) -> Graph:
    """Expand a copy of graph under OWL 2 RL and return the whole closure."""
    closure = Graph()
    for triple in graph:
        closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, rdfs_closure=False, axiomatic_triples=False,
                           datatype_axioms=False).expand(closure)
    return closure


def inferred_triples(asserted: Graph) -> tuple[Graph, Graph]:
    """The new, non-trivial triples that OWL 2 RL derives from asserted, and the whole closure."""
    closure = owl_rl_closure(asserted)
    inferred = Graph()
    for s, p, o in closure:
        if (s, p, o) not in asserted and _keep(s, p, o):
            inferred.add((s, p, o))
    return inferred, closure


_OWLRL_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")


def inconsistencies(closure: Graph) -> list[str]:
    """The OWL 2 RL inconsistency messages owlrl left in the closure (for example a disjointness clash)."""
    return sorted(str(m) for m in closure.objects(None, _OWLRL_ERROR))


def unsatisfiable(closure: Graph) -> list[URIRef]:
    """Resources that the closure puts in owl:Nothing, and classes declared equivalent to it."""
    bad = set(closure.subjects(RDF.type, OWL.Nothing))
    bad |= {c for c in closure.subjects(OWL.equivalentClass, OWL.Nothing) if c != OWL.Nothing}
    bad |= {c for c in closure.subjects(RDFS.subClassOf, OWL.Nothing) if c != OWL.Nothing}
    return sorted(bad)
