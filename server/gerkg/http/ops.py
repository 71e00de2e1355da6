"""Operations: /health, Prometheus /metrics, and the access log line with each request's duration.

Under gunicorn the metrics of all workers are merged through prometheus_client's multiprocess mode
(PROMETHEUS_MULTIPROC_DIR, set by `ger serve` before any worker starts).
"""

from __future__ import annotations

import logging
import os
import time
from types import SimpleNamespace

from flask import Blueprint, Response, g, jsonify, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

from gerkg.service import service

bp = Blueprint("ops", __name__)
access_log = logging.getLogger("gerkg.access")

_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)

METRICS = SimpleNamespace(
    requests=Counter("ger_http_requests_total", "HTTP requests answered", ["endpoint", "method", "status"]),
    latency=Histogram("ger_http_request_duration_seconds", "Time to answer an HTTP request", ["endpoint"],
                      buckets=_BUCKETS),
    query_duration=Histogram("ger_query_duration_seconds", "Time to evaluate and serialise a query", ["form"],
                             buckets=_BUCKETS),
    timeouts=Counter("ger_query_timeouts_total", "Queries stopped at the time limit"),
    truncated=Counter("ger_results_truncated_total", "Results cut at the row cap"),
    writes=Counter("ger_writes_total", "Write requests, by outcome", ["outcome"]),
    refused=Counter("ger_admission_refused_total", "Requests refused under load, by reason", ["reason"]),
    budget_exceeded=Counter("ger_budget_exceeded_total", "Requests stopped at their budget", ["budget"]),
)
# Any other method is counted under one label: a client inventing methods must not grow the metrics.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"})


def install_metrics(app):
    @app.before_request
    def _start_timer():
        g.started = time.perf_counter()

    @app.after_request
    def _record(response):
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        endpoint = request.url_rule.rule if request.url_rule else "unmatched"
        method = request.method if request.method in METHODS else "other"
        METRICS.requests.labels(endpoint, method, str(response.status_code)).inc()
        METRICS.latency.labels(endpoint).observe(elapsed)
        if access_log.isEnabledFor(logging.INFO):  # off with `ger serve --quiet`: skip building the line
            access_log.info('%s "%s %s" %s %d %.1fms', request.remote_addr, request.method,
                            request.full_path.rstrip("?"), response.status_code,
                            response.calculate_content_length() or 0, elapsed * 1000)
        return response


@bp.route("/health")
def health():
    svc = service()
    try:
        svc.store.ping()
        store_ok, error = True, None
    except Exception as exc:  # the point of /health is to report any failure, whatever its type
        store_ok, error = False, str(exc)
    body = {"status": "ok" if store_ok else "unavailable", "store": "remote" if svc.config.remote else "embedded",
            "store_reachable": store_ok, "uptime_seconds": round(time.time() - svc.started, 1)}
    if error:
        body["error"] = error
    return jsonify(body), 200 if store_ok else 503


@bp.route("/metrics")
def metrics():
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        from prometheus_client import multiprocess
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        data = generate_latest(registry)
    else:
        data = generate_latest()
    return Response(data, content_type=CONTENT_TYPE_LATEST)
