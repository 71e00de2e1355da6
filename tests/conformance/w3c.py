"""The W3C SPARQL 1.1 test suites, run over HTTP against GER-KG in its plain-store mode and, for comparison,
against Oxigraph server on the same suite files: SPARQL 1.1 Update evaluation (add, basic-update, clear,
copy, delete*, drop, move, update-silent), update syntax (syntax-update-1/2), and the prose suites of the
Graph Store Protocol (http-rdf-update) and the SPARQL Protocol (protocol), whose requests are written out in
w3c_prose.py as their documents describe them.

    python tests/conformance/w3c.py SUITE_DIR [--only ours|oxigraph]

SUITE_DIR is rdflib's copy of w3c/rdf-tests sparql/sparql11 (`make conformance` fetches it into build/).
Run it in a network namespace of its own (`make conformance` does, with unshare): LOAD and SERVICE in the
suites name addresses on the web, which neither server must reach.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic

sys.path.insert(0, str(Path(__file__).resolve().parent))
import w3c_prose  # noqa: E402

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
DAWGT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")
UPDATE_SUITES = ("add", "basic-update", "clear", "copy", "delete", "delete-data", "delete-insert", "delete-where",
                 "drop", "move", "update-silent")
SYNTAX_SUITES = ("syntax-update-1", "syntax-update-2")
TOKEN = "w3c-conformance"
BIN = Path(sys.executable).parent


@dataclass
class Target:
    name: str
    query_url: str
    update_url: str
    store_url: str
    headers: dict = field(default_factory=dict)  # what a write needs (our bearer token)
    process: subprocess.Popen | None = None

    def update(self, text: str | bytes, **kwargs) -> requests.Response:
        data = text.encode("utf-8") if isinstance(text, str) else text
        return requests.post(self.update_url, data=data, timeout=60,
                             headers={**self.headers, "Content-Type": "application/sparql-update"}, **kwargs)

    def reset(self) -> None:
        response = self.update("DROP ALL")
        assert response.ok, f"{self.name}: DROP ALL answered {response.status_code}: {response.text[:300]}"

    def put(self, graph: str | None, path: Path) -> None:
        """Load a suite file, read here with its own address as the base (as the suites expect)."""
        params = {"graph": graph} if graph else {"default": ""}
        data = Graph().parse(path, format="turtle").serialize(format="nt", encoding="utf-8")
        response = requests.put(self.store_url, params=params, data=data, timeout=60,
                                headers={**self.headers, "Content-Type": "application/n-triples"})
        assert response.ok, f"{self.name}: loading {path.name} answered {response.status_code}: {response.text[:300]}"

    def dataset(self) -> Graph:
        """The whole dataset as one graph: a named graph's triples carry its name in their predicate, so that
        blank nodes shared across graphs are compared as the same node."""
        query = "SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        response = requests.post(self.query_url, data={"query": query}, timeout=60,
                                 headers={"Accept": "application/sparql-results+json"})
        response.raise_for_status()
        out = Graph()
        for row in response.json()["results"]["bindings"]:
            s, p, o = (_term(row[k]) for k in "spo")
            out.add((s, _in_graph(p, row["g"]["value"] if "g" in row else None), o))
        return out

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def _term(binding: dict):
    if binding["type"] == "uri":
        return URIRef(binding["value"])
    if binding["type"] == "bnode":
        return BNode(binding["value"])
    return Literal(binding["value"], lang=binding.get("xml:lang"), datatype=binding.get("datatype"))


def _in_graph(predicate, graph: str | None):
    return predicate if graph is None else URIRef(f"{predicate}@@{graph}")


def _free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, process: subprocess.Popen) -> None:
    for _ in range(600):
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with {process.returncode}")
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def start_ours(workdir: Path) -> Target:
    port = _free_port()
    env = {**os.environ, "GER_TOKENS": f"w3c:{TOKEN}", "GER_STATE_DIR": str(workdir / "state")}
    process = subprocess.Popen([str(BIN / "ger"), "serve", "--plain-store", "--host", "127.0.0.1", "--port", str(port),
                                "--workers", "2", "--quiet"], env=env, stdout=subprocess.DEVNULL,
                               stderr=open(workdir / "ger.log", "w"))
    url = f"http://127.0.0.1:{port}"
    _wait(url + "/health", process)
    return Target("GER-KG", url + "/sparql", url + "/update", url + "/store",
                  {"Authorization": f"Bearer {TOKEN}"}, process)


def start_oxigraph(workdir: Path) -> Target:
    exe = shutil.which("oxigraph", path=str(BIN)) or shutil.which("oxigraph")
    port = _free_port()
    process = subprocess.Popen([exe, "serve", "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                               stderr=open(workdir / "oxigraph.log", "w"))
    url = f"http://127.0.0.1:{port}"
    _wait(url + "/query?query=ASK%7B%7D", process)
    return Target("Oxigraph", url + "/query", url + "/update", url + "/store", {}, process)


# ---- the manifest-driven suites ---------------------------------------------------------------------------

def entries(manifest: Path):
    g = Graph().parse(manifest, format="turtle")
    root = next(g.subjects(RDF.type, MF.Manifest))
    for entry in Collection(g, g.value(root, MF.entries)):
        if (entry, DAWGT.approval, DAWGT.Withdrawn) not in g:
            yield g, entry


def _file(uri) -> Path:
    return Path(str(uri).removeprefix("file://"))


def _state(g: Graph, node):
    """(default graph file or None, [(graph name, file)]) of an action or result."""
    default = g.value(node, UT.data)
    named = [(str(g.value(gd, RDFS.label)), _file(g.value(gd, UT.graph))) for gd in g.objects(node, UT.graphData)]
    return (_file(default) if default is not None else None), named


def _expected(default: Path | None, named) -> Graph:
    out = Graph()
    if default is not None:
        for t in Graph().parse(default, format="turtle"):
            out.add(t)
    for name, path in named:
        for s, p, o in Graph().parse(path, format="turtle"):
            out.add((s, _in_graph(p, name), o))
    return out


def run_update_test(target: Target, g: Graph, entry) -> tuple[bool, str]:
    target.reset()
    action, result = g.value(entry, MF.action), g.value(entry, MF.result)
    default, named = _state(g, action)
    if default is not None:
        target.put(None, default)
    for name, path in named:
        target.put(name, path)
    request = _file(g.value(action, UT.request))
    response = target.update(request.read_bytes())
    if not response.ok:
        return False, f"{response.status_code}: {response.text.strip()[:200]}"
    got, want = target.dataset(), _expected(*_state(g, result))
    return isomorphic(got, want), "" if isomorphic(got, want) else f"got {len(got)} triples, want {len(want)}"


def run_syntax_test(target: Target, g: Graph, entry) -> tuple[bool, str]:
    """On an empty store: a positive test must not be refused as a syntax error (400), a negative one must."""
    target.reset()
    positive = (entry, RDF.type, MF.PositiveUpdateSyntaxTest11) in g
    response = target.update(_file(g.value(entry, MF.action)).read_bytes())
    ok = (response.status_code != 400) if positive else (response.status_code == 400)
    return ok, f"{response.status_code}: {response.text.strip()[:200]}"


def manifest_suite(root: Path, name: str, target: Target) -> list[tuple[str, bool, str]]:
    outcomes = []
    for g, entry in entries(root / name / "manifest.ttl"):
        kind = g.value(entry, RDF.type)
        if kind == MF.UpdateEvaluationTest:
            ok, why = run_update_test(target, g, entry)
        elif kind in (MF.PositiveUpdateSyntaxTest11, MF.NegativeUpdateSyntaxTest11):
            ok, why = run_syntax_test(target, g, entry)
        else:
            continue
        outcomes.append((str(g.value(entry, MF.name)), ok, why))
    return outcomes


def run_all(root: Path, target: Target) -> dict[str, list]:
    found = {}
    for suite in UPDATE_SUITES + SYNTAX_SUITES:
        found[suite] = manifest_suite(root, suite, target)
    found["http-rdf-update"] = w3c_prose.graph_store_suite(target)
    found["protocol"] = w3c_prose.protocol_suite(target)
    return found


def table(results: dict[str, dict[str, list]]) -> str:
    names = list(results)
    suites = list(next(iter(results.values())))
    lines = ["| suite | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    totals = {n: [0, 0] for n in names}
    for suite in suites:
        cells = []
        for n in names:
            outcomes = results[n][suite]
            passed = sum(ok for _, ok, _ in outcomes)
            totals[n][0] += passed
            totals[n][1] += len(outcomes)
            cells.append(f"{passed}/{len(outcomes)}")
        lines.append(f"| {suite} | " + " | ".join(cells) + " |")
    lines.append("| **all** | " + " | ".join(f"**{a}/{b}**" for a, b in totals.values()) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("suite_dir", type=Path)
    parser.add_argument("--only", choices=("ours", "oxigraph"))
    parser.add_argument("--failures", action="store_true", help="list each failing test with the answer")
    args = parser.parse_args()
    starters = {"ours": start_ours, "oxigraph": start_oxigraph}
    results = {}
    with tempfile.TemporaryDirectory(prefix="w3c-") as tmp:
        for key, start in starters.items():
            if args.only and key != args.only:
                continue
            workdir = Path(tmp) / key
            workdir.mkdir()
            target = start(workdir)
            try:
                results[target.name] = run_all(args.suite_dir.resolve(), target)
            finally:
                target.stop()
    print(table(results))
    if args.failures:
        for name, suites in results.items():
            for suite, outcomes in suites.items():
                for test, ok, why in outcomes:
                    if not ok:
                        print(f"{name} {suite}: {test}: {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
