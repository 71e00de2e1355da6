"""Controlled writes over HTTP: SPARQL 1.1 Update at /update, the Graph Store HTTP Protocol at /store.

Every write is planned as an exact change (changes.py), checked against the provider's graphs and
validated against the shapes on the state it would produce, all outside the global lock and under the
write's own time budget; then, under the lock, it is journaled durably and applied, unless another write
was committed meanwhile, in which case it is planned again. An invalid write is a 422 with the SHACL
report and leaves no trace.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from contextlib import nullcontext
from urllib.parse import urljoin

import pyoxigraph as ox
from flask import Blueprint, Response, jsonify, request, url_for

from gerkg.http.auth import provider_for
from gerkg.http.cors import add_cors
from gerkg.http.errors import ClientError
from gerkg.http.ops import METRICS
from gerkg.http.timeouts import raw_http_response
from gerkg.http.validate_view import report_response
from gerkg.namespaces import ONTOLOGY_IRI, writable_iri
from gerkg.service import service
from gerkg.sparql import formats, results
from gerkg.sparql.inputs import InputError, format_for, parse_bytes
from gerkg.sparql.sparql_text import QueryRefused, RemoteAccessDenied, analyse, check_remote
from gerkg.sparql.update_text import (
    REFUSED,
    DatasetConflict,
    clear_never_fails,
    inserts_data_only,
    with_dataset,
    without_refused_loads,
)
from gerkg.store import changes

bp = Blueprint("writes", __name__)

GER = ONTOLOGY_IRI + "#"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
# What the service's own audit entries say; providers cannot write it, so no entry can be forged.
AUDIT_TYPES = {GER + "Write"}
AUDIT_PREDICATES = {GER + "operation", GER + "triplesAdded", GER + "triplesRemoved", GER + "changedGraph"}


class Invalid(Exception):
    def __init__(self, report):
        self.report = report


# ---- who writes, and where ------------------------------------------------------------------------------

def _provider():
    svc = service()
    if not svc.writable:
        raise ClientError("this service does not accept writes: it serves a remote store", 403)
    if not svc.tokens:
        raise ClientError("writes are not enabled on this server: no data provider tokens are configured "
                          "(GER_TOKENS or GER_TOKENS_FILE)", 403)
    provider = provider_for(request.headers.get("Authorization"), svc.tokens)
    if provider is None:
        raise ClientError("a write needs a data provider's token: send 'Authorization: Bearer <token>'", 401,
                          {"WWW-Authenticate": 'Bearer realm="GER-KG"'})
    return provider


def _check_ownership(svc, provider, change: changes.Change) -> None:
    refused = [g for g in change.graphs if not svc.may_write(provider, g)]
    if refused:
        listed = ", ".join(f"<{g}>" for g in refused[:5]) + (" ..." if len(refused) > 5 else "")
        mine = " or ".join(f"<{p}…>" for p in svc.writable_prefixes(provider))
        raise ClientError(
            f"provider '{provider.name}' may not write to {listed}. It may write the graphs {mine}; its writes "
            f"to the default graph land in <{svc.own_graph(provider)}>. The document graphs, the ontology, the "
            "inferred graph, the log and other providers' graphs are not writable.", 403)


def _check_audit(svc, change: changes.Change) -> None:
    write_space = svc.base.iri("write/")
    for q in change.added:
        if q.predicate.value in AUDIT_PREDICATES or (q.predicate.value == RDF_TYPE and q.object.value in AUDIT_TYPES) \
                or (isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(write_space)):
            raise ClientError(f"{q}: the audit vocabulary (ger:Write and the statements of the write log) is "
                              f"written by the service only, in <{svc.base.log_graph}>", 403)


def _log_quads(svc, provider: str, operation: str, change: changes.Change, started: dt.datetime) -> list[ox.Quad]:
    """A PROV-O record of the write, for the log graph."""
    log = ox.NamedNode(svc.base.log_graph)
    write = ox.NamedNode(svc.base.iri(f"write/{uuid.uuid4()}"))
    agent = ox.NamedNode(svc.base.iri(f"provider/{provider}"))
    ended = dt.datetime.now(dt.timezone.utc)
    named = change.named()
    t = ox.NamedNode
    lit = lambda v, d: ox.Literal(str(v), datatype=ox.NamedNode(XSD + d))  # noqa: E731
    quads = [
        (write, t(RDF_TYPE), t(GER + "Write")),
        (write, t(RDFS_LABEL), ox.Literal(f"{operation} by {provider} at {ended.isoformat(timespec='seconds')}",
                                          language="en")),
        (write, t(PROV + "wasAssociatedWith"), agent),
        (write, t(PROV + "startedAtTime"), lit(started.isoformat(), "dateTime")),
        (write, t(PROV + "endedAtTime"), lit(ended.isoformat(), "dateTime")),
        (write, t(GER + "operation"), ox.Literal(operation)),
        (write, t(GER + "triplesAdded"), lit(len(named.added), "nonNegativeInteger")),
        (write, t(GER + "triplesRemoved"), lit(len(named.removed), "nonNegativeInteger")),
        (agent, t(RDF_TYPE), t(GER + "DataProvider")),
        (agent, t(RDFS_LABEL), ox.Literal(provider)),
    ] + [(write, t(GER + "changedGraph"), ox.NamedNode(g)) for g in named.graphs]
    return [ox.Quad(s, p, o, log) for s, p, o in quads]


# ---- planning, validating, committing --------------------------------------------------------------------

def _prepare(svc, provider, plan) -> changes.Change:
    """The exact change, in the provider's graphs, with its effect on the union default graph."""
    store = svc.store.store
    change = plan(store)
    if svc.config.plain_store:
        return change
    change = changes.into_graph(store, change, ox.NamedNode(svc.own_graph(provider)))
    _check_ownership(svc, provider, change)
    _check_audit(svc, change)
    if svc.keeps_union:
        change = changes.with_union(store, change, outside_union={svc.base.log_graph})
    report = svc.validator_report(store, change)
    if not report.conforms:
        METRICS.writes.labels("invalid").inc()
        raise Invalid(report)
    return change


