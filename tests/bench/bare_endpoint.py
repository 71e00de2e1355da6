"""The floor for a Python SPARQL service: Flask + pyoxigraph and nothing else.

Why: GER-KG adds content negotiation, a row cap, a query watchdog, metrics, CORS and linked data on top of
pyoxigraph. Measured side by side with this endpoint, on the same data, under gunicorn with the same number of
preloaded workers, the difference is what those layers cost. It answers POST form-encoded (or GET) queries
over the union of the named graphs: SPARQL JSON results for SELECT and ASK, Turtle for CONSTRUCT/DESCRIBE.

    BENCH_DATA=data.nq gunicorn --preload --workers 4 --bind 127.0.0.1:8001 bare_endpoint:app
"""

import os

import pyoxigraph as ox
from flask import Flask, Response, request

store = ox.Store()  # in memory, like GER-KG's embedded store; loaded once before gunicorn forks the workers
store.bulk_load(path=os.environ["BENCH_DATA"], format=ox.RdfFormat.N_QUADS)
app = Flask(__name__)


@app.route("/sparql", methods=["GET", "POST"])
def sparql():
    try:
        result = store.query(request.values.get("query", ""), use_default_graph_as_union=True)
    except SyntaxError as exc:
        return Response(str(exc), 400, content_type="text/plain")
    if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
        return Response(result.serialize(format=ox.QueryResultsFormat.JSON),
                        content_type="application/sparql-results+json")
    return Response(result.serialize(format=ox.RdfFormat.TURTLE), content_type="text/turtle")
