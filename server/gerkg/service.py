"""What one running service holds (configuration, store, validator, journal), reached from views as
service(). The blueprints import it from here; the factory in app.py only wires."""

from __future__ import annotations

import re
import time

from flask import current_app

from gerkg.config import Config
from gerkg.http import auth
from gerkg.http.timeouts import Watchdog
from gerkg.namespaces import Base
from gerkg.release import sources
from gerkg.shacl.validation import Validator, default_graph
from gerkg.store.changes import Change, apply
from gerkg.store.journal import Journal


def read_prefixes(config: Config, base: Base) -> dict[str, str]:
    """The prefixes the curators use (graph/prefixes.ttl.txt), for readable Turtle and query examples."""
    path = config.root / "graph" / "prefixes.ttl.txt"
    found = re.findall(r"@prefix\s+([\w-]*):\s*<([^>]*)>", path.read_text()) if path.exists() else []
    return {name: base.rebase(iri) for name, iri in found}


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
        # The graphs loaded from files (documents, ontology, inferences, --data) are never writable by providers.
        self.reserved = set() if config.plain_store or config.remote else \
            set(store.named_graphs()) | {self.base.log_graph, self.base.inferred_graph}
        # A journal when writes may come, or when earlier runs accepted some: those are served, tokens or not.
        journaled = self.writable and (self.tokens or config.journal_path.exists())
        self.journal = Journal(config.journal_path) if journaled else None
        self.catch_up()

    @property
    def writable(self) -> bool:
        """Controlled writes need the embedded store."""
        return not self.config.remote

    @property
    def keeps_union(self) -> bool:
        """Writes keep the stored default graph the union of the named graphs (not in a plain store)."""
        return self.config.union_default_graph and not self.config.plain_store

    def own_graph(self, provider: auth.Provider) -> str:
        """Where a provider's writes to the default graph land (in a plain store: the default graph)."""
        return self.base.iri(f"graph/{provider.name}/default")

    def writable_prefixes(self, provider: auth.Provider) -> tuple[str, ...]:
        return (self.base.iri(f"graph/{provider.name}/"),) + provider.prefixes

    def may_write(self, provider: auth.Provider, graph: str) -> bool:
        if self.config.plain_store:
            return True
        return graph not in self.reserved and graph.startswith(self.writable_prefixes(provider))

    def catch_up(self) -> None:
        """Apply the writes that other worker processes (or earlier runs) have journaled."""
        if self.journal is None or not self.journal.has_news():
            return
        for record in self.journal.read_new():
            apply(self.store.store, Change.from_record(record))
            self.generation += 1

    def validator_report(self, store, change):
        """Validate the state a change would produce, on the nodes it can have affected."""
        from gerkg.shacl.validation import validate_change
        return validate_change(store, change, self.validator)

    def context_graph(self):
        """The served graph (the default graph, with accepted writes) as rdflib, for validating with it."""
        graph, generation = self._context
        if generation != self.generation:
            graph = default_graph(self.store.default_graph_quads())
            self._context = (graph, self.generation)
        return graph


def service() -> Service:
    return current_app.extensions["gerkg"]
