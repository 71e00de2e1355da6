"""The soak: a long run of legitimate traffic with hostile requests mixed in, against a real `ger serve`.

Why: budgets and admission are only worth something if, under a steady mix that includes a client
saturating the endpoint, timeouts and memory hogs, the legitimate requests keep getting their answers at a
flat latency and the workers' memory stays flat (no leak, no creep towards the host's limit).

    make soak                                        # 600 s; SOAK_DURATION=60 make soak for a short run
    .venv/bin/python tests/bench/soak.py --duration 60 --concurrency 8

Legitimate clients (one thread each, each from its own loopback address 127.0.0.10, .11, ...) pick, one
request after another: a competency question (graph/queries, its answer checked), a resource page, a page
of the workbench (browse, search, roadmap, diff, citation), an IRI dereferenced as Turtle, or a validation
of a small document. Any other answer is an error, refusals (429, 503) included. Hostile clients: one
saturating client (127.0.0.200, four threads of queries that run to the timeout, pausing 0.1 s after each
refusal), and one (127.0.0.201) that sends in turn, every few seconds, a memory hog, a query past the
timeout, a document over the validation limit and a malformed query; what each of those is answered is
counted. Every second the resident memory of each worker is read from /proc.

Report: per minute, the legitimate requests, their errors, p50 and p99 latency, and the workers' peak and
median RSS; then the hostile answers. Written to build/bench/soak.md.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
WORKBENCH_PAGES = ("/browse", "/browse.json", "/search?q=artemis", "/search.csv?q=moon", "/roadmap", "/roadmap.json",
                   "/diff?from=ar-2022&to=ar-2024", "/cite/agency/esa.bib")
sys.path.insert(0, str(ROOT / "tests"))

import competency  # noqa: E402
from conftest import free_port  # noqa: E402

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"
HOG = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
RESOURCES = """SELECT DISTINCT ?s WHERE { ?s a ?type FILTER(STRSTARTS(STR(?s), "https://w3id.org/ger-kg/id/")) }
               ORDER BY ?s LIMIT 400"""
SMALL_DOCUMENT = (ROOT / "tests" / "data" / "partner" / "missions.ttl").read_bytes()
BIG_DOCUMENT = "\n".join(f'<https://example.org/s{i}> <https://example.org/p> "{i}" .'
                         for i in range(25_000)).encode()
# Settings of the soaked service: 8 legitimate clients, the saturating client's 2 and the other hostile
# client's 1 each hold a seat at most, so 12 workers (one kept free) leave no legitimate request refused;
# nor does the validation limit, at the legitimate concurrency plus the hostile client.
SERVICE_ENV = {"GER_WORKERS": "12", "GER_WORKER_MEMORY": "1024", "GER_QUERY_TIMEOUT": "10",
               "GER_CLIENT_CONCURRENCY": "2", "GER_VALIDATE_CONCURRENCY": "9"}


def request(port, source, method, path, body=None, headers=None, timeout=120):
    """(status, body bytes, seconds); status 0 with the error's name when the connection fails."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, data, time.perf_counter() - started
    except (OSError, http.client.HTTPException) as exc:
        return 0, type(exc).__name__.encode(), time.perf_counter() - started
    finally:
        conn.close()


def sparql_path(text):
    return "/sparql?" + urlencode({"query": text})


