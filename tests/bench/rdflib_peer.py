"""rdflib-endpoint serving the benchmark file: the pure-Python SPARQL stack most researchers start from.

Why a file of its own: `rdflib-endpoint serve` starts one uvicorn process; to compare like with like it runs
under gunicorn (uvicorn workers) with the same number of preloaded workers as the other Python peers. The
data is an rdflib Dataset loaded from the same N-Quads file, whose default graph is the union of its graphs.

    BENCH_DATA=data.nq gunicorn -k uvicorn.workers.UvicornWorker --preload --workers 4 rdflib_peer:app
"""

import os

from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint

dataset = Dataset(default_union=True)
dataset.parse(os.environ["BENCH_DATA"], format="nquads")
app = SparqlEndpoint(graph=dataset, path="/sparql", title="rdflib-endpoint (benchmark peer)")
