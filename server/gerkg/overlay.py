"""A copy-on-write rdflib view of a pyoxigraph store, for planning a write without making it.

A SPARQL Update is evaluated by rdflib's update engine against this view: its reads come from the store's
indexes, its additions and removals are recorded here and never reach the store. What is recorded is the
write's exact change, which is then validated and, if valid, journaled and applied.
"""

from __future__ import annotations

import pyoxigraph as ox
import rdflib.plugins.sparql as rdflib_sparql
from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.store import Store

from .terms import from_ox, graph_from_ox, graph_to_ox, quad_to_ox, to_ox

# rdflib would otherwise fetch the IRIs of LOAD and of USING/FROM graphs from the web, and treat a
# dataset's default graph as the union of its graphs (ours already is one, stored).
rdflib_sparql.SPARQL_LOAD_GRAPHS = False
rdflib_sparql.SPARQL_DEFAULT_GRAPH_UNION = False


def _gid(context):
    """The graph a call is about. rdflib's update engine passes no context for the default graph (it
    works on the dataset itself), so no context means the default graph here, never "all graphs"."""
    if context is None:
        return DATASET_DEFAULT_GRAPH_ID
    gid = getattr(context, "identifier", context)
    return DATASET_DEFAULT_GRAPH_ID if gid is None else gid


def _matches(pattern, triple) -> bool:
    return all(p is None or p == t for p, t in zip(pattern, triple))


class OverlayStore(Store):
    context_aware = True
    formula_aware = False
    graph_aware = True
    transaction_aware = False

    def __init__(self, base: ox.Store):
        super().__init__()
        self.base = base
        self.added: set = set()    # quads (s, p, o, graph id) not in the base
        self.removed: set = set()  # quads of the base
        self.created: set = set()
        self.dropped: set = set()
        self._namespaces: dict = {}

    # ---- reads
    def _in_base(self, quad) -> bool:
        return quad_to_ox(*quad) in self.base

    def _quads(self, pattern, gid):
        s, p, o = pattern
        ox_graph = graph_to_ox(gid)
        try:
            found = self.base.quads_for_pattern(to_ox(s), to_ox(p), to_ox(o), ox_graph)
        except TypeError:  # a pattern term pyoxigraph cannot hold (e.g. a literal subject) matches nothing
            found = ()
        for q in found:
            quad = (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), graph_from_ox(q.graph_name))
            if quad not in self.removed:
                yield quad
        for quad in list(self.added):
            if quad[3] == gid and _matches(pattern, quad[:3]):
                yield quad

    def triples(self, pattern, context=None):
        gid = _gid(context)
        for s, p, o, g in self._quads(pattern, gid):
            yield (s, p, o), iter([Graph(store=self, identifier=g)])

    def __len__(self, context=None):
        return sum(1 for _ in self._quads((None, None, None), _gid(context)))

    def contexts(self, triple=None):
        names = {graph_from_ox(g) for g in self.base.named_graphs()} | self.created
        names |= {q[3] for q in self.added}
        names -= self.dropped
        names.discard(DATASET_DEFAULT_GRAPH_ID)
        for name in sorted(names, key=str):
            if triple is None or any(True for _ in self._quads(triple, name)):
                yield Graph(store=self, identifier=name)

    # ---- writes, recorded
    def add(self, triple, context=None, quoted=False):
        quad = (*triple, _gid(context))
        if quad in self.removed:
            self.removed.discard(quad)
        elif not self._in_base(quad):
            self.added.add(quad)

    def addN(self, quads):
        for s, p, o, c in quads:
            self.add((s, p, o), c)

    def remove(self, pattern, context=None):
        for quad in list(self._quads(pattern, _gid(context))):
            if quad in self.added:
                self.added.discard(quad)
            else:
                self.removed.add(quad)

    def add_graph(self, graph):
        self.created.add(_gid(graph))
        self.dropped.discard(_gid(graph))

    def remove_graph(self, graph):
        self.remove((None, None, None), graph)
        self.dropped.add(_gid(graph))

    # ---- prefixes (rdflib asks for them while parsing the update)
    def bind(self, prefix, namespace, override=True):
        self._namespaces[prefix] = namespace

    def namespace(self, prefix):
        return self._namespaces.get(prefix)

    def prefix(self, namespace):
        return next((p for p, n in self._namespaces.items() if n == namespace), None)

    def namespaces(self):
        return iter(self._namespaces.items())


def overlay_dataset(base: ox.Store) -> tuple[Dataset, OverlayStore]:
    store = OverlayStore(base)
    return Dataset(store=store, default_union=False), store
