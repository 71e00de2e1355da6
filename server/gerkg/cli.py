"""The `ger` command: serve, build, query, dump (and validate, for data providers)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path

from .config import Config


def _config(args) -> Config:
    overrides = {}
    for name in ("base", "query_timeout", "row_cap", "remote_query_url", "remote_update_url", "remote_gsp_url"):
        value = getattr(args, name, None)
        if value is not None:
            overrides[name] = value
    if getattr(args, "data", None):
        overrides["data_files"] = tuple(args.data)
    if getattr(args, "no_ger", False):
        overrides["include_ger"] = False
    if getattr(args, "no_union", False):
        overrides["union_default_graph"] = False
    return Config.from_env(**overrides)


def _add_store_options(p):
    p.add_argument("--base", help="instance base IRI to publish under (default: GER_BASE or %(default)s)")
    p.add_argument("--data", nargs="+", metavar="FILE",
                   help="RDF files to serve (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML)")
    p.add_argument("--no-ger", action="store_true", help="do not load the GER graph, only --data files")
    p.add_argument("--remote-query-url", help="serve an existing SPARQL 1.1 store instead of the embedded one")
    p.add_argument("--remote-update-url")
    p.add_argument("--remote-gsp-url")


def cmd_serve(args) -> int:
    # Metrics of all gunicorn workers are merged through files in this folder; it must be set before
    # prometheus_client is first imported.
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="ger-metrics-"))
    from gunicorn.app.base import BaseApplication

    from .app import create_app

    config = _config(args)
    app = create_app(config)  # built and loaded once, before the workers fork (preload)
    host, port = args.host, args.port

    def child_exit(server, worker):
        from prometheus_client import multiprocess
        multiprocess.mark_process_dead(worker.pid)

    def when_ready(server):
        print(f"GER-KG is serving on http://{host}:{port}/ (SPARQL endpoint: http://{host}:{port}/sparql)",
              flush=True)

    class Server(BaseApplication):
        def load_config(self):
            options = {
                "bind": f"{host}:{port}", "workers": args.workers, "worker_class": "sync",
                "timeout": int(config.query_timeout) + 30, "graceful_timeout": 10, "preload_app": True,
                "limit_request_line": 16384, "child_exit": child_exit, "when_ready": when_ready,
                "loglevel": "warning",
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s",
                        stream=sys.stderr)
    if args.quiet:
        logging.getLogger("gerkg.access").setLevel(logging.WARNING)
    Server().run()
    return 0


def cmd_build(args) -> int:
    from . import build
    from .namespaces import Base

    config = _config(args)
    try:
        result = build.build(config.root, Base(config.base), config.cache_dir, force=args.force)
    except build.BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    total = sum(result.triples.values())
    print(f"{'cached' if result.cached else 'built'} {result.path}: {total} triples")
    for graph, n in sorted(result.triples.items()):
        print(f"  {n:7d}  {graph}")
    if result.seconds:
        print("  seconds: " + ", ".join(f"{k} {v}" for k, v in result.seconds.items()))
    return 0


def _local_store(args):
    from .app import open_store
    return open_store(_config(args))


def cmd_query(args) -> int:
    from . import formats, results
    from .store import QuerySyntaxError

    text = Path(args.file).read_text() if args.file else args.query
    if not text:
        print("give a query, or --file", file=sys.stderr)
        return 2
    store = _local_store(args)
    try:
        result = store.query(text)
    except QuerySyntaxError as exc:
        print(f"SPARQL syntax error: {exc}", file=sys.stderr)
        return 2
    if hasattr(result, "variables"):
        fmt = formats.by_extension(formats.RESULT_FORMATS, args.format or "tsv")
        out = results.select(result, fmt, row_cap=10**9)
    elif type(result).__name__ == "QueryBoolean":
        out = results.boolean(bool(result), formats.by_extension(formats.RESULT_FORMATS, args.format or "tsv"))
    else:
        out = results.graph(result, formats.by_extension(formats.GRAPH_FORMATS, args.format or "ttl"))
    sys.stdout.buffer.write(out.body)
    return 0


def cmd_dump(args) -> int:
    import pyoxigraph as ox

    from . import formats
    fmt = formats.by_extension(formats.GRAPH_FORMATS, args.format)
    if fmt is None:
        print(f"unknown format {args.format}", file=sys.stderr)
        return 2
    store = _local_store(args)
    quads = store.quads()
    if not fmt.rdf.supports_datasets:
        quads = dict.fromkeys(q.triple for q in quads)
    out = open(args.output, "wb") if args.output else sys.stdout.buffer
    ox.serialize(quads, out, format=fmt.rdf)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ger", description="GER-KG: the Global Exploration Roadmap knowledge graph")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="serve the graph over SPARQL 1.1 and as linked data")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 1) * 2))
    s.add_argument("--query-timeout", type=float, help="seconds before a query is stopped (default 30)")
    s.add_argument("--row-cap", type=int, help="most rows in one result (default 10000)")
    s.add_argument("--no-union", action="store_true", help="default graph is the store's default graph, "
                   "not the union of all graphs")
    s.add_argument("--quiet", action="store_true", help="no access log")
    _add_store_options(s)
    s.set_defaults(func=cmd_serve)

    b = sub.add_parser("build", help="parse, reason over and validate the sources into build/dataset.nq")
    b.add_argument("--force", action="store_true", help="rebuild even if the sources did not change")
    b.add_argument("--base", help="instance base IRI")
    b.set_defaults(func=cmd_build)

    q = sub.add_parser("query", help="run a SPARQL query on the local graph and print the result")
    q.add_argument("query", nargs="?", help="the query text")
    q.add_argument("--file", "-f", help="read the query from a file")
    q.add_argument("--format", help="tsv, csv, json, xml (SELECT/ASK); ttl, nt, jsonld, rdf (CONSTRUCT)")
    _add_store_options(q)
    q.set_defaults(func=cmd_query)

    d = sub.add_parser("dump", help="write the whole graph to a file")
    d.add_argument("--format", default="nq", help="nq, trig, ttl, nt, jsonld, rdf (default nq)")
    d.add_argument("--output", "-o", help="file to write (default: standard output)")
    _add_store_options(d)
    d.set_defaults(func=cmd_dump)
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
