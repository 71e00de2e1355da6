"""p50/p95 of every kind of page people open (the query page, browse, a class list with a facet, a search,
a diff, a resource page, the roadmap, an embedded view) against a running service, one client.

Why: pages must answer in under 100 ms p50; `make bench` runs this against the GER graph (run.py, in its
warm-start step) and the report shows the table. Runnable alone:

    make serve &                     # or: ger serve --port 8000
    .venv/bin/python tests/bench/pages.py --url http://127.0.0.1:8000 --runs 50
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from urllib.parse import urlencode

import requests

TARGET_MS = 100.0
EMBED_QUERY = ("PREFIX ger: <https://w3id.org/ger-kg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
               "SELECT ?mission ?label ?date WHERE { ?mission ger:launchDate ?date ; rdfs:label ?label }")
PAGES = {
    "query page": "/",
    "browse: classes": "/browse",
    "class list with a facet": "/browse/ger:Mission?destination=dest:moon",
    "search": "/search?" + urlencode({"q": "Chang'e 6"}),
    "search in a class (JSON)": "/browse/ger:Mission.json?" + urlencode({"q": "CNSA"}),
    "diff of a pair": "/diff?from=ar-2022&to=ar-2024",
    "diff as SPARQL Update": "/diff?from=ar-2022&to=ar-2024&format=sparql",
    "resource page": "/page/mission/change-6",
    "citation (BibTeX)": "/cite/mission/change-6.bib",
    "roadmap": "/roadmap",
    "embed": "/embed?" + urlencode({"query": EMBED_QUERY, "view": "timeline"}),
}


def measure(url: str, runs: int = 30) -> list[dict]:
    """Each page's status, size and p50/p95 in ms over `runs` requests (after one that warms up)."""
    session = requests.Session()
    rows = []
    for name, path in PAGES.items():
        times, response = [], None
        for _ in range(runs + 1):
            started = time.perf_counter()
            response = session.get(url + path, timeout=60)
            times.append((time.perf_counter() - started) * 1000)
        times = sorted(times[1:])
        rows.append({"page": name, "path": path, "status": response.status_code, "bytes": len(response.content),
                     "p50_ms": statistics.median(times), "p95_ms": times[int(0.95 * (len(times) - 1))]})
    return rows


def markdown(rows: list[dict]) -> list[str]:
    out = ["| page | path | status | KB | p50 ms | p95 ms |", "|---|---|---:|---:|---:|---:|"]
    for r in rows:
        out.append(f"| {r['page']} | `{r['path'][:60]}` | {r['status']} | {r['bytes'] / 1024:.0f} | "
                   f"{r['p50_ms']:.1f} | {r['p95_ms']:.1f} |")
    answered = [r for r in rows if r["status"] == 200]
    slow = [r["page"] for r in answered if r["p50_ms"] >= TARGET_MS]
    out += ["", f"{'PASS' if answered and not slow else 'FAIL'}: p50 under {TARGET_MS:.0f} ms for every page that "
            f"answered ({len(answered)} of {len(rows)})" + (f"; slow: {', '.join(slow)}" if slow else "")]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    print("\n".join(markdown(measure(args.url.rstrip("/"), args.runs))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