class Soak:
    def __init__(self, port, duration):
        self.port, self.duration = port, duration
        self.started = time.monotonic()
        self.legit = defaultdict(list)  # minute -> [(kind, seconds, error or None)]
        self.hostile = Counter()  # (kind, status) -> count
        self.rss = defaultdict(list)  # minute -> [worker RSS in MB, every sample]
        self.lock = threading.Lock()
        self.questions = competency.all_questions()
        self.resources = self._resources()

    def running(self):
        return time.monotonic() - self.started < self.duration

    def minute(self):
        """The minute of the run, a request that ends after the last one counted in it."""
        last = max(0, int((self.duration - 1) // 60))
        return min(last, int((time.monotonic() - self.started) // 60))

    def _resources(self):
        status, body, _ = request(self.port, "127.0.0.1", "GET", sparql_path(RESOURCES),
                                  headers={"Accept": "application/sparql-results+json"})
        assert status == 200, body[:300]
        return [b["s"]["value"].split("/id/", 1)[1] for b in json.loads(body)["results"]["bindings"]]

    # -- legitimate clients
    def legit_request(self, source):
        roll = random.random()
        if roll < 0.55:
            question = random.choice(self.questions)
            status, body, seconds = request(self.port, source, "POST", "/sparql", urlencode({"query": question.text}),
                                            {"Content-Type": "application/x-www-form-urlencoded",
                                             "Accept": "application/sparql-results+json"})
            return "question", seconds, self._question_error(question, status, body)
        if roll < 0.7:
            status, body, seconds = request(self.port, source, "GET", "/page/" + random.choice(self.resources))
            return "page", seconds, None if status == 200 else f"{status} {body[:120]!r}"
        if roll < 0.8:  # the workbench's other pages: browse, search, the roadmap, a diff
            path = random.choice(WORKBENCH_PAGES)
            status, body, seconds = request(self.port, source, "GET", path)
            return "workbench page", seconds, None if status == 200 else f"{path}: {status} {body[:120]!r}"
        if roll < 0.9:
            status, body, seconds = request(self.port, source, "GET", "/data/" + random.choice(self.resources) + ".ttl")
            return "data", seconds, None if status == 200 else f"{status} {body[:120]!r}"
        status, body, seconds = request(self.port, source, "POST", "/validate", SMALL_DOCUMENT,
                                        {"Content-Type": "text/turtle", "Accept": "application/json"})
        ok = status == 200 and "conforms" in json.loads(body or b"{}")
        return "validation", seconds, None if ok else f"{status} {body[:120]!r}"

    @staticmethod
    def _question_error(question, status, body):
        if status != 200:
            return f"{question.path.stem}: {status} {body[:120]!r}"
        data = json.loads(body)
        if "boolean" in data:
            failures = competency.check(question, None, data["boolean"])
        else:
            rows = [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
            failures = competency.check(question, rows, None)
        return f"{question.path.stem}: {failures}" if failures else None

    def legit_client(self, source):
        while self.running():
            kind, seconds, error = self.legit_request(source)
            with self.lock:
                self.legit[self.minute()].append((kind, seconds, error))

    # -- hostile clients
    def saturating_client(self):
        while self.running():
            status, _, _ = request(self.port, "127.0.0.200", "GET", sparql_path(SLOW))
            with self.lock:
                self.hostile["slow query", status] += 1
            if status in (429, 503):
                time.sleep(0.1)

    def hostile_client(self):
        attacks = [("memory hog", "GET", sparql_path(HOG), None, {}),
                   ("past the timeout", "GET", sparql_path(SLOW), None, {}),
                   ("validation over the limit", "POST", "/validate", BIG_DOCUMENT,
                    {"Content-Type": "application/n-triples"}),
                   ("malformed query", "GET", sparql_path("SELECT * WHERE { ?s ?p"), None, {})]
        for kind, method, path, body, headers in itertools.cycle(attacks):
            if not self.running():
                break
            status, _, _ = request(self.port, "127.0.0.201", method, path, body, headers)
            with self.lock:
                self.hostile[kind, status] += 1
            time.sleep(3)

    def sample_memory(self, server_pid):
        while self.running():
            for pid in worker_pids(server_pid):
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                rss = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
                with self.lock:
                    self.rss[self.minute()].append(rss / 1024)
            time.sleep(1)


def worker_pids(server_pid):
    """The service's worker processes: the processes whose parent is the service (gunicorn's arbiter)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == server_pid:
            pids.append(int(stat.parent.name))
    return pids


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def report(soak, args) -> tuple[str, int]:
    lines = [f"# Soak: {args.duration:g} s, {args.concurrency} legitimate clients, with hostile ones",
             "", f"Service settings: {' '.join(f'{k}={v}' for k, v in SERVICE_ENV.items())}; "
             f"{os.cpu_count()} CPUs (shared: figures are indicative).", "",
             "| minute | legitimate requests | errors | p50 ms | p99 ms | workers' peak RSS MB | median RSS MB |",
             "|---:|---:|---:|---:|---:|---:|---:|"]
    errors = []
    for minute in sorted(soak.legit):
        done = soak.legit[minute]
        times = [s * 1000 for _, s, _ in done]
        failed = [e for _, _, e in done if e]
        errors += failed
        rss = soak.rss.get(minute, [])
        lines.append(f"| {minute + 1} | {len(done)} | {len(failed)} | {percentile(times, 0.5):.0f} | "
                     f"{percentile(times, 0.99):.0f} | {max(rss, default=0):.0f} | "
                     f"{statistics.median(rss) if rss else 0:.0f} |")
    every = [entry for minute in soak.legit.values() for entry in minute]
    lines += ["", "| legitimate request | count | errors | p50 ms | p99 ms |", "|---|---:|---:|---:|---:|"]
    for kind in sorted({k for k, _, _ in every}):
        mine = [(s * 1000, e) for k, s, e in every if k == kind]
        lines.append(f"| {kind} | {len(mine)} | {sum(1 for _, e in mine if e)} | "
                     f"{percentile([s for s, _ in mine], 0.5):.0f} | {percentile([s for s, _ in mine], 0.99):.0f} |")
    lines += ["", "| hostile request | answered | count |", "|---|---:|---:|"]
    lines += [f"| {kind} | {status or 'no answer'} | {n} |" for (kind, status), n in sorted(soak.hostile.items())]
    lines += ["", f"**Errors on legitimate requests: {len(errors)}** of {len(every)}."]
    lines += [f"- {e}" for e in errors[:20]]
    return "\n".join(lines) + "\n", len(errors)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=float(os.environ.get("SOAK_DURATION", 600)))
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--output", default=str(ROOT / "build" / "bench" / "soak.md"))
    args = parser.parse_args()
    port = free_port()
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    log = open(Path(args.output).with_suffix(".log"), "w")  # the service's own log, beside the report
    server = subprocess.Popen([str(Path(sys.executable).parent / "ger"), "serve", "--port", str(port), "--quiet"],
                              env={**os.environ, **SERVICE_ENV}, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        while request(port, "127.0.0.1", "GET", "/health", timeout=2)[0] != 200:
            if server.poll() is not None:
                raise SystemExit(f"the service did not start: see {log.name}")
            time.sleep(0.3)
        soak = Soak(port, args.duration)
        threads = [threading.Thread(target=soak.legit_client, args=(f"127.0.0.{10 + i}",))
                   for i in range(args.concurrency)]
        threads += [threading.Thread(target=soak.saturating_client) for _ in range(4)]
        threads += [threading.Thread(target=soak.hostile_client),
                    threading.Thread(target=soak.sample_memory, args=(server.pid,))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        os.killpg(server.pid, 15)
        server.wait(30)
    text, errors = report(soak, args)
    Path(args.output).write_text(text)
    print(text)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
