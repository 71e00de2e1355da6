"""The `ger` command: serve, build, query, dump (and validate, for data providers)."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import tempfile
from pathlib import Path

from gerkg.config import Config


def _config(args) -> Config:
    overrides = {}
    for name in ("base", "query_timeout", "row_cap", "remote_query_url", "remote_update_url", "remote_gsp_url",
                 "workers"):
        value = getattr(args, name, None)
        if value is not None:
            overrides[name] = value
    if getattr(args, "data", None):
        overrides["data_files"] = tuple(args.data)
    if getattr(args, "no_ger", False):
        overrides["include_ger"] = False
    if getattr(args, "reason", False):
        overrides["data_reasoning"] = True
    if getattr(args, "no_union", False):
        overrides["union_default_graph"] = False
    if getattr(args, "plain_store", False):
        overrides["plain_store"] = True
    return Config.from_env(**overrides)


def _add_store_options(p):
    p.add_argument("--base", help="instance base IRI to publish under (default: GER_BASE or %(default)s)")
    p.add_argument("--data", nargs="+", action="extend", metavar="FILE",
                   help="RDF files to serve (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML); repeatable")
    p.add_argument("--no-ger", action="store_true", help="do not load the GER graph, only --data files")
    p.add_argument("--reason", action="store_true", help="OWL 2 RL over the --data files with the GER graph and "
                   "ontology (for example with an alignment file), into the inferred graph")
    p.add_argument("--remote-query-url", help="serve an existing SPARQL 1.1 store instead of the embedded one")
    p.add_argument("--remote-update-url")
    p.add_argument("--remote-gsp-url")


def cmd_serve(args) -> int:
    # Metrics of all gunicorn workers are merged through files in this folder; it must be set before
    # prometheus_client is first imported.
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="ger-metrics-"))
    from gunicorn.app.base import BaseApplication

    from gerkg import budgets
    from gerkg.http.app import create_app
    from gerkg.store.journal import JournalDamaged

    config = _config(args)
    try:
        budgets.check(config)
        app = create_app(config)  # built and loaded once, before the workers fork (preload)
    except JournalDamaged as exc:
        print(f"ger serve: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    # What is loaded now lives as long as the workers: keep it out of the cyclic garbage collector, whose
    # full passes would otherwise walk it (tens of ms) and copy the shared pages into every worker.
    gc.collect()
    gc.freeze()
    host, port = args.host, args.port

    def child_exit(server, worker):
        from prometheus_client import multiprocess
        multiprocess.mark_process_dead(worker.pid)

    def post_fork(server, worker):
        # The hard backstop under the watchdog's memory budget: past it, allocations fail in this worker
        # only, and the machine never swaps or meets the OOM killer.
        import resource
        with open("/proc/self/statm") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = budgets.address_space_limit(config, size)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    def when_ready(server):
        print(f"GER-KG is serving on http://{host}:{port}/ (SPARQL endpoint: http://{host}:{port}/sparql)",
              flush=True)

    class Server(BaseApplication):
        def load_config(self):
            options = {
                "bind": f"{host}:{port}", "workers": budgets.workers(config), "worker_class": "sync",
                "timeout": int(budgets.request_timeout(config)) + 30, "graceful_timeout": 10, "preload_app": True,
                "limit_request_line": config.max_request_line, "child_exit": child_exit, "when_ready": when_ready,
                "post_fork": post_fork,
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
    from gerkg.namespaces import Base
    from gerkg.release import build

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
    from gerkg.store.assembly import open_store
    return open_store(_config(args))


def cmd_query(args) -> int:
    from gerkg.sparql import formats, results
    from gerkg.store.store import QuerySyntaxError

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

    from gerkg.sparql import formats
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


def cmd_validate(args) -> int:
    """Exit 0: conforms; 1: violations (or warnings with --strict); 2: unreadable input or usage error."""
    from rdflib import Graph

    from gerkg.namespaces import Base
    from gerkg.release import build, sources
    from gerkg.shacl import reports
    from gerkg.shacl.validation import StoreContext, Validator
    from gerkg.sparql.inputs import InputError, read_files
    from gerkg.store.terms import from_ox

    config = _config(args)
    try:
        quads, defined_in = read_files(args.paths, args.format)
        extra = Graph()
        for path in args.shapes or []:
            extra_quads, _ = read_files([path])
            for q in extra_quads:
                extra.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    data = Graph()
    for q in quads:
        data.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    context = None
    if not args.alone:
        import pyoxigraph as ox
        built = build.build(config.root, Base(config.base), config.cache_dir)
        store = ox.Store()
        store.bulk_load(path=str(built.path), format=ox.RdfFormat.N_QUADS)  # its default graph is the union
        context = StoreContext(store)
    validator = Validator(sources.shape_files(config.root), sources.ontology_files(config.root))
    report = validator.check(data, context=context, extra_shapes=extra, inference=args.inference)
    files = {from_ox(s): f for s, f in defined_in.items()}
    rendered = {
        "text": lambda: reports.render_text(report.graph, files),
        "json": lambda: reports.render_json(report.graph, files),
        "turtle": lambda: report.graph.serialize(format="turtle"),
        "jsonld": lambda: report.graph.serialize(format="json-ld"),
        "junit": lambda: reports.render_junit(report.graph, checked_pairs(validator, data, context),
                                              files, strict=args.strict),
    }[args.report]()
    if args.output:
        Path(args.output).write_text(rendered)
    else:
        sys.stdout.write(rendered)
    results = reports.results(report.graph)
    failing = [r for r in results if r.severity == "Violation" or (args.strict and r.severity == "Warning")]
    return 1 if failing else 0


def checked_pairs(validator, data, context) -> list[tuple[str, str]]:
    """(shape, focus node) pairs the shapes target among the data's own subjects, for JUnit test cases."""
    from rdflib import Graph

    from gerkg.shacl.validation import targets
    union = Graph()
    for t in data:
        union.add(t)
    for t in validator.ontology:
        union.add(t)
    subjects = set(data.subjects())
    return [(str(shape), str(focus)) for shape, focus in targets(validator.shapes, union) if focus in subjects]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ger", description="GER-KG: the Global Exploration Roadmap knowledge graph")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="serve the graph over SPARQL 1.1 and as linked data")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--workers", type=int, help="worker processes (default: GER_WORKERS, or four per CPU, at least 4)")
    s.add_argument("--query-timeout", type=float, help="seconds before a query is stopped (default 30)")
    s.add_argument("--row-cap", type=int, help="most rows in one result (default 10000)")
    s.add_argument("--no-union", action="store_true", help="default graph is the store's default graph, "
                   "not the union of all graphs")
    s.add_argument("--plain-store", action="store_true", help="a standard SPARQL 1.1 store: only the --data "
                   "files, a real default graph, every token writes every graph, no shapes gate, no log graph")
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

    v = sub.add_parser("validate", help="validate RDF files or folders against the GER-KG shapes",
                       description="Validate RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML, by "
                       "extension or --format) against the GER-KG shapes, together with the GER graph so that links "
                       "to agencies or missions it does not know are reported. Exit codes: 0 conforms, 1 violations "
                       "(warnings too with --strict), 2 unreadable input or usage error.")
    v.add_argument("paths", nargs="+", metavar="PATH", help="RDF files or folders")
    v.add_argument("--format", help="the input format when the extensions do not say (ttl, nt, nq, trig, jsonld, rdf)")
    v.add_argument("--shapes", nargs="+", metavar="FILE", help="extra SHACL shapes to check as well")
    v.add_argument("--inference", choices=("none", "rdfs", "owlrl"), default="none",
                   help="expand the data with the ontology before validating (default: none)")
    v.add_argument("--alone", action="store_true", help="validate the files without the GER graph")
    v.add_argument("--report", choices=("text", "json", "turtle", "jsonld", "junit"), default="text")
    v.add_argument("--output", "-o", help="write the report to this file instead of standard output")
    v.add_argument("--strict", action="store_true", help="warnings fail too")
    v.add_argument("--base", help=argparse.SUPPRESS)
    v.set_defaults(func=cmd_validate)

    d = sub.add_parser("dump", help="write the whole graph to a file")
    d.add_argument("--format", default="nq", help="nq, trig, ttl, nt, jsonld, rdf (default nq)")
    d.add_argument("--output", "-o", help="file to write (default: standard output)")
    _add_store_options(d)
    d.set_defaults(func=cmd_dump)
    return p


def main(argv=None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, as `ger validate` documents
        return int(exc.code or 0)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
