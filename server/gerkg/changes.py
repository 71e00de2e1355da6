"""A write as an exact change (quads added and removed), planned without touching the store, then
applied. The default graph is the union of the named graphs, so a change carries its effect on it too."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from .overlay import overlay_dataset
from .terms import quad_to_ox


class ChangeRejected(Exception):
    """The write cannot be made as asked (not a validation failure)."""


@dataclass
class Change:
    added: list[ox.Quad] = field(default_factory=list)
    removed: list[ox.Quad] = field(default_factory=list)

    @property
    def graphs(self) -> list[str]:
        return sorted({q.graph_name.value for q in self.added + self.removed
                       if isinstance(q.graph_name, ox.NamedNode)})

    def named(self) -> "Change":
        """The change without its effect on the default graph (what the user asked for)."""
        keep = lambda q: not isinstance(q.graph_name, ox.DefaultGraph)  # noqa: E731
        return Change([q for q in self.added if keep(q)], [q for q in self.removed if keep(q)])

    def to_record(self) -> dict:
        return {"added": ox.serialize(self.added, format=ox.RdfFormat.N_QUADS).decode("utf-8"),
                "removed": ox.serialize(self.removed, format=ox.RdfFormat.N_QUADS).decode("utf-8")}

    @classmethod
    def from_record(cls, record: dict) -> "Change":
        parse = lambda text: list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS))  # noqa: E731
        return cls(parse(record["added"]), parse(record["removed"]))


def plan_update(store: ox.Store, text: str) -> Change:
    """What a SPARQL Update would change, computed by rdflib's update engine over a copy-on-write view."""
    dataset, view = overlay_dataset(store)
    dataset.update(text)
    return Change([quad_to_ox(*q) for q in view.added], [quad_to_ox(*q) for q in view.removed])


def plan_replace(store: ox.Store, graph: str, triples) -> Change:
    """Graph Store PUT: the graph's content becomes the given triples."""
    name = ox.NamedNode(graph)
    new = {ox.Quad(t.subject, t.predicate, t.object, name) for t in triples}
    old = set(store.quads_for_pattern(None, None, None, name))
    return Change(sorted(new - old, key=str), sorted(old - new, key=str))


def plan_add(store: ox.Store, graph: str, triples) -> Change:
    """Graph Store POST: the given triples are merged into the graph."""
    name = ox.NamedNode(graph)
    return Change(sorted({q for q in (ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
                          if q not in store}, key=str), [])


def plan_delete(store: ox.Store, graph: str) -> Change:
    """Graph Store DELETE: the graph is emptied."""
    return Change([], list(store.quads_for_pattern(None, None, None, ox.NamedNode(graph))))


def with_union(store: ox.Store, change: Change, outside_union: set[str]) -> Change:
    """Add the change's effect on the default graph, which holds the union of the named graphs (except
    the graphs in outside_union, such as the write log). Writing to the default graph itself is refused."""
    if any(isinstance(q.graph_name, ox.DefaultGraph) for q in change.added + change.removed):
        raise ChangeRejected(
            "the default graph is the union of the named graphs and cannot be written to: put your data in a "
            "named graph (GRAPH <...> in an update, ?graph=<...> in the Graph Store Protocol)")
    counted = [q for q in change.added if q.graph_name.value not in outside_union]
    removed_named = {q for q in change.removed if q.graph_name.value not in outside_union}
    added = list(change.added)
    for q in counted:
        triple = ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
        if triple not in store:
            added.append(triple)
    removed = list(change.removed)
    added_triples = {(q.subject, q.predicate, q.object) for q in counted}
    for q in removed_named:
        key = (q.subject, q.predicate, q.object)
        if key in added_triples:
            continue
        still = any(other not in removed_named and other.graph_name.value not in outside_union
                    for other in store.quads_for_pattern(q.subject, q.predicate, q.object)
                    if isinstance(other.graph_name, ox.NamedNode))
        if not still:
            removed.append(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()))
    return Change(added, list(dict.fromkeys(removed)))


def apply(store: ox.Store, change: Change) -> None:
    for q in change.removed:
        store.remove(q)
    store.extend(change.added)
    # A graph left empty is gone, as the Graph Store Protocol's DELETE expects.
    for name in {q.graph_name for q in change.removed if isinstance(q.graph_name, ox.NamedNode)}:
        if next(iter(store.quads_for_pattern(None, None, None, name)), None) is None:
            store.remove_graph(name)

