"""The SPARQL 1.1 Protocol at /sparql, in one readable place: parse the request, pick the format,
evaluate under the deadline, send the result."""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import Blueprint, Response, redirect, request, url_for

from gerkg.http import describe
from gerkg.http.cors import add_cors
from gerkg.http.deepstack import run_with_deep_stack
from gerkg.http.errors import ClientError
from gerkg.http.ops import METRICS
from gerkg.http.timeouts import raw_http_response
from gerkg.service import service
from gerkg.sparql import formats, results
from gerkg.sparql.sparql_text import QueryRefused, RemoteAccessDenied, analyse, check_remote
from gerkg.store.store import QuerySyntaxError, StoreError

bp = Blueprint("protocol", __name__)

FORM_TYPE = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"


@dataclass
class SparqlRequest:
    query: str | None
    default_graphs: list[str] | None
    named_graphs: list[str] | None
    base_iri: str | None = None  # the endpoint's URL: relative IRIs in a query without BASE resolve against it


def _media_type() -> str:
    return (request.mimetype or "").lower()


def parse_request() -> SparqlRequest:
    """The three ways of the protocol: GET, POST form-encoded, POST application/sparql-query."""
    if request.method == "GET":
        params, query = request.args, request.args.get("query")
        if len(request.args.getlist("query")) > 1:
            raise ClientError("give the query parameter once")
    elif _media_type() == FORM_TYPE:
        params, query = request.form, request.form.get("query")
        if "update" in request.form:
            raise ClientError("this is the query endpoint; send updates to /update", 400)
    elif _media_type() == QUERY_TYPE:
        params = request.args
        try:
            query = request.get_data(cache=False).decode("utf-8")
        except UnicodeDecodeError:
            raise ClientError("the query body is not UTF-8") from None
    elif _media_type() == "application/sparql-update":
        raise ClientError("this is the query endpoint; send updates to /update")
    else:
        raise ClientError(f"a POST to /sparql must be {FORM_TYPE} or {QUERY_TYPE}, not "
                          f"'{request.mimetype or 'no content type'}'", 415)
    default = params.getlist("default-graph-uri") or None
    named = params.getlist("named-graph-uri") or None
    return SparqlRequest(query, default, named, request.base_url)


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"])
def sparql():
    if request.method == "OPTIONS":
        return Response(status=204)
    req = parse_request()
    if req.query is None:
        if request.method == "POST":
            raise ClientError("no query: give it in the 'query' parameter or as the body")
        # A browser that prefers HTML gets the query page; */* and RDF clients get the description.
        accept = request.headers.get("Accept")
        if accept and not request.args.get("format") and _prefers_html(accept):
            return redirect(url_for("ui.index"), 303)
        return describe.service_description_response()
    return run_query(req)


def _prefers_html(accept: str) -> bool:
    """Whether a client asking for no query wants the query page rather than the service description."""
    try:
        return formats.negotiate(formats.GRAPH_FORMATS + (formats.HTML,), accept) is formats.HTML
    except formats.NotAcceptable:  # results media types, say: the description answers with its own 406
        return False


