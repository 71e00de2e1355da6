"""A write as an exact change (quads added and removed, graphs created and dropped), planned without touching
the served store, then validated, journaled and applied.

A SPARQL Update is planned by pyoxigraph itself, the engine that answers queries: it runs on a scratch copy
of the store and the change is the difference. The copy and the difference are made in pyoxigraph's own
loops, so a write costs its own size plus a pass over the store at native speed; a rejected write never
reaches the served store. Graph Store requests are planned directly from their triples.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox


class ChangeRejected(Exception):
    """The write cannot be made as asked (not a validation failure)."""


@dataclass
class Change:
    added: list[ox.Quad] = field(default_factory=list)
    removed: list[ox.Quad] = field(default_factory=list)
    created: list[ox.NamedNode] = field(default_factory=list)  # empty graphs that come to exist
    dropped: list[ox.NamedNode] = field(default_factory=list)  # graphs that cease to exist

    @property
    def graphs(self) -> list[str]:
        names = {q.graph_name for q in self.added + self.removed} | set(self.created) | set(self.dropped)
        return sorted(g.value for g in names if isinstance(g, ox.NamedNode))

    def named(self) -> "Change":
        """The change without its effect on the default graph (what the user asked for)."""
        keep = lambda q: not isinstance(q.graph_name, ox.DefaultGraph)  # noqa: E731
        return Change([q for q in self.added if keep(q)], [q for q in self.removed if keep(q)],
                      self.created, self.dropped)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.created or self.dropped)

    def to_record(self) -> dict:
        nq = lambda quads: ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8")  # noqa: E731
        return {"added": nq(self.added), "removed": nq(self.removed),
                "created": [g.value for g in self.created], "dropped": [g.value for g in self.dropped]}

    @classmethod
    def from_record(cls, record: dict) -> "Change":
        parse = lambda text: list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS))  # noqa: E731
        return cls(parse(record["added"]), parse(record["removed"]),
                   [ox.NamedNode(g) for g in record.get("created", ())],
                   [ox.NamedNode(g) for g in record.get("dropped", ())])


def plan_update(store: ox.Store, text: str, base_iri: str | None = None, inserts_data_only: bool = False) -> Change:
    """What a SPARQL Update would change, by pyoxigraph's update engine on a scratch copy of the store.
    Raises SyntaxError (the text) or OSError (a LOAD that failed) as pyoxigraph does. An update that only
    inserts data (update_text.inserts_data_only) runs on an empty store instead: its cost is its size."""
    if inserts_data_only:
        scratch = ox.Store()
        scratch.update(text, base_iri=base_iri)
        created = [g for g in scratch.named_graphs() if not store.contains_named_graph(g)]
        return Change([q for q in scratch if q not in store], [], sorted(created, key=str))
    scratch = ox.Store()
    scratch.bulk_extend(store)
    graphs_before = set(store.named_graphs())
    for name in graphs_before:  # empty graphs exist too (CREATE GRAPH, a graph emptied by a write)
        scratch.add_graph(name)
    scratch.update(text, base_iri=base_iri)
    graphs_after = set(scratch.named_graphs())
    added = [q for q in scratch if q not in store]
    removed = [q for q in store if q not in scratch]
    return Change(added, removed, sorted(graphs_after - graphs_before, key=str),
                  sorted(graphs_before - graphs_after, key=str))


def into_graph(store: ox.Store, change: Change, graph: ox.NamedNode) -> Change:
    """The change with what it does to the default graph done to graph instead (a provider's own default
    graph, where the stored default graph is the union): triples added there are added to graph, triples
    removed from it are removed from graph where graph holds them."""
    is_default = lambda q: isinstance(q.graph_name, ox.DefaultGraph)  # noqa: E731
    moved = lambda q: ox.Quad(q.subject, q.predicate, q.object, graph)  # noqa: E731
    added = [q for q in change.added if not is_default(q)]
    added += [m for m in dict.fromkeys(moved(q) for q in change.added if is_default(q)) if m not in store]
    removed = [q for q in change.removed if not is_default(q)]
    removed += [m for m in dict.fromkeys(moved(q) for q in change.removed if is_default(q)) if m in store]
    return Change(list(dict.fromkeys(added)), list(dict.fromkeys(removed)), change.created, change.dropped)


def plan_replace(store: ox.Store, graph, triples) -> Change:
    """Graph Store PUT: the graph's content becomes the given triples (graph: NamedNode or DefaultGraph)."""
    new = {ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples}
    old = set(store.quads_for_pattern(None, None, None, graph))
    created = [graph] if isinstance(graph, ox.NamedNode) and graph not in set(store.named_graphs()) else []
    return Change([q for q in new if q not in old], [q for q in old if q not in new], created)


def plan_add(store: ox.Store, graph, triples) -> Change:
    """Graph Store POST: the given triples are merged into the graph."""
    new = dict.fromkeys(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
    created = [graph] if isinstance(graph, ox.NamedNode) and graph not in set(store.named_graphs()) else []
    return Change([q for q in new if q not in store], [], created)


def plan_delete(store: ox.Store, graph) -> Change:
    """Graph Store DELETE: the graph is emptied, and a named graph is gone."""
    return Change([], list(store.quads_for_pattern(None, None, None, graph)), [],
                  [graph] if isinstance(graph, ox.NamedNode) else [])


def with_union(store: ox.Store, change: Change, outside_union: set[str]) -> Change:
    """Add the change's effect on the default graph, which holds the union of the named graphs (except
    the graphs in outside_union, such as the write log). The change itself must not name the default graph."""
    if any(isinstance(q.graph_name, ox.DefaultGraph) for q in change.added + change.removed):
        raise ChangeRejected("the default graph is the union of the named graphs: write to a named graph")
    counted = [q for q in change.added if q.graph_name.value not in outside_union]
    removed_named = {q for q in change.removed if q.graph_name.value not in outside_union}
    added = list(change.added)
    added_triples = set()
    for q in counted:
        triple = ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
        added_triples.add(triple)
        if triple not in store:
            added.append(triple)
    removed = list(change.removed)
    for q in removed_named:
        triple = ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
        if triple in added_triples:
            continue
        still = any(other not in removed_named and other.graph_name.value not in outside_union
                    for other in store.quads_for_pattern(q.subject, q.predicate, q.object)
                    if isinstance(other.graph_name, ox.NamedNode))
        if not still:
            removed.append(triple)
    return Change(list(dict.fromkeys(added)), list(dict.fromkeys(removed)), change.created, change.dropped)


def apply(store: ox.Store, change: Change) -> None:
    for q in change.removed:
        store.remove(q)
    store.extend(change.added)
    for name in change.dropped:
        store.remove_graph(name)
    for name in change.created:
        store.add_graph(name)
