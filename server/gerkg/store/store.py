"""The stores GER-KG can serve: an embedded pyoxigraph store, or any SPARQL 1.1 store over HTTP.

Both answer with pyoxigraph result objects, so the protocol layer serialises the same way whichever
store holds the data.
"""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import requests

from gerkg.sparql.sparql_text import analyse


def rdf_format(path) -> ox.RdfFormat:
    """The RDF format of a file, by its extension (.ttl, .nt, .nq, .trig, .jsonld, .rdf, .owl, .xml)."""
    ext = Path(path).suffix.lstrip(".").lower()
    fmt = ox.RdfFormat.from_extension({"owl": "rdf", "xml": "rdf", "json": "jsonld"}.get(ext, ext))
    if fmt is None:
        raise ValueError(f"{path}: unknown RDF file extension '.{ext}'")
    return fmt


def graph_node(iri: str) -> ox.NamedNode:
    """A graph named in a request (default-graph-uri, named-graph-uri); QuerySyntaxError if not an IRI."""
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise QuerySyntaxError(f"not a graph IRI: {iri!r} ({exc})") from None


class StoreError(Exception):
    """The store failed or could not be reached (as opposed to a bad query)."""


class QuerySyntaxError(ValueError):
    """The query or update text is not valid SPARQL; the message says where."""


# A triple held by two graphs (or by the default graph and a named one): where there is none, a query-time
# union of the graphs counts each triple once, exactly like a stored union.
_SHARED_TRIPLE = """ASK { { GRAPH ?a { ?s ?p ?o } GRAPH ?b { ?s ?p ?o } FILTER(?a != ?b) }
                       UNION { ?s ?p ?o GRAPH ?g { ?s ?p ?o } } }"""


class EmbeddedStore:
    """An in-memory pyoxigraph store, loaded from RDF files at start-up.

    Its default graph is either what the files put there (union=False) or the union of all graphs as a
    set. The union is stored (materialised) when a triple sits in several graphs, as in the GER graph where
    several documents state one fact, or when writes must maintain it; otherwise it is taken at query time,
    which answers the same and costs no second copy of the data."""

    def __init__(self, store: ox.Store | None = None, union_at_query_time: bool = False):
        self.store = store if store is not None else ox.Store()
        self.union_at_query_time = union_at_query_time

    @classmethod
    def from_files(cls, paths, union: bool = True, materialise: bool = False) -> "EmbeddedStore":
        """Load RDF files (format by extension); with union, the default graph is the union of all graphs,
        stored if materialise or if it must be to count a triple once."""
        store = ox.Store()
        for path in paths:
            store.bulk_load(path=str(path), format=rdf_format(path))
        if union and not materialise and not store.query(_SHARED_TRIPLE):
            return cls(store, union_at_query_time=True)
        if union:
            store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                              for q in store.quads_for_pattern(None, None, None)
                              if not isinstance(q.graph_name, ox.DefaultGraph))
        return cls(store)

    def query(self, text: str, default_graphs=None, named_graphs=None, names_dataset: bool | None = None,
              base_iri: str | None = None):
        """names_dataset: whether the text has FROM or FROM NAMED, given by a caller that passes the canonical
        text of its analysis; any other text (the pages' own queries) is run in its canonical form here, so
        that no ORDER BY reaches the engine's crashing sort. base_iri: what relative IRIs in the text are
        resolved against when it has no BASE (the protocol passes the endpoint's URL)."""
        if names_dataset is None:
            analysis = analyse(text)
            text, names_dataset = analysis.text, analysis.dataset
        kwargs = {"base_iri": base_iri} if base_iri else {}
        if default_graphs is not None:
            kwargs["default_graph"] = [graph_node(g) for g in default_graphs]
        elif self.union_at_query_time and not names_dataset:
            kwargs["use_default_graph_as_union"] = True  # pyoxigraph's union overrides FROM
        if named_graphs is not None:
            kwargs["named_graphs"] = [graph_node(g) for g in named_graphs]
        try:
            return self.store.query(text, **kwargs)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from None
        except OSError as exc:
            raise StoreError(str(exc)) from exc

    def default_graph_quads(self):
        """The default graph's quads (the union's, when it is taken at query time)."""
        if self.union_at_query_time:
            return (ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                    for q in self.store.quads_for_pattern(None, None, None))
        return self.store.quads_for_pattern(None, None, None, ox.DefaultGraph())

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def quads(self, graph: str | None = None):
        if graph is None:
            return self.store.quads_for_pattern(None, None, None)
        return self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))

    def __len__(self) -> int:
        return len(self.store)

    def ping(self) -> bool:
        self.store.query("ASK {}")
        return True