def run_query(req: SparqlRequest) -> Response:
    svc = service()
    config = svc.config
    text = req.query
    if not text.strip():
        raise ClientError("the query is empty")
    try:
        analysis = analyse(text)
    except QueryRefused as exc:
        raise ClientError(str(exc)) from None
    if analysis.form == "UPDATE":
        raise ClientError("this is the query endpoint; send updates to /update")
    try:
        check_remote(analysis.remote, config.remote_allowlist)
    except RemoteAccessDenied as exc:
        raise ClientError(str(exc), 403) from None
    # An unrecognised form is left to the parser, whose message says where the text goes wrong.
    offered = formats.GRAPH_FORMATS if analysis.form in ("CONSTRUCT", "DESCRIBE") else formats.RESULT_FORMATS
    try:
        fmt = formats.negotiate(offered, request.headers.get("Accept"), request.values.get("format"))
    except formats.NotAcceptable as exc:
        raise ClientError(str(exc), 406) from None

    started = time.perf_counter()
    socket = request.environ.get("gunicorn.socket")

    def on_expire():
        METRICS.timeouts.inc()
        message = (f"Query timed out: it ran past this server's limit of {config.query_timeout:g} s and was "
                   "stopped. Narrow it (LIMIT, more selective patterns) or run it on your own copy of the data.")
        socket.sendall(raw_http_response("503 Service Unavailable", message,
                                         {"Access-Control-Allow-Origin": "*", "Retry-After": "0"}))

    try:
        if socket is not None and not config.remote:
            with svc.watchdog.guard(config.query_timeout, on_expire):
                out = run_with_deep_stack(evaluate, svc, req, fmt, analysis)
        else:
            out = run_with_deep_stack(evaluate, svc, req, fmt, analysis)
    except QuerySyntaxError as exc:
        raise ClientError(f"SPARQL syntax error: {analysis.error_position(str(exc))}") from None
    except (ValueError, RuntimeError) as exc:  # pyoxigraph: a term it cannot build, an unknown function
        if analysis.remote:  # or what an allowed SERVICE answered
            raise ClientError(f"a remote SERVICE failed or did not answer SPARQL results: {exc}", 502) from None
        raise ClientError(f"the query cannot be evaluated: {exc}") from None
    except TimeoutError as exc:
        METRICS.timeouts.inc()
        raise ClientError(f"Query timed out: {exc}", 503) from None
    except StoreError as exc:
        if analysis.remote:  # an allowed SERVICE or LOAD address failed or answered what is not SPARQL
            raise ClientError(f"a remote SERVICE failed: {exc}", 502) from None
        raise ClientError(f"the store failed: {exc}", 502 if config.remote else 500) from None
    elapsed = time.perf_counter() - started
    if socket is None and elapsed > config.query_timeout and not config.remote:
        METRICS.timeouts.inc()
        raise ClientError(f"Query timed out: it ran past this server's limit of {config.query_timeout:g} s", 503)
    METRICS.query_duration.labels(analysis.form).observe(elapsed)

    response = Response(out.body, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    response.headers["Server-Timing"] = f"query;dur={elapsed * 1000:.1f}"
    if out.truncated:
        METRICS.truncated.inc()
        response.headers["X-Result-Truncated"] = (f"true; the result was cut at this server's row cap of "
                                                  f"{config.row_cap}")
    return response


def evaluate(svc, req: SparqlRequest, fmt, analysis) -> results.Serialised:
    """Evaluate the canonical text of the analysis (never the text received) and serialise the result."""
    def run(query_text):
        return svc.store.query(query_text, default_graphs=req.default_graphs, named_graphs=req.named_graphs,
                               names_dataset=analysis.dataset, base_iri=req.base_iri)

    cap = svc.config.row_cap
    if analysis.form == "SELECT":
        # Ask the store for one row more than the cap: pyoxigraph then writes the result itself, and the
        # rare result that passes the cap is written here, cut and marked.
        capped = analysis.with_row_limit(cap + 1)
        try:
            solutions = run(capped)
        except QuerySyntaxError:
            solutions = None  # the text is at fault, not the limit: its own error is reported below
        if solutions is not None:
            within_cap = analysis.limit is not None and analysis.limit <= cap
            out = results.native_select(solutions, fmt, cap, within_cap)
            # past the cap: evaluated again (at most cap + 1 rows) and written here, cut and marked
            return out if out is not None else results.select(run(capped), fmt, cap)
    result = run(analysis.text)
    if isinstance(result, bool) or hasattr(result, "__bool__") and type(result).__name__ == "QueryBoolean":
        return results.boolean(bool(result), fmt)
    if hasattr(result, "variables"):
        return results.select(result, fmt, cap)
    return results.graph(result, fmt, cap, svc.prefixes)


@bp.after_request
def _cors(response):
    return add_cors(response)



@bp.errorhandler(405)
def _method_not_allowed(exc):
    return add_cors(ClientError("method not allowed: /sparql answers GET and POST", 405,
                                {"Allow": "GET, POST, OPTIONS"}).response())
