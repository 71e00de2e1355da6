"""What the browse, search, diff and citation pages know about the served graph: every typed resource with
its names (normalised once for search), types, links, years and source documents, and every IRI's label.

Why: browsing and searching must answer in milliseconds on the embedded and on a remote store alike, so the
catalogue is read with a few SPARQL queries once per store generation (after a write, or every
REMOTE_REFRESH seconds on a remote store that others may write to) and kept in memory per worker.
"""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCT_SOURCE = "http://purl.org/dc/terms/source"
XSD = "http://www.w3.org/2001/XMLSchema#"
REMOTE_REFRESH = 60.0

# Prefixes for readable keys where the curators' prefix list has none.
COMMON_PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#", "xsd": XSD, "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/", "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/", "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#", "qudt": "http://qudt.org/schema/qudt/",
}

_NAMES = """SELECT ?s ?kind ?name WHERE {
  { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?name BIND(0 AS ?kind) }
  UNION { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?name BIND(1 AS ?kind) }
  UNION { ?s <http://www.w3.org/2004/02/skos/core#altLabel> ?name BIND(2 AS ?kind) }
  UNION { ?s <https://w3id.org/ger-kg/ontology#acronym> ?name BIND(3 AS ?kind) }
  FILTER(isIRI(?s) && isLiteral(?name)) }"""
_LINKS = f"""SELECT ?s ?p ?o WHERE {{ ?s ?p ?o FILTER(isIRI(?s) && (isIRI(?o) || DATATYPE(?o) IN
  (<{XSD}date>, <{XSD}dateTime>, <{XSD}gYear>, <{XSD}gYearMonth>))) }}"""
_GRAPHS = "SELECT DISTINCT ?s ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?s)) }"

# Facets: a property is offered when enough members use it and its values repeat (a grouping, not an id).
FACET_MIN_SHARE = 0.1
FACET_MAX_DISTINCT_SHARE = 0.75
MAX_FACETS = 10
NOT_FACETS = {DCT_SOURCE}  # the sections: the document facet groups them
YEAR = re.compile(r"^-?\d{4}")
RESERVED = {"q", "page", "size", "format", "class", "document"}  # URL parameters that are not facet keys