def _budget(svc):
    """The write's own time budget: past it, the worker answers 503 and is replaced, which stops the planning
    for real. The lock is not held meanwhile, so no other write waits for this one."""
    socket = request.environ.get("gunicorn.socket")
    if socket is None:
        return nullcontext()
    seconds = svc.config.write_timeout

    def on_expire():
        METRICS.timeouts.inc()
        socket.sendall(raw_http_response(
            "503 Service Unavailable", f"The write ran past this server's limit of {seconds:g} s for planning and "
            "validating a write, and was stopped; nothing was written. Split it into smaller writes.",
            {"Access-Control-Allow-Origin": "*", "Retry-After": "0"}))
    return svc.watchdog.guard(seconds, on_expire)


def commit(plan, operation: str) -> dict:
    """Plan and validate outside the lock; journal and apply under it if no write came in between."""
    svc = service()
    provider = _provider()
    started = dt.datetime.now(dt.timezone.utc)
    deadline = time.monotonic() + svc.config.write_timeout
    while True:
        svc.catch_up()
        generation = svc.generation
        with _budget(svc):
            change = _prepare(svc, provider, plan)
        if not change:
            return {"added": 0, "removed": 0, "graphs": []}
        with svc.journal.locked():
            svc.catch_up()
            if svc.generation == generation:
                log = [] if svc.config.plain_store else _log_quads(svc, provider.name, operation, change, started)
                final = changes.Change(change.added + log, change.removed, change.created, change.dropped)
                svc.journal.append({"time": started.isoformat(), "provider": provider.name,
                                    "operation": operation, **final.to_record()})
                changes.apply(svc.store.store, final)
                svc.generation += 1
                break
        if time.monotonic() > deadline:
            raise ClientError("the write could not be committed: other writes kept changing the graphs it "
                              f"reads for {svc.config.write_timeout:g} s. Try again.", 503, {"Retry-After": "1"})
    METRICS.writes.labels("accepted").inc()
    named = change if svc.config.plain_store else change.named()  # not the union's share: it follows
    outcome = {"added": len(named.added), "removed": len(named.removed), "graphs": named.graphs}
    if log:
        outcome["write"] = log[0].subject.value
    return outcome


# ---- SPARQL 1.1 Update ------------------------------------------------------------------------------------

