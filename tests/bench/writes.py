"""Writes: latency and throughput of the write path (plan by pyoxigraph, SHACL gate, journal, apply) on the
GER graph, for writes of 1, 100 and 10,000 triples, valid and invalid, as a Graph Store PUT and as a SPARQL
INSERT DATA, over HTTP with one client; and the same documents sent to /validate (nothing written, the
full report). The target of issue 9: a 10,000-triple valid PUT within 5 s.

Valid writes are missions as a provider describes them (type, English label, source, destination: every
triple under the shapes); an invalid write is the same with one mission's label left out, so that the whole
write is validated and refused (422). Run by `make bench` (run.py), or alone:

    python tests/bench/writes.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import peers  # noqa: E402

TOKEN = "bench-writer"
SIZES = (1, 100, 10_000)
PREFIXES = ("@prefix ger: <https://w3id.org/ger-kg/ontology#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            "@prefix dcterms: <http://purl.org/dc/terms/> .\n")
TARGET = (10_000, 5.0)  # triples, seconds: a valid PUT of this size must take less


def body(triples: int, run: str, valid: bool) -> str:
    """About `triples` triples: new missions of four triples each, named after run (a single triple: a
    comment, or a second label, on a described mission)."""
    if triples == 1:
        label = f'"Bench label {run}"@en' if valid else f'"Bench label {run}"@fr'
        return f"<https://example.org/bench/m0> rdfs:comment {label} ." if valid else \
            f"<https://example.org/bench/m0> rdfs:label {label} ."
    missions = []
    for n in range(triples // 4):
        iri = f"<https://example.org/bench/r{run}/m{n}>"
        label = "" if (not valid and n == 0) else f' ; rdfs:label "Bench mission {run}-{n}"@en'
        missions.append(f"{iri} a ger:RoboticMission{label} ; dcterms:source <https://example.org/bench/catalogue> ; "
                        "ger:destination <https://w3id.org/ger-kg/id/destination/moon> .")
    return "\n".join(missions)


def command(port, tmp):
    return [], [str(peers.BIN / "ger"), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2",
                "--quiet"], {"GER_TOKENS": f"bench:{TOKEN}", "GER_STATE_DIR": str(tmp)}


def measure(url: str, repeat: int) -> list[dict]:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    graph = "https://w3id.org/ger-kg/id/graph/bench/"
    setup = PREFIXES + ("<https://example.org/bench/m0> a ger:RoboticMission ; rdfs:label \"Bench mission\"@en ; "
                        "dcterms:source <https://example.org/bench/catalogue> ; "
                        "ger:destination <https://w3id.org/ger-kg/id/destination/moon> .")
    requests.put(f"{url}/store", params={"graph": graph + "base"}, data=setup.encode(), timeout=60,
                 headers={**headers, "Content-Type": "text/turtle"}).raise_for_status()
    rows = linked(url, headers, graph, repeat, "first")
    for size in SIZES:
        for valid in (True, False):
            for kind in ("GSP PUT", "INSERT DATA", "POST /validate"):
                times, status = [], None
                for run in range(repeat):
                    text = body(size, f"{kind[:3]}-{'v' if valid else 'i'}-{run}", valid)
                    if kind == "GSP PUT":
                        send = lambda: requests.put(f"{url}/store", params={"graph": f"{graph}{size}-{valid:d}-{run}"},  # noqa: E731
                                                    data=(PREFIXES + text).encode(), timeout=300,
                                                    headers={**headers, "Content-Type": "text/turtle"})
                    elif kind == "POST /validate":
                        send = lambda: requests.post(f"{url}/validate", data=(PREFIXES + text).encode(),  # noqa: E731
                                                     timeout=300, headers={"Content-Type": "text/turtle"})
                    else:
                        update = PREFIXES.replace("@prefix", "PREFIX").replace(" .\n", "\n") + \
                            f"INSERT DATA {{ GRAPH <{graph}u{size}-{valid:d}-{run}> {{ {text} }} }}"
                        send = lambda: requests.post(f"{url}/update", data=update.encode(), timeout=300,  # noqa: E731
                                                     headers={**headers, "Content-Type": "application/sparql-update"})
                    started = time.perf_counter()
                    response = send()
                    times.append(time.perf_counter() - started)
                    status = response.status_code
                median = statistics.median(times)
                rows.append({"triples": size, "valid": valid, "kind": kind, "status": status, "median_s": median,
                             "max_s": max(times), "triples_per_s": size / median})
    return rows + linked(url, headers, graph, repeat, "last")


MOON = "https://w3id.org/ger-kg/id/destination/moon"


def linked(url: str, headers: dict, graph: str, repeat: int, when: str) -> list[dict]:
    """Two writes before and after all the others, whose cost must not grow with the links those made into
    the Moon and the catalogue: a new mission (4 triples) that links to both, and a comment on the Moon."""
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p <{MOON}> }}"
    links = requests.get(f"{url}/sparql", params={"query": count}, timeout=60,
                         headers={"Accept": "application/sparql-results+json"}).json()
    n = int(links["results"]["bindings"][0]["n"]["value"])
    rows = []
    for kind, triples, text in (("a mission linking to the Moon", 4, lambda run: body(4, run, True)),
                                ("a comment on the Moon", 1, lambda run: f'<{MOON}> rdfs:comment "Note {run}"@en .')):
        times, status = [], None
        for run in range(repeat):
            name = f"linked-{when}-{triples}-{run}"
            started = time.perf_counter()
            response = requests.put(f"{url}/store", params={"graph": graph + name}, timeout=300,
                                    data=(PREFIXES + text(name)).encode(),
                                    headers={**headers, "Content-Type": "text/turtle"})
            times.append(time.perf_counter() - started)
            status = response.status_code
        median = statistics.median(times)
        rows.append({"triples": triples, "valid": True, "kind": f"GSP PUT, {kind}, {when} ({n:,} links into it)",
                     "status": status, "median_s": median, "max_s": max(times), "triples_per_s": triples / median})
    return rows


def run(logs: Path, repeat: int = 3) -> dict:
    with peers.Server(command, logs / "ger-writes.log", 300, "", health_probe) as server:
        return {"repeat": repeat, "rows": measure(server.url, repeat)}


def health_probe(url):
    return requests.get(url + "/health", timeout=2).status_code == 200


def markdown(result: dict) -> list[str]:
    out = ["## Writes", "",
           f"One client, GER mode (shapes gate, journal, log), on the GER graph; median of {result['repeat']} runs. "
           "Valid writes answer 200/201, invalid ones 422 (validated whole, nothing written); /validate answers the "
           "report (200, or 413 over its size limit).", "",
           "| triples | write | kind | status | median s | max s | triples/s |", "|---:|---|---|---:|---:|---:|---:|"]
    for r in result["rows"]:
        out.append(f"| {r['triples']:,} | {'valid' if r['valid'] else 'invalid'} | {r['kind']} | {r['status']} | "
                   f"{r['median_s']:.2f} | {r['max_s']:.2f} | {r['triples_per_s']:,.0f} |")
    target = next((r for r in result["rows"] if r["triples"] == TARGET[0] and r["valid"] and r["kind"] == "GSP PUT"),
                  None)
    if target:
        verdict = "PASS" if target["median_s"] < TARGET[1] and target["status"] in (200, 201) else "FAIL"
        out += ["", f"`{verdict}` a valid {TARGET[0]:,}-triple PUT within {TARGET[1]:g} s: {target['median_s']:.2f} s"]
    return out + [""]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    out = HERE.parents[1] / "build" / "bench"
    print("\n".join(markdown(run(out / "logs", args.repeat))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
