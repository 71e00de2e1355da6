"""p50 latency of each competency question against a running service, over HTTP, one client.

Why: the quick answer to "how fast is the GER graph itself" (the full benchmark scales the data and
compares peers; this measures the roadmap as served, as a researcher's client sees it).

    make serve &                     # or: ger serve --port 8000
    .venv/bin/python tests/bench/cq_latency.py --url http://127.0.0.1:8000 --runs 20
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

import competency  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    session = requests.Session()
    medians = []
    print("| question | rows | p50 ms | p95 ms |\n|---|---:|---:|---:|")
    for question in competency.all_questions():
        times, rows = [], None
        for _ in range(args.runs + 1):  # the first run warms up and is not counted
            started = time.perf_counter()
            response = session.post(args.url + "/sparql", data={"query": question.text},
                                    headers={"Accept": "application/sparql-results+json"}, timeout=60)
            times.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
            data = response.json()
            rows = len(data["results"]["bindings"]) if "results" in data else "ask"
        times = sorted(times[1:])
        p50 = statistics.median(times)
        medians.append(p50)
        print(f"| {question.path.stem} | {rows} | {p50:.1f} | {times[int(0.95 * (len(times) - 1))]:.1f} |")
    print(f"\n{len(medians)} questions, {args.runs} runs each: median of the p50s {statistics.median(medians):.1f} ms,"
          f" max {max(medians):.1f} ms, geometric mean {statistics.geometric_mean(medians):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
