"""Controlled writes over HTTP: SPARQL 1.1 Update at /update, the Graph Store HTTP Protocol at /store.

Every write is planned as an exact change, validated against the shapes on the state it would produce,
journaled durably, and only then applied and acknowledged. An invalid write is a 422 with the SHACL
report and leaves the store as it was.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pyoxigraph as ox
from flask import Blueprint, Response, jsonify, request

from . import changes, formats, results
from .service import service
from .auth import provider_for
from .cors import add_cors
from .errors import ClientError
from .inputs import InputError, format_for, parse_bytes
from .ops import METRICS
from .sparql_text import RemoteAccessDenied, analyse, check_remote
from .validate_view import report_response

bp = Blueprint("writes", __name__)

GER = "https://w3id.org/ger-kg/ontology#"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"

class Invalid(Exception):
    def __init__(self, report):
        self.report = report


# ---- helpers ---------------------------------------------------------------------------------------------

def _provider() -> str:
    svc = service()
    if not svc.writable:
        raise ClientError("this service does not accept writes: it serves a remote store or a default graph "
                          "that is not the union of the named graphs", 403)
    if not svc.tokens:
        raise ClientError("writes are not enabled on this server: no data provider tokens are configured "
                          "(GER_TOKENS or GER_TOKENS_FILE)", 403)
    provider = provider_for(request.headers.get("Authorization"), svc.tokens)
    if provider is None:
        raise ClientError("a write needs a data provider's token: send 'Authorization: Bearer <token>'", 401,
                          {"WWW-Authenticate": 'Bearer realm="GER-KG"'})
    return provider


def _log_quads(svc, provider: str, operation: str, change: changes.Change, started: dt.datetime) -> list[ox.Quad]:
    """A PROV-O record of the write, for the log graph."""
    log = ox.NamedNode(svc.base.log_graph)
    write = ox.NamedNode(svc.base.iri(f"write/{uuid.uuid4()}"))
    agent = ox.NamedNode(svc.base.iri(f"provider/{provider}"))
    ended = dt.datetime.now(dt.timezone.utc)
    named = change.named()
    t = lambda p: ox.NamedNode(p)  # noqa: E731
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


def commit(plan, operation: str) -> dict:
    """Plan, validate, journal and apply one write, under the journal's lock."""
    svc = service()
    provider = _provider()
    started = dt.datetime.now(dt.timezone.utc)
    store = svc.store.store
    with svc.journal.locked():
        svc.catch_up()
        try:
            change = changes.with_union(store, plan(store), outside_union={svc.base.log_graph})
        except changes.ChangeRejected as exc:
            raise ClientError(str(exc)) from None
        if any(g in (svc.base.log_graph, svc.base.inferred_graph) for g in change.graphs):
            raise ClientError("the log and inferred graphs are kept by the service and cannot be written to", 403)
        named = change.named()
        if not named.added and not named.removed:
            return {"added": 0, "removed": 0, "graphs": []}
        report = svc.validator_report(store, change)
        if not report.conforms:
            METRICS.writes.labels("invalid").inc()
            raise Invalid(report)
        log = _log_quads(svc, provider, operation, change, started)
        final = changes.Change(change.added + log, change.removed)
        svc.journal.append({"time": started.isoformat(), "provider": provider, "operation": operation,
                            **final.to_record()})
        changes.apply(store, final)
        svc.generation += 1
    METRICS.writes.labels("accepted").inc()
    return {"added": len(named.added), "removed": len(named.removed), "graphs": named.graphs,
            "write": log[0].subject.value}


def _body_triples(graph_name: str | None):
    media = request.mimetype
    fmt = format_for(media)
    if fmt is None:
        raise ClientError(f"unsupported content type '{media or 'none'}': send Turtle, N-Triples, N-Quads, TriG, "
                          "JSON-LD or RDF/XML with its media type", 415)
    try:
        quads = parse_bytes(request.get_data(cache=False), fmt, base=graph_name)
    except InputError as exc:
        raise ClientError(str(exc)) from None
    if fmt.supports_datasets and any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
        raise ClientError("the Graph Store Protocol takes one graph: send triples, not named graphs")
    return [q.triple for q in quads]


def _target_graph() -> str | None:
    """?graph=<iri> names a graph; ?default is the default graph; one of them is required."""
    graph = request.args.get("graph")
    if graph and "default" in request.args:
        raise ClientError("give either ?graph=<iri> or ?default, not both")
    if not graph and "default" not in request.args:
        raise ClientError("name the graph: ?graph=<iri>, or ?default for the default graph")
    if graph and (":" not in graph or any(c in graph for c in '<>"{}|^`\\ ')):
        raise ClientError(f"not an absolute IRI: {graph!r}")
    return graph


# ---- endpoints -------------------------------------------------------------------------------------------

@bp.route("/update", methods=["POST", "OPTIONS"])
def update():
    if request.method == "OPTIONS":
        return Response(status=204)
    if request.mimetype == "application/sparql-update":
        try:
            text = request.get_data(cache=False).decode("utf-8")
        except UnicodeDecodeError:
            raise ClientError("the update body is not UTF-8") from None
    elif request.mimetype == "application/x-www-form-urlencoded":
        text = request.form.get("update")
    else:
        raise ClientError("send the update as application/sparql-update or as the 'update' form field", 415)
    if not text or not text.strip():
        raise ClientError("no update given")
    _provider()
    analysis = analyse(text)
    if analysis.form not in ("UPDATE", None):
        raise ClientError("this is the update endpoint; send queries to /sparql")
    try:
        check_remote(analysis, service().config.remote_allowlist)
    except RemoteAccessDenied as exc:
        raise ClientError(str(exc), 403) from None

    def plan(store):
        try:
            return changes.plan_update(store, text)
        except Exception as exc:  # rdflib's parser raises pyparsing and other errors; all are the user's
            raise ClientError(f"SPARQL Update error: {exc}") from None

    return jsonify(commit(plan, "SPARQL Update"))


@bp.route("/store", methods=["GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS"])
def graph_store():
    if request.method == "OPTIONS":
        return Response(status=204)
    svc = service()
    graph = _target_graph()
    if request.method in ("GET", "HEAD"):
        try:
            fmt = formats.negotiate(formats.GRAPH_FORMATS, request.headers.get("Accept"), request.args.get("format"))
        except formats.NotAcceptable as exc:
            raise ClientError(str(exc), 406) from None
        if graph is None:
            quads = svc.store.default_graph_quads()
        else:
            if graph not in svc.store.named_graphs():
                raise ClientError(f"no graph <{graph}> in this store", 404)
            quads = svc.store.quads(graph)
        out = results.graph((q.triple for q in quads), fmt, prefixes=svc.prefixes)
        return Response(out.body if request.method == "GET" else b"", content_type=fmt.content_type)
    if graph is None:
        raise ClientError("the default graph is the union of the named graphs and cannot be written to: "
                          "use ?graph=<iri>")
    if request.method == "DELETE":
        _provider()
        if graph not in svc.store.named_graphs():
            raise ClientError(f"no graph <{graph}> in this store", 404)
        return jsonify(commit(lambda store: changes.plan_delete(store, graph), "Graph Store DELETE"))
    _provider()
    triples = _body_triples(graph)
    existed = graph in svc.store.named_graphs()
    if request.method == "PUT":
        outcome = commit(lambda store: changes.plan_replace(store, graph, triples), "Graph Store PUT")
    else:
        outcome = commit(lambda store: changes.plan_add(store, graph, triples), "Graph Store POST")
    return jsonify(outcome), 200 if existed else 201


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
