"""POST /validate: SHACL validation of the RDF in a request body, open to anyone; the report by Accept."""

from __future__ import annotations

from flask import Blueprint, Response, request
from rdflib import Graph

from gerkg.http.cors import add_cors
from gerkg.http.errors import ClientError
from gerkg.service import service
from gerkg.shacl import reports
from gerkg.shacl.validation import GraphContext, StoreContext
from gerkg.sparql import formats
from gerkg.sparql.inputs import InputError, format_for, parse_bytes
from gerkg.store.terms import from_ox

bp = Blueprint("validate", __name__)

REPORT_FORMATS = (
    formats.Format("json", "application/json"),
    formats.Format("ttl", "text/turtle"),
    formats.Format("jsonld", "application/ld+json"),
    formats.Format("html", "text/html"),
    formats.Format("txt", "text/plain"),
)


def report_response(report_graph, status: int, conforms: bool) -> Response:
    try:
        fmt = formats.negotiate(REPORT_FORMATS, request.headers.get("Accept"), request.args.get("format"))
    except formats.NotAcceptable as exc:
        raise ClientError(str(exc), 406) from None
    if fmt.name == "json":
        body = reports.render_json(report_graph)
    elif fmt.name == "ttl":
        body = report_graph.serialize(format="turtle")
    elif fmt.name == "jsonld":
        body = report_graph.serialize(format="json-ld")
    elif fmt.name == "html":
        body = reports.render_html(report_graph)
    else:
        body = reports.render_text(report_graph)
    response = Response(body, status=status, content_type=fmt.content_type)
    response.headers["X-SHACL-Conforms"] = "true" if conforms else "false"
    response.headers["Vary"] = "Accept"
    return response


def context(svc):
    """The served graph, as validation reads it: node by node from the embedded store, or a copy of a
    remote store's data."""
    if svc.config.remote:
        return GraphContext(svc.context_graph())
    return StoreContext(svc.store.store, union=svc.store.union_at_query_time)


@bp.route("/validate", methods=["POST", "OPTIONS"])
def validate():
    """Validate the RDF in the body, with the served graph unless ?ger=false; the report by Accept."""
    if request.method == "OPTIONS":
        return Response(status=204)
    svc = service()
    fmt = format_for(request.mimetype)
    if fmt is None:
        raise ClientError(f"unsupported content type '{request.mimetype or 'none'}': send Turtle, N-Triples, "
                          "N-Quads, TriG, JSON-LD or RDF/XML with its media type", 415)
    try:
        quads = parse_bytes(request.get_data(cache=False), fmt)
    except InputError as exc:
        raise ClientError(str(exc)) from None
    data = Graph()
    for q in quads:
        data.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    if len(data) > svc.config.validate_max_triples:
        raise ClientError(f"the document holds {len(data)} triples; /validate checks at most "
                          f"{svc.config.validate_max_triples} at once: split it, or validate it on your own "
                          "machine with `ger validate`", 413)
    alone = request.args.get("ger", "true").lower() in ("false", "0", "no")
    report = svc.validator.check(data, context=None if alone else context(svc))
    return report_response(report.graph, 200, report.conforms)



@bp.after_request
def _cors(response):
    return add_cors(response, "POST, OPTIONS")