def _update_request() -> tuple[str, list[str], list[str]]:
    """The update text and the protocol's dataset, from a form or a direct POST."""
    if request.mimetype == "application/sparql-update":
        params = request.args
        try:
            text = _body().decode("utf-8")
        except UnicodeDecodeError:
            raise ClientError("the update body is not UTF-8") from None
    elif request.mimetype == "application/x-www-form-urlencoded":
        params = request.form
        updates = request.form.getlist("update")
        if len(updates) != 1:
            raise ClientError("give the update once, in the 'update' form field" if updates else "no update given")
        text = updates[0]
    else:
        raise ClientError("send the update as application/sparql-update or as the 'update' form field", 415)
    if "query" in params:
        raise ClientError("this is the update endpoint; send queries to /sparql")
    return text, params.getlist("using-graph-uri"), params.getlist("using-named-graph-uri")


@bp.route("/update", methods=["POST", "OPTIONS"])
def update():
    if request.method == "OPTIONS":
        return Response(status=204)
    _provider()
    text, using, using_named = _update_request()
    try:
        received = analyse(text)
    except QueryRefused as exc:
        raise ClientError(str(exc)) from None
    if received.form not in ("UPDATE", None):
        raise ClientError("this is the update endpoint; send queries to /sparql")
    allowed = service().config.remote_allowlist
    # Decided and run on one reading (sparql_text): the canonical text, edited, analysed again for SERVICE.
    canonical, refused_loads = without_refused_loads(received.text, allowed)
    try:
        canonical = clear_never_fails(with_dataset(canonical, using, using_named))
        final = analyse(canonical)
        check_remote((r for r in final.remote if r != REFUSED), allowed)
    except RemoteAccessDenied as exc:
        raise ClientError(str(exc), 403) from None
    except (DatasetConflict, QueryRefused) as exc:
        raise ClientError(str(exc)) from None
    text = final.text

    def at_received(exc) -> str:  # an engine message, its position moved back to the text received
        return received.error_position(final.error_position(str(exc)))

    base = request.base_url
    data_only = inserts_data_only(text)  # then planned on an empty store below, which checks the syntax too
    try:  # the syntax first, on an empty store (cheap): a syntax error is a 400 whatever the update asks
        if not data_only:
            with _budget(service()):
                ox.Store().update(text, base_iri=base)
    except SyntaxError as exc:
        raise ClientError(f"SPARQL Update error: {at_received(exc)}") from None
    except (OSError, ValueError, RuntimeError):
        pass  # an error of the evaluation on an empty store: the planning below finds what it is on ours
    if refused_loads:
        try:
            check_remote(refused_loads, allowed)
        except RemoteAccessDenied as exc:
            raise ClientError(str(exc), 403) from None

    def plan(store):
        try:
            return changes.plan_update(store, text, base_iri=base, inserts_data_only=data_only)
        except SyntaxError as exc:
            raise ClientError(f"SPARQL Update error: {at_received(exc)}") from None
        except (OSError, ValueError, RuntimeError) as exc:  # a LOAD that failed, CREATE of an existing graph...
            raise ClientError(f"the update cannot be applied to the store as it is: {exc}", 409) from None

    return jsonify(commit(plan, "SPARQL Update"))


# ---- the Graph Store HTTP Protocol -------------------------------------------------------------------------

def _check_size() -> None:
    limit = service().config.max_body
    if (request.content_length or 0) > limit:
        raise ClientError(f"the body is larger than this server's limit of {limit} bytes; nothing was written", 413)


def _body() -> bytes:
    _check_size()
    return request.get_data(cache=False)


def _documents() -> list[tuple[str | None, bytes, str]]:
    """The RDF documents of a request, each with its media type (or file name) and what to call it in an
    error: the body, or every part of a multipart/form-data POST, whose graphs the protocol merges."""
    if request.mimetype != "multipart/form-data":
        return [(request.mimetype, _body(), "the request body")]
    if request.method != "POST":
        raise ClientError("multipart/form-data is for POST, which merges its parts; a PUT takes one document", 415)
    _check_size()
    parts = [part for _, part in request.files.items(multi=True)]
    if not parts:
        raise ClientError("the multipart/form-data body holds no file part")
    return [(part.mimetype if part.mimetype not in ("", "application/octet-stream") else
             (part.filename or "").rpartition(".")[2], part.read(), f"the part '{part.filename or part.name}'")
            for part in parts]


def _body_triples(base: str):
    triples = []
    for media, data, source in _documents():
        fmt = format_for(media)
        if fmt is None:
            raise ClientError(f"unsupported content type '{media or 'none'}' ({source}): send Turtle, N-Triples, "
                              "N-Quads, TriG, JSON-LD or RDF/XML with its media type", 415)
        try:
            quads = parse_bytes(data, fmt, source=source, base=base)
        except InputError as exc:
            raise ClientError(str(exc)) from None
        if fmt.supports_datasets and any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
            raise ClientError("the Graph Store Protocol takes one graph: send triples, not named graphs")
        triples += [q.triple for q in quads]
    return triples


