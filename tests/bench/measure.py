"""Measuring one running peer: result counts with a Python client, latency and throughput with wrk.

Why two clients: wrk (C) generates the load, so that the client does not take the CPU the server needs;
a plain Python client checks what came back (how many rows or triples, or the boolean), once per query,
so that the report can flag peers that answer differently.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox

LUA = Path(__file__).resolve().parent / "lua" / "sparql.lua"
RESULTS_JSON = "application/sparql-results+json"
TURTLE = "text/turtle"


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    group: str  # "competency", "researcher" or "cap"

    @property
    def form(self) -> str:
        body = "\n".join(line for line in self.text.splitlines()
                         if not re.match(r"\s*(#|PREFIX\b|BASE\b)", line, re.I))
        found = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.I)
        return found.group(1).upper() if found else "SELECT"

    @property
    def accept(self) -> str:
        return TURTLE if self.form in ("CONSTRUCT", "DESCRIBE") else RESULTS_JSON


def load_queries(folder: Path, group: str) -> list[Query]:
    return [Query(p.stem, p.read_text(), group) for p in sorted(folder.glob("*.rq"))]


def post(url: str, query: str, accept: str, timeout: float) -> tuple[int, bytes, dict]:
    """POST a form-encoded query; (status, body, headers)."""
    data = urlencode({"query": query}).encode()
    req = urllib.request.Request(url, data=data, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


@dataclass
class Answer:
    count: int | str | None   # rows, triples, or "true"/"false"; None when there was no answer
    seconds: float
    note: str = ""            # "timeout", "HTTP 400 ...", "truncated"


def answer(url: str, query: Query, timeout: float) -> Answer:
    """Run a query once and count what came back."""
    started = time.perf_counter()
    try:
        status, body, headers = post(url, query.text, query.accept, timeout)
    except (TimeoutError, OSError) as exc:
        note = "timeout" if "timed out" in str(exc) or isinstance(exc, TimeoutError) else f"error: {exc}"
        return Answer(None, time.perf_counter() - started, note)
    seconds = time.perf_counter() - started
    if status != 200:
        return Answer(None, seconds, f"HTTP {status}: {body[:300].decode(errors='replace').strip()}")
    note = "truncated" if any(k.lower() == "x-result-truncated" for k in headers) else ""
    if query.accept == TURTLE:
        return Answer(sum(1 for _ in ox.parse(body, format=ox.RdfFormat.TURTLE)), seconds, note)
    result = json.loads(body)
    if "boolean" in result:
        return Answer(str(result["boolean"]).lower(), seconds, note)
    return Answer(len(result["results"]["bindings"]), seconds, note)


def requests_file(path: Path, queries: list[Query]) -> Path:
    """The wrk Lua script's input: one "Accept<TAB>form-encoded body" line per query."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{q.accept}\t{urlencode({'query': q.text})}\n" for q in queries))
    return path


def wrk(url: str, requests: Path, connections: int, seconds: int, timeout: float) -> dict:
    """Run wrk with the Lua script; its summary (microseconds, counts, errors) as a dict."""
    threads = min(connections, 2)
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, int(seconds))}s",
           f"--timeout={max(1, int(timeout))}s", "-s", str(LUA), url, "--", str(requests)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + timeout + 30).stdout
    line = next((line for line in out.splitlines() if line.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary:\n{out}")
    stats = json.loads(line[6:])
    stats["rps"] = stats["requests"] / (stats["duration_us"] / 1e6)
    return stats
