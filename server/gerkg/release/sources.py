"""Where the source files live, and which named graph each one belongs to.

ontology/*.ttl go to the ontology graph; graph/<document>/*.ttl to the document's graph
(<base>/publication/<document>); shapes/*.ttl are not loaded into the store but served and used to validate.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from gerkg.namespaces import DEFAULT_BASE, ONTOLOGY_IRI


def project_root() -> Path:
    """The checkout that holds ontology/, graph/ and shapes/ (GER_ROOT overrides)."""
    env = os.environ.get("GER_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class SourceGraph:
    name: str  # graph IRI, written with the default base
    files: tuple[Path, ...]


def ontology_files(root: Path) -> list[Path]:
    return sorted((root / "ontology").glob("*.ttl"))


def shape_files(root: Path) -> list[Path]:
    return sorted((root / "shapes").glob("*.ttl"))


def data_graphs(root: Path) -> list[SourceGraph]:
    graphs = []
    for folder in sorted(p for p in (root / "graph").iterdir() if p.is_dir()):
        files = tuple(sorted(folder.glob("*.ttl")))
        if files:
            graphs.append(SourceGraph(f"{DEFAULT_BASE}/publication/{folder.name}", files))
    return graphs


def source_graphs(root: Path) -> list[SourceGraph]:
    """The ontology graph followed by one graph per source document."""
    return [SourceGraph(ONTOLOGY_IRI, tuple(ontology_files(root)))] + data_graphs(root)


def fingerprint(root: Path, *extra: str) -> str:
    """A hash of every source file and of the given settings: the build cache key."""
    h = hashlib.sha256()
    files = ontology_files(root) + shape_files(root) + [f for g in data_graphs(root) for f in g.files]
    for path in files:
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    for value in extra:
        h.update(value.encode())
    return h.hexdigest()
