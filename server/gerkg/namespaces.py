"""The IRIs GER-KG mints: one fixed ontology namespace and one configurable instance base."""

import pyoxigraph as ox
from rdflib import Namespace

ONTOLOGY_IRI = "https://w3id.org/ger-kg/ontology"
GER = Namespace(ONTOLOGY_IRI + "#")
SHAPES_IRI = "https://w3id.org/ger-kg/shapes"
GERSH = Namespace(SHAPES_IRI + "#")

# The base that the Turtle sources are written with; a deployment may publish under another one.
DEFAULT_BASE = "https://w3id.org/ger-kg/id"


class Base:
    """The instance base of one deployment, and the well-known IRIs under it."""

    def __init__(self, base: str = DEFAULT_BASE):
        self.base = base.rstrip("/")

    def iri(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"

    @property
    def inferred_graph(self) -> str:
        return self.iri("graph/inferred")

    @property
    def log_graph(self) -> str:
        return self.iri("graph/log")

    @property
    def dataset(self) -> str:
        return self.iri("dataset")

    def rebase(self, iri: str) -> str:
        """Map an IRI written with the default base to this deployment's base."""
        if self.base != DEFAULT_BASE and iri.startswith(DEFAULT_BASE + "/"):
            return self.base + iri[len(DEFAULT_BASE):]
        return iri


NOT_IN_IRI = frozenset('<>"{}|^`\\') | frozenset(map(chr, [*range(0x21), *range(0x7f, 0xa0)]))  # RFC 3987: and controls


def writable_iri(text: str) -> bool:
    """Whether text can be written between < and > in SPARQL or Turtle as it is: an absolute IRI holding no
    space, control character or <>"{}|^`\\, and that the engine reads as an IRI (RFC 3987: no `[` outside
    a host, for one). Anything a client names is checked so before it is used."""
    if ":" not in text or not NOT_IN_IRI.isdisjoint(text):
        return False
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True
