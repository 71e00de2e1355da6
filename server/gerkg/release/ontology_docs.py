"""Documentation of the ontology for people, generated with pyLODE and cached in the build folder."""

from __future__ import annotations

from pathlib import Path

from gerkg.config import Config
from gerkg.release import sources


def ontology_html(config: Config) -> str:
    key = sources.fingerprint(config.root, "ontology-docs")[:16]
    cache = Path(config.cache_dir) / f"ontology-{key}.html"
    if cache.exists():
        return cache.read_text()
    from pylode import OntPub
    from rdflib import Graph

    graph = Graph()
    for path in sources.ontology_files(config.root):
        graph.parse(path, format="turtle")
    html = OntPub(ontology=graph).make_html()
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".tmp")
    tmp.write_text(html)
    tmp.replace(cache)
    return html