def _target(path: str | None):
    """The graph a request is about: a NamedNode (?graph=<iri>, or the request's own URL under /store/),
    DefaultGraph (?default), or None (the graph store itself)."""
    graph = request.args.get("graph")
    if sum(map(bool, (path, graph is not None, "default" in request.args))) > 1:
        raise ClientError("name one graph: ?graph=<iri>, ?default, or the graph's own URL")
    if path:
        return ox.NamedNode(request.base_url)
    if "default" in request.args:
        return ox.DefaultGraph()
    if graph is None:
        return None
    graph = urljoin(request.base_url, graph)
    if not writable_iri(graph):
        raise ClientError(f"not an IRI: {graph!r}")
    return ox.NamedNode(graph)


def _exists(svc, graph) -> bool:
    if isinstance(graph, ox.DefaultGraph):
        return next(iter(svc.store.default_graph_quads()), None) is not None
    return graph.value in svc.store.named_graphs()


@bp.route("/store", methods=["GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS"])
@bp.route("/store/<path:path>", methods=["GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS"])
def graph_store(path=None):
    if request.method == "OPTIONS":
        return Response(status=204)
    svc = service()
    graph = _target(path)
    if request.method in ("GET", "HEAD"):
        if graph is None:
            raise ClientError("name the graph: ?graph=<iri>, or ?default for the default graph")
        try:
            fmt = formats.negotiate(formats.GRAPH_FORMATS, request.headers.get("Accept"), request.args.get("format"))
        except formats.NotAcceptable as exc:
            raise ClientError(str(exc), 406) from None
        if not _exists(svc, graph) and not isinstance(graph, ox.DefaultGraph):
            raise ClientError(f"no graph <{graph.value}> in this store", 404)
        quads = svc.store.default_graph_quads() if isinstance(graph, ox.DefaultGraph) else svc.store.quads(graph.value)
        out = results.graph((q.triple for q in quads), fmt, prefixes=svc.prefixes)
        return Response(out.body, content_type=fmt.content_type)  # werkzeug sends no body for HEAD
    provider = _provider()
    location = None
    if graph is None:
        if request.method != "POST":
            raise ClientError("name the graph: ?graph=<iri>, ?default, or the graph's own URL", 400)
        new = uuid.uuid4().hex
        if svc.config.plain_store:
            graph = ox.NamedNode(url_for("writes.graph_store", path=new, _external=True))
            location = graph.value
        else:
            graph = ox.NamedNode(svc.base.iri(f"graph/{provider.name}/{new}"))
            location = url_for("writes.graph_store", graph=graph.value, _external=True)
    if isinstance(graph, ox.DefaultGraph) and not svc.config.plain_store:
        graph = ox.NamedNode(svc.own_graph(provider))  # the union is not written: the provider's default is
    existed = _exists(svc, graph)
    if request.method == "DELETE":
        if not existed and isinstance(graph, ox.NamedNode):
            raise ClientError(f"no graph <{graph.value}> in this store", 404)
        return jsonify(commit(lambda store: changes.plan_delete(store, graph), "Graph Store DELETE"))
    triples = _body_triples(graph.value if isinstance(graph, ox.NamedNode) else request.base_url)
    if request.method == "PUT":
        outcome = commit(lambda store: changes.plan_replace(store, graph, triples), "Graph Store PUT")
    else:
        outcome = commit(lambda store: changes.plan_add(store, graph, triples), "Graph Store POST")
    response = jsonify(outcome)
    # 201 when new graph content was created (GSP 5.4); an empty new graph is 200, as the W3C tests have it
    response.status_code = 201 if not existed and triples else 200
    if location:
        response.headers["Location"] = location
    return response


@bp.after_request
def _cors(response):
    return add_cors(response, "GET, HEAD, POST, PUT, DELETE, OPTIONS")


@bp.errorhandler(ClientError)
def _client_error(exc):
    METRICS.writes.labels("refused").inc()
    return add_cors(exc.response())


@bp.errorhandler(Invalid)
def _invalid(exc):
    return add_cors(report_response(exc.report.graph, 422, False))
