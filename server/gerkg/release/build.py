"""The release step: parse the sources, reason, validate, and write the dataset the service loads.

Like ODK's release pipeline, the sources (ontology/, graph/, shapes/) stay hand-edited files and the build
produces one merged artefact, build/dataset.nq, rebuilt only when a source file or the base changes.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from gerkg.namespaces import DEFAULT_BASE, ONTOLOGY_IRI, Base
from gerkg.release import reasoning, sources
from gerkg.shacl import validation

BUILD_VERSION = "2"  # bump when the build's output changes for the same sources


class BuildError(Exception):
    """The sources are invalid: unparseable, inconsistent or not conforming to the shapes."""


@dataclass
class BuildResult:
    path: str
    fingerprint: str
    base: str
    triples: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)
    conforms: bool = True
    violations: int = 0
    cached: bool = False


def _rebased(graph: Graph, base: Base) -> Graph:
    if base.base == DEFAULT_BASE:
        return graph
    out = Graph()
    rb = lambda t: URIRef(base.rebase(str(t))) if isinstance(t, URIRef) else t  # noqa: E731
    for s, p, o in graph:
        out.add((rb(s), p, rb(o)))
    return out


def load_sources(root: Path, base: Base) -> Dataset:
    """Every source graph, parsed and rebased, as named graphs of one dataset."""
    ds = Dataset()
    for source in sources.source_graphs(root):
        g = Graph()
        for path in source.files:
            try:
                g.parse(path, format="turtle")
            except Exception as exc:  # rdflib raises several types; all mean the same to a curator
                raise BuildError(f"{path.relative_to(root)}: {exc}") from exc
        name = URIRef(base.rebase(source.name)) if source.name != ONTOLOGY_IRI else URIRef(ONTOLOGY_IRI)
        target = ds.graph(name)
        for triple in _rebased(g, base):
            target.add(triple)
    return ds


def union(ds: Dataset) -> Graph:
    g = Graph()
    for ctx in ds.graphs():
        for triple in ctx:
            g.add(triple)
    return g


def build(root: Path | None = None, base: Base | None = None, out: Path | None = None,
          force: bool = False, check: bool = True) -> BuildResult:
    """Build build/dataset.nq unless the cached one was built from the same sources."""
    root = root or sources.project_root()
    base = base or Base()
    out = out or root / "build"
    key = sources.fingerprint(root, base.base, BUILD_VERSION)
    manifest = out / "manifest.json"
    if not force and manifest.exists():
        previous = json.loads(manifest.read_text())
        if previous.get("fingerprint") == key and Path(previous["path"]).exists():
            return BuildResult(**{**previous, "cached": True})

    timings = {}
    t0 = time.perf_counter()
    ds = load_sources(root, base)
    timings["parse"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    asserted = union(ds)
    inferred, closure = reasoning.inferred_triples(asserted)
    problems = reasoning.inconsistencies(closure) + [str(c) for c in reasoning.unsatisfiable(closure)]
    if problems:
        raise BuildError("the ontology and data are inconsistent under OWL 2 RL:\n" + "\n".join(problems))
    inferred_graph = ds.graph(URIRef(base.inferred_graph))
    for triple in inferred:
        inferred_graph.add(triple)
    timings["reason"] = time.perf_counter() - t0
    # The default graph is the union of all graphs, as a set: a triple that several documents state is
    # counted once (a query-time union over named graphs would count it once per graph).
    for triple in union(ds):
        ds.default_graph.add(triple)

    result = BuildResult(path=str(out / "dataset.nq"), fingerprint=key, base=base.base)
    if check:
        t0 = time.perf_counter()
        shapes = validation.load_shapes(sources.shape_files(root))
        report = validation.validate(union(ds), shapes)
        timings["validate"] = time.perf_counter() - t0
        result.conforms, result.violations = report.conforms, report.violations
        if report.violations:
            raise BuildError("the data does not conform to the shapes:\n" + report.text)

    out.mkdir(parents=True, exist_ok=True)
    tmp = out / "dataset.nq.tmp"
    ds.serialize(tmp, format="nquads")
    tmp.replace(out / "dataset.nq")
    result.triples = {str(ctx.identifier): len(ctx) for ctx in ds.graphs() if len(ctx)}
    result.seconds = {k: round(v, 3) for k, v in timings.items()}
    manifest.write_text(json.dumps(asdict(result), indent=2))
    return result
