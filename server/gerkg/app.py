"""The application factory: create_app(config) wires one store into the blueprints."""

from __future__ import annotations

import logging
import re
import time

from flask import Flask, current_app

from . import auth, build, sources
from .changes import Change, apply
from .config import Config
from .journal import Journal
from .namespaces import Base
from .store import EmbeddedStore, RemoteStore
from .timeouts import Watchdog
from .validation import Validator, default_graph

log = logging.getLogger("gerkg")


def read_prefixes(config: Config, base: Base) -> dict[str, str]:
    """The prefixes the curators use (graph/prefixes.ttl.txt), for readable Turtle and query examples."""
    path = config.root / "graph" / "prefixes.ttl.txt"
    found = re.findall(r"@prefix\s+([\w-]*):\s*<([^>]*)>", path.read_text()) if path.exists() else []
    return {name: base.rebase(iri) for name, iri in found}


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

    from . import reasoning
    from .terms import from_ox, to_ox
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


class Service:
    """What one running service holds; reached from views as service()."""

    def __init__(self, config: Config, store):
        self.config = config
        self.store = store
        self.base = Base(config.base)
        self.watchdog = Watchdog()
        self.prefixes = read_prefixes(config, self.base)
        self.started = time.time()
        self.tokens = auth.load_tokens(config.tokens, config.tokens_file)
        self.validator = Validator(sources.shape_files(config.root), sources.ontology_files(config.root))
        self.generation = 0  # writes applied by this process
        self._context = (None, -1)
        # A journal when writes may come, or when earlier runs accepted some: those are served, tokens or not.
        journaled = self.writable and (self.tokens or config.journal_path.exists())
        self.journal = Journal(config.journal_path) if journaled else None
        self.catch_up()

    @property
    def writable(self) -> bool:
        """Controlled writes need the embedded store with its union default graph."""
        return not self.config.remote and self.config.union_default_graph

    def catch_up(self) -> None:
        """Apply the writes that other worker processes (or earlier runs) have journaled."""
        if self.journal is None or not self.journal.has_news():
            return
        for record in self.journal.read_new():
            apply(self.store.store, Change.from_record(record))
            self.generation += 1

    def validator_report(self, store, change):
        """Validate the state a change would produce, on the nodes it can have affected."""
        from .validation import validate_change
        return validate_change(store, change, self.validator.shapes, self.validator.ontology)

    def context_graph(self):
        """The served graph (the default graph, with accepted writes) as rdflib, for validating with it."""
        graph, generation = self._context
        if generation != self.generation:
            graph = default_graph(self.store.quads())
            self._context = (graph, self.generation)
        return graph


def service() -> Service:
    return current_app.extensions["gerkg"]


def create_app(config: Config | None = None, store=None) -> Flask:
    config = config or Config.from_env()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = config.max_body
    app.extensions["gerkg"] = Service(config, store if store is not None else open_store(config))

    from . import describe, linkeddata, ops, protocol, ui, writes
    app.register_blueprint(protocol.bp)
    app.register_blueprint(describe.bp)
    app.register_blueprint(writes.bp)
    app.register_blueprint(linkeddata.bp)
    app.register_blueprint(ui.bp)
    app.register_blueprint(ops.bp)
    ops.install_metrics(app)

    @app.before_request
    def _see_other_workers_writes():
        service().catch_up()
    return app
