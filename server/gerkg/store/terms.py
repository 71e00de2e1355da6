"""Converting RDF terms between rdflib (parsing, SHACL, reasoning) and pyoxigraph (the store)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_ox(term):
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r}")


def from_ox(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"cannot convert {term!r}")


def graph_to_ox(gid):
    """rdflib's default-graph identifier is pyoxigraph's DefaultGraph."""
    return ox.DefaultGraph() if gid is None or gid == DATASET_DEFAULT_GRAPH_ID else to_ox(gid)


def graph_from_ox(g):
    return DATASET_DEFAULT_GRAPH_ID if isinstance(g, ox.DefaultGraph) else from_ox(g)


def quad_to_ox(s, p, o, g) -> ox.Quad:
    return ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph_to_ox(g))


def quad_from_ox(q: ox.Quad):
    return from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), graph_from_ox(q.graph_name)
