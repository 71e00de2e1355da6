"""Assembling the store a configuration asks for: a remote SPARQL store, or the embedded one loaded with the
built GER graph, the --data files and, on request, their OWL 2 RL inferences."""

from __future__ import annotations

from gerkg.config import Config
from gerkg.namespaces import Base
from gerkg.release import build, sources
from gerkg.store.store import EmbeddedStore, RemoteStore


def open_store(config: Config):
    """The store a configuration asks for: remote if a query URL is set, else embedded and built here."""
    if config.remote:
        return RemoteStore(config.remote_query_url, config.remote_update_url, config.remote_gsp_url,
                           config.remote_user, config.remote_password, config.remote_token,
                           timeout=config.query_timeout)
    files = []
    if config.include_ger:
        result = build.build(config.root, Base(config.base), config.cache_dir)
        files.append(result.path)
    files += list(config.data_files)
    # Writes (new, or journaled by earlier runs) keep the union up to date triple by triple: such a store
    # stores its union.
    writes = bool(config.tokens or config.tokens_file) or config.journal_path.exists()
    store = EmbeddedStore.from_files(files, union=config.union_default_graph, materialise=writes)
    if config.data_reasoning and config.data_files:
        add_inferences(store, config)
    return store


def add_inferences(store: EmbeddedStore, config: Config) -> None:
    """OWL 2 RL over the GER graph, the ontology and the --data files together (alignments included), into
    the inferred graph and the union default graph."""
    import pyoxigraph as ox
    from rdflib import Graph

    from gerkg.release import reasoning
    from gerkg.store.terms import from_ox, to_ox
    asserted = Graph()  # everything loaded; GER's own inferences in it change nothing in the closure
    for q in store.store.quads_for_pattern(None, None, None):
        asserted.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    if not config.include_ger:
        for path in sources.ontology_files(config.root):
            asserted.parse(path, format="turtle")
    inferred, _ = reasoning.inferred_triples(asserted)
    graph = ox.NamedNode(Base(config.base).inferred_graph)
    quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph) for s, p, o in inferred]
    if config.union_default_graph and not store.union_at_query_time:
        quads += [ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads]
    store.store.bulk_extend(quads)
