"""A read-only view of the store as a planned change would leave it, in rdflib terms, for validating the
change before it is made (validation.validate_change reads the write's neighbourhood through it).

The change's quads are indexed by subject and object, so each lookup costs what it finds, not the size of
the write: validating a large write stays linear in it.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from gerkg.store.terms import from_ox, graph_from_ox, graph_to_ox, to_ox


class _Indexed(set):
    """A set of rdflib quads (s, p, o, graph id) that also finds them by subject and by object."""

    def __init__(self):
        super().__init__()
        self.by_subject = defaultdict(set)
        self.by_object = defaultdict(set)

    def add(self, quad):
        super().add(quad)
        self.by_subject[quad[0]].add(quad)
        self.by_object[quad[2]].add(quad)

    def matching(self, pattern, gid):
        s, p, o = pattern
        pool = self.by_subject.get(s, ()) if s is not None else self.by_object.get(o, ()) if o is not None else self
        for quad in pool:
            if quad[3] == gid and all(want is None or want == have for want, have in zip(pattern, quad)):
                yield quad


class OverlayStore:
    """The base store, less the quads in removed, plus those in added (rdflib quads)."""

    def __init__(self, base: ox.Store):
        self.base = base
        self.added = _Indexed()
        self.removed: set = set()

    def _quads(self, pattern, gid):
        s, p, o = pattern
        try:
            found = self.base.quads_for_pattern(to_ox(s), to_ox(p), to_ox(o), graph_to_ox(gid))
        except TypeError:  # a pattern term pyoxigraph cannot hold (e.g. a literal subject) matches nothing
            found = ()
        for q in found:
            quad = (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), graph_from_ox(q.graph_name))
            if quad not in self.removed:
                yield quad
        yield from self.added.matching(pattern, gid)

    def triples(self, pattern, context=None):
        """Like rdflib's Store.triples; no context means the default graph."""
        gid = DATASET_DEFAULT_GRAPH_ID if context is None else getattr(context, "identifier", context)
        for s, p, o, _ in self._quads(pattern, gid):
            yield (s, p, o), iter(())

    def links_into(self, node, predicates: set | None, one_of: set = frozenset()):
        """The default graph's triples (s, p, node) with p among predicates (rdflib terms; None: any), and for
        p in one_of only the first. The predicates are compared before any term is converted, so a node with
        many other links into it (a document every resource cites) costs little."""
        if predicates is None:
            yield from (t for t, _ in self.triples((None, None, node)))
            return
        wanted, once, seen = {str(p) for p in predicates}, {str(p) for p in one_of}, set()
        try:
            found = self.base.quads_for_pattern(None, None, to_ox(node), ox.DefaultGraph())
        except TypeError:
            found = ()
        for q in found:
            p = q.predicate.value
            if p in wanted and p not in seen:
                quad = (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), DATASET_DEFAULT_GRAPH_ID)
                if quad not in self.removed:
                    if p in once:
                        seen.add(p)
                    yield quad[:3]
        for quad in self.added.matching((None, None, node), DATASET_DEFAULT_GRAPH_ID):
            p = str(quad[1])
            if p in wanted and p not in seen:
                if p in once:
                    seen.add(p)
                yield quad[:3]