_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc\u02b9`\u00b4]")
_SEPARATORS = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Case-, accent-, apostrophe- and punctuation-insensitive words: "Chang'e-6" and "CHANG’É 6" are
    both "change 6"."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(_SEPARATORS.sub(" ", _APOSTROPHES.sub("", text.casefold())).split())


TIERS = ("exact", "prefix", "word", "substring", "related")


def match_tier(names, q: str, compact: str) -> int | None:
    """The best tier at which normalised names match a normalised query: exact > prefix > word > substring."""
    best = None
    for name, name_compact in names:
        if name_compact == compact:  # the same words, however spaced
            return 0
        if name.startswith(q):
            tier = 1
        elif f" {q} " in f" {name} ":
            tier = 2
        elif q in name or compact in name_compact:
            tier = 3
        else:
            continue
        best = tier if best is None else min(best, tier)
    return best


@dataclass
class Facet:
    key: str  # the URL parameter
    prop: str | None  # the property IRI (None: the source document)
    label: str
    kind: str  # "link", "year" or "document"


@dataclass
class Resource:
    iri: str
    types: set = field(default_factory=set)
    names: list = field(default_factory=list)  # (normalised, compact)
    links: dict = field(default_factory=lambda: defaultdict(set))  # property -> IRIs
    years: dict = field(default_factory=lambda: defaultdict(set))  # date property -> years
    graphs: set = field(default_factory=set)

    def values(self, facet: Facet) -> set:
        if facet.kind == "document":
            return self.graphs
        return (self.years if facet.kind == "year" else self.links).get(facet.prop, set())


class Catalogue:
    """One generation of the served graph, as the pages need it."""

    def __init__(self, store, prefixes: dict[str, str], hidden_graphs=()):
        self.prefixes = {**COMMON_PREFIXES, **prefixes}
        self.labels: dict[str, str] = {}
        self.resources: dict[str, Resource] = {}
        self._facets: dict[str, list[Facet]] = {}
        self._memo: dict = {}
        self._sort_keys: dict = {}
        label_rank: dict[str, tuple] = {}
        names = defaultdict(list)
        for s, kind, name in store.query(_NAMES):
            kind = int(kind.value)
            if kind < 2:  # rdfs:label before skos:prefLabel, English or untagged before other languages
                rank = (kind, (name.language or "en") != "en")
                if s.value not in label_rank or rank < label_rank[s.value]:
                    label_rank[s.value], self.labels[s.value] = rank, name.value
            names[s.value].append(name.value)
        links = list(store.query(_LINKS))
        for s, p, o in links:
            if p.value == RDF_TYPE and isinstance(o, ox.NamedNode):
                self.resources.setdefault(s.value, Resource(s.value)).types.add(o.value)
        for s, p, o in links:
            resource = self.resources.get(s.value)
            if resource is None:
                continue
            if isinstance(o, ox.NamedNode):
                resource.links[p.value].add(o.value)
            elif YEAR.match(o.value):
                resource.years[p.value].add(YEAR.match(o.value).group())
        for s, g in store.query(_GRAPHS):
            if s.value in self.resources and g.value not in hidden_graphs:
                self.resources[s.value].graphs.add(g.value)
        self._named = defaultdict(set)  # compact name -> the resources so named
        for iri, resource in self.resources.items():
            forms = {normalise(n) for n in names.get(iri, ())} - {""}
            resource.names = [(n, n.replace(" ", "")) for n in sorted(forms)]
            for _, compact in resource.names:
                self._named[compact].add(iri)
        self.members = defaultdict(list)
        self.members_all = sorted(self.resources, key=self.sort_key)
        for iri in self.members_all:
            for cls in self.resources[iri].types:
                self.members[cls].append(iri)

    def memo(self, key, compute):
        """A value derived from this generation of the graph, computed once (a few, small: per document)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or self.curie(iri) or iri

    def sort_key(self, iri: str):
        key = self._sort_keys.get(iri)
        if key is None:
            key = self._sort_keys[iri] = (normalise(self.label(iri)), iri)
        return key

    def curie(self, iri: str) -> str | None:
        for prefix, ns in self.prefixes.items():
            if ns and iri.startswith(ns) and len(iri) > len(ns) and "/" not in iri[len(ns):]:
                return f"{prefix}:{iri[len(ns):]}"
        return None

    def expand(self, key: str) -> str:
        """A prefixed name (or an IRI) as an IRI."""
        prefix, sep, local = key.partition(":")
        if sep and prefix in self.prefixes and not local.startswith("//"):
            return self.prefixes[prefix] + local
        return key

    def classes(self) -> list[tuple[str, int]]:
        return sorted(((c, len(m)) for c, m in self.members.items()), key=lambda cm: (-cm[1], self.sort_key(cm[0])))

    def facets(self, cls: str | None) -> list[Facet]:
        """The facets of a class (None: of every resource), derived from how its members use properties."""
        if cls not in self._facets:
            self._facets[cls] = self._derive_facets(self.members.get(cls, []) if cls else list(self.resources))
        return self._facets[cls]

    def _derive_facets(self, members: list[str]) -> list[Facet]:
        users, values = Counter(), defaultdict(set)
        for iri in members:
            resource = self.resources[iri]
            for kind, table in (("link", resource.links), ("year", resource.years)):
                for prop, vals in table.items():
                    users[kind, prop] += 1
                    values[kind, prop] |= vals
        threshold = max(2, FACET_MIN_SHARE * len(members))
        chosen = [(kind, prop) for (kind, prop), n in users.most_common()
                  if n >= threshold and prop not in NOT_FACETS
                  and (kind == "year" or len(values[kind, prop]) <= FACET_MAX_DISTINCT_SHARE * n)][:MAX_FACETS]
        local = Counter(_local_name(prop) for _, prop in chosen)
        facets = []
        for kind, prop in chosen:
            key = "type" if prop == RDF_TYPE else _local_name(prop)
            if local[_local_name(prop)] > 1 or key in RESERVED:
                key = self.curie(prop) or prop
            label = self.label(prop) if prop != RDF_TYPE else "type"
            facets.append(Facet(key, prop, f"{label} (year)" if kind == "year" else label, kind))
        if any(self.resources[i].graphs for i in members):
            facets.append(Facet("document", None, "source document", "document"))
        return facets

    def search(self, query: str, candidates) -> list[tuple[str, int]]:
        """The candidates matching a query, with their tier, best first: a match on a resource's own names
        (exact, prefix, word, substring), then the resources that link to one named exactly so (related)."""
        q = normalise(query)
        compact = q.replace(" ", "")
        named_exactly = self._named.get(compact, set())
        found = []
        for iri in candidates:
            resource = self.resources[iri]
            tier = match_tier(resource.names, q, compact) if q else None
            if tier is None and named_exactly and any(o in named_exactly for objs in resource.links.values()
                                                      for o in objs):
                tier = 4
            if tier is not None:
                found.append((iri, tier))
        found.sort(key=lambda it: (it[1], self.sort_key(it[0])))
        return found



def _local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1] or iri


class CatalogueCache:
    """The catalogue of the current store generation, built on first use."""

    def __init__(self):
        self._lock = threading.Lock()
        self._key, self._catalogue = None, None

    def get(self, svc) -> Catalogue:
        key = (svc.generation, int(time.time() // REMOTE_REFRESH) if svc.config.remote else 0)
        with self._lock:
            if key != self._key:
                hidden = {svc.base.inferred_graph, svc.base.log_graph}
                self._catalogue, self._key = Catalogue(svc.store, svc.prefixes, hidden), key
            return self._catalogue


_cache = CatalogueCache()


def catalogue() -> Catalogue:
    from gerkg.service import service
    return _cache.get(service())