class RemoteStore:
    """A SPARQL 1.1 store reached over HTTP (Fuseki, Virtuoso, GraphDB, Neptune, QLever, Oxigraph server)."""

    def __init__(self, query_url: str, update_url: str | None = None, gsp_url: str | None = None,
                 user: str | None = None, password: str | None = None, token: str | None = None,
                 timeout: float = 30.0):
        self.query_url, self.update_url, self.gsp_url = query_url, update_url, gsp_url
        self.timeout = timeout
        self.session = requests.Session()
        if user:
            self.session.auth = (user, password or "")
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def _post(self, url, data, content_type, accept, params=None, timeout=None):
        try:
            response = self.session.post(url, data=data.encode("utf-8"), params=params,
                                         headers={"Content-Type": content_type, "Accept": accept},
                                         timeout=timeout or self.timeout)
        except requests.Timeout as exc:
            raise TimeoutError(f"the remote store did not answer within {timeout or self.timeout} s") from exc
        except requests.RequestException as exc:
            raise StoreError(f"the remote store could not be reached: {exc}") from exc
        if response.status_code == 400:
            raise QuerySyntaxError(response.text.strip() or "the remote store rejected the query")
        if response.status_code >= 300:
            raise StoreError(f"the remote store answered {response.status_code}: {response.text[:500]}")
        return response

    def query(self, text: str, default_graphs=None, named_graphs=None, timeout=None, names_dataset=None,
              base_iri=None):
        """base_iri is not passed on: the remote store resolves relative IRIs against its own URL."""
        params = [("default-graph-uri", g) for g in default_graphs or []]
        params += [("named-graph-uri", g) for g in named_graphs or []]
        accept = "application/sparql-results+json, application/n-triples;q=0.9"
        response = self._post(self.query_url, text, "application/sparql-query", accept, params, timeout)
        media = response.headers.get("Content-Type", "").split(";")[0].strip()
        if media in ("application/sparql-results+json", "application/json"):
            return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
        if media in ("application/sparql-results+xml",):
            return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.XML)
        fmt = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.N_TRIPLES
        return (q.triple for q in ox.parse(io.BytesIO(response.content), format=fmt))

    def update(self, text: str, timeout=None) -> None:
        if not self.update_url:
            raise StoreError("no update URL is configured for the remote store")
        self._post(self.update_url, text, "application/sparql-update", "*/*", timeout=timeout)

    def named_graphs(self) -> list[str]:
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return sorted(row[0].value for row in result)

    def default_graph_quads(self):
        for s, p, o in self.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"):
            yield ox.Quad(s, p, o, ox.DefaultGraph())

    def quads(self, graph: str | None = None):
        where = f"GRAPH <{graph}>" if graph else "GRAPH ?g"
        rows = self.query(f"SELECT ?s ?p ?o ?g WHERE {{ {where} {{ ?s ?p ?o }} }}")
        for s, p, o, g in rows:
            yield ox.Quad(s, p, o, g if g is not None else ox.NamedNode(graph))

    def __len__(self) -> int:
        rows = list(self.query("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"))
        return int(rows[0][0].value)

    def ping(self) -> bool:
        self.query("ASK {}")
        return True

    def load(self, path: Path, media_type: str = "application/n-quads") -> None:
        """Push a dataset file into the remote store (its Graph Store endpoint, POST to the whole store)."""
        if not self.gsp_url:
            raise StoreError("no graph store URL is configured for the remote store")
        with open(path, "rb") as body:
            response = self.session.post(self.gsp_url, data=body, headers={"Content-Type": media_type},
                                         timeout=max(self.timeout, 300))
        if response.status_code >= 300:
            raise StoreError(f"loading into the remote store failed ({response.status_code}): {response.text[:500]}")
