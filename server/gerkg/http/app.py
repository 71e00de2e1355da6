"""The application factory: create_app(config) wires one store into the blueprints."""

from __future__ import annotations

from flask import Flask

from gerkg.config import Config
from gerkg.http import describe, ops, protocol, validate_view, writes
from gerkg.http.admission import Admission
from gerkg.http.body_limit import BodyLimit
from gerkg.http.cors import add_cors
from gerkg.http.errors import ClientError
from gerkg.pages import browse, cite, diff, linkeddata, roadmap, ui
from gerkg.service import Service, service
from gerkg.store.assembly import open_store
from gerkg.store.store import StoreError


def create_app(config: Config | None = None, store=None) -> Flask:
    config = config or Config.from_env()
    app = Flask(__name__, static_folder=None)  # the static files are the pages blueprint's (pages/static)
    app.config["MAX_CONTENT_LENGTH"] = config.max_body
    app.wsgi_app = BodyLimit(app.wsgi_app, config.max_body)
    app.extensions["gerkg"] = Service(config, store if store is not None else open_store(config))

    app.register_blueprint(protocol.bp)
    app.register_blueprint(describe.bp)
    app.register_blueprint(writes.bp)
    app.register_blueprint(validate_view.bp)
    app.register_blueprint(linkeddata.bp)
    app.register_blueprint(ui.bp)
    app.register_blueprint(roadmap.bp)
    app.register_blueprint(browse.bp)
    app.register_blueprint(diff.bp)
    app.register_blueprint(cite.bp)
    app.register_blueprint(ops.bp)
    ops.install_metrics(app)

    @app.errorhandler(ClientError)
    def _client_error(exc: ClientError):
        return add_cors(exc.response())

    @app.errorhandler(StoreError)
    def _store_error(exc: StoreError):  # a remote store that cannot be reached or answers nonsense
        return add_cors(ClientError(f"the store could not answer: {exc}", 502).response())

    @app.before_request
    def _see_other_workers_writes():
        service().catch_up()

    # Created here, before gunicorn forks the workers, so that they all share its slots.
    app.wsgi_app = Admission(app.wsgi_app, config, app.extensions["gerkg"].watchdog)
    return app
