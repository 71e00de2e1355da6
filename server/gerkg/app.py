"""The application factory: create_app(config) wires one store into the blueprints."""

from __future__ import annotations

import logging
import re
import time

from flask import Flask, current_app

from . import build
from .config import Config
from .namespaces import Base
from .store import EmbeddedStore, RemoteStore
from .timeouts import Watchdog

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
    return EmbeddedStore.from_files(files, union=config.union_default_graph)


class Service:
    """What one running service holds; reached from views as service()."""

    def __init__(self, config: Config, store):
        self.config = config
        self.store = store
        self.base = Base(config.base)
        self.watchdog = Watchdog()
        self.prefixes = read_prefixes(config, self.base)
        self.started = time.time()


def service() -> Service:
    return current_app.extensions["gerkg"]


def create_app(config: Config | None = None, store=None) -> Flask:
    config = config or Config.from_env()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = config.max_body
    app.extensions["gerkg"] = Service(config, store if store is not None else open_store(config))

    from . import describe, linkeddata, ops, protocol, ui
    app.register_blueprint(protocol.bp)
    app.register_blueprint(describe.bp)
    app.register_blueprint(linkeddata.bp)
    app.register_blueprint(ui.bp)
    app.register_blueprint(ops.bp)
    ops.install_metrics(app)
    return app
