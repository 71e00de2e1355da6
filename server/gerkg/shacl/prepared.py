"""SHACL-SPARQL constraints parsed once per worker, not once per validation.

pyshacl hands rdflib each constraint's SELECT or ASK as a string, and rdflib parses and translates it on
every call: about 40% of a small /validate. This processor keeps the translated queries of the texts it
has seen (rdflib's prepared queries are made to be evaluated again with other bindings) and is registered
as rdflib's "sparql" query processor, the one Graph.query uses by default.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import plugin
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.query import Processor

CACHED_TEXTS = 256  # our shapes hold a few dozen; texts longer than CACHED_LENGTH are not kept
CACHED_LENGTH = 8192


@lru_cache(maxsize=CACHED_TEXTS)
def _translated(text: str, base: str | None, namespaces: tuple):
    return translateQuery(parseQuery(text), base, dict(namespaces) if namespaces else None)


class PreparedProcessor(SPARQLProcessor):
    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str) and len(strOrQuery) <= CACHED_LENGTH:
            namespaces = tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items()))
            strOrQuery = _translated(strOrQuery, base, namespaces)
        return super().query(strOrQuery, initBindings, initNs, base, DEBUG)


def install() -> None:
    plugin.register("sparql", Processor, __name__, "PreparedProcessor")
