"""Linked data: every IRI under the instance base dereferences (303 See Other, as in "Cool URIs for the
Semantic Web"): /id/<path> redirects to /page/<path> for people and /data/<path>.<ext> for machines.
The ontology namespace (hash IRIs) is served at /ontology, the shapes at /shapes, dumps at /dump.<ext>.
"""

from __future__ import annotations

import functools
import io
import re
from collections import defaultdict

import pyoxigraph as ox
from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from gerkg.http.cors import add_cors
from gerkg.http.errors import ClientError
from gerkg.namespaces import ONTOLOGY_IRI, writable_iri
from gerkg.pages.catalogue import catalogue
from gerkg.service import service
from gerkg.sparql import formats, results

bp = Blueprint("linkeddata", __name__)

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
DEFINITION = "http://www.w3.org/2004/02/skos/core#definition"


def resource_iri(path: str) -> str:
    return service().base.iri(path)


def local_href(iri: str) -> str | None:
    """Where an IRI is served on this host, or None if it is not ours."""
    svc = service()
    if iri.startswith(svc.base.base + "/"):
        return url_for("linkeddata.dereference", path=iri[len(svc.base.base) + 1:])
    if iri == ONTOLOGY_IRI or iri.startswith(ONTOLOGY_IRI + "#"):
        return url_for("linkeddata.ontology") + iri[len(ONTOLOGY_IRI):]
    return None




LINKABLE = re.compile(r"https?://", re.IGNORECASE)


def href(iri: str) -> str | None:
    """Where a link to an IRI may point: this host for our IRIs, the IRI itself when it is http(s), else
    nowhere (a javascript: or data: IRI in the data must never become a clickable link)."""
    return _href(request.script_root, iri)


@functools.lru_cache(maxsize=1 << 16)
def _href(script_root: str, iri: str) -> str | None:  # pages link thousands of IRIs: url_for once each
    return local_href(iri) or (iri if LINKABLE.match(iri) else None)


def _sparql_iri(iri: str) -> str:
    if not writable_iri(iri):
        raise ClientError("not a valid IRI: it holds a space, a control character, one of <>\"{}|^`\\, or a "
                          "character IRIs do not allow where it is", 400)
    return f"<{iri}>"


def _exists(iri: str) -> bool:
    q = f"ASK {{ {{ {_sparql_iri(iri)} ?p ?o }} UNION {{ ?s ?p {_sparql_iri(iri)} }} }}"
    return bool(service().store.query(q))


def description(iri: str):
    """The triples about a resource: outgoing, the blank nodes it points to, and incoming links."""
    s = _sparql_iri(iri)
    q = f"""CONSTRUCT {{ {s} ?p ?o . ?o ?p2 ?o2 . ?x ?p3 {s} }}
WHERE {{ {{ {s} ?p ?o OPTIONAL {{ FILTER(isBlank(?o)) ?o ?p2 ?o2 }} }} UNION {{ ?x ?p3 {s} }} }}"""
    return service().store.query(q)


@bp.route("/id/<path:path>", methods=["GET", "HEAD", "OPTIONS"])
def dereference(path):
    iri = resource_iri(path)
    if not _exists(iri):
        abort(404)
    try:
        fmt = formats.negotiate((formats.HTML,) + formats.GRAPH_FORMATS, request.headers.get("Accept"))
    except formats.NotAcceptable as exc:
        raise ClientError(str(exc), 406) from None
    if fmt is formats.HTML:
        target = url_for("linkeddata.page", path=path)
    else:
        target = url_for("linkeddata.data", path=f"{path}.{fmt.name}")
    response = redirect(target, 303)
    response.headers["Vary"] = "Accept"
    return add_cors(response)


@bp.route("/data/<path:path>")
def data(path):
    stem, _, ext = path.rpartition(".")
    fmt = formats.by_extension(formats.GRAPH_FORMATS, ext) if stem else None
    if fmt is None:
        stem = path
        try:
            fmt = formats.negotiate(formats.GRAPH_FORMATS, request.headers.get("Accept"))
        except formats.NotAcceptable as exc:
            raise ClientError(str(exc), 406) from None
    iri = resource_iri(stem)
    if not _exists(iri):
        abort(404)
    out = results.graph(description(iri), fmt, prefixes=service().prefixes)
    response = Response(out.body, content_type=fmt.content_type)
    response.headers["Link"] = f'<{iri}>; rel="describes"'
    return add_cors(response)


def labels(iris) -> dict[str, str]:
    """English (or untagged) labels of IRIs, in one query: rdfs:label or skos:prefLabel."""
    iris = [i for i in set(iris) if i]
    if not iris:
        return {}
    values = " ".join(f"<{i}>" for i in iris if writable_iri(i))
    q = f"""SELECT ?x (SAMPLE(?l) AS ?label) WHERE {{ VALUES ?x {{ {values} }}
 ?x <{RDFS_LABEL}>|<{SKOS_PREF}> ?l FILTER(LANG(?l) = "en" || LANG(?l) = "") }} GROUP BY ?x"""
    return {row[0].value: row[1].value for row in service().store.query(q)}


def _term_view(term, labels, prefixes):
    if isinstance(term, ox.NamedNode):
        iri = term.value
        short = next((f"{p}:{iri[len(ns):]}" for p, ns in prefixes.items() if ns and iri.startswith(ns)
                      and len(iri) > len(ns)), iri)
        return {"kind": "iri", "iri": iri, "href": href(iri), "text": labels.get(iri, short),
                "short": short}
    if isinstance(term, ox.Literal):
        dt = term.datatype.value.rsplit("#", 1)[-1] if not term.language else None
        return {"kind": "literal", "text": term.value, "lang": term.language,
                "datatype": None if dt in ("string", "langString") else dt}
    return {"kind": "bnode", "text": "_:" + term.value}


@bp.route("/page/<path:path>")
def page(path):
    svc = service()
    iri = resource_iri(path)
    if not _exists(iri):
        abort(404)
    s = _sparql_iri(iri)
    out_rows = list(svc.store.query(
        f"SELECT ?p ?o ?g WHERE {{ {s} ?p ?o OPTIONAL {{ GRAPH ?g {{ {s} ?p ?o }} }} }} ORDER BY ?p ?o"))
    in_rows = list(svc.store.query(f"SELECT DISTINCT ?x ?p WHERE {{ ?x ?p {s} }} ORDER BY ?p ?x LIMIT 500"))
    bnode_rows = list(svc.store.query(
        f"SELECT ?o ?p2 ?o2 WHERE {{ {s} ?p ?o FILTER(isBlank(?o)) ?o ?p2 ?o2 }}"))
    iris = [iri] + [r[0].value for r in out_rows] + [r[1].value for r in out_rows if isinstance(r[1], ox.NamedNode)]
    iris += [r[0].value for r in in_rows if isinstance(r[0], ox.NamedNode)] + [r[1].value for r in in_rows]
    iris += [r[1].value for r in bnode_rows] + [r[2].value for r in bnode_rows if isinstance(r[2], ox.NamedNode)]
    iris += [r[2].value for r in out_rows if r[2] is not None]
    names = labels(iris)
    prefixes = svc.prefixes

    statements = defaultdict(dict)  # predicate -> object key -> view with its source graphs
    for p, o, g in out_rows:
        key = str(o)
        view = statements[p.value].setdefault(key, _term_view(o, names, prefixes))
        view.setdefault("graphs", []).extend([_term_view(g, names, prefixes)] if g is not None else [])
        if isinstance(o, ox.BlankNode):
            view["nested"] = [(_term_view(p2, names, prefixes), _term_view(o2, names, prefixes))
                              for b, p2, o2 in bnode_rows if b == o]
    properties = [(_term_view(ox.NamedNode(p), names, prefixes), list(objs.values()))
                  for p, objs in sorted(statements.items(), key=lambda kv: (kv[0] != RDF_TYPE, kv[0]))]
    incoming = [(_term_view(x, names, prefixes), _term_view(p, names, prefixes)) for x, p in in_rows]
    first = lambda pred: next((v[0]["text"] for p, v in properties if p["iri"] == pred), None)  # noqa: E731
    html = render_template(
        "resource.html", iri=iri, label=names.get(iri, path), properties=properties, incoming=incoming,
        description=first(COMMENT) or first(DEFINITION),
        alternates=[(f.name, f.media_type, url_for("linkeddata.data", path=f"{path}.{f.name}"))
                    for f in formats.GRAPH_FORMATS[:4]],
        **_lists_sources_and_citations(iri, path, names.get(iri, path), properties, prefixes))
    return Response(html, content_type="text/html; charset=utf-8")


def _lists_sources_and_citations(iri, path, label, properties, prefixes) -> dict:
    """What a page adds to its statements: its types and facet values linked to the browse lists, the
    documents and sections that state it, and its citations."""
    from . import browse, cite  # they link back to pages: imported here, not at the top
    type_links, value_links = browse.resource_facet_links(iri)
    for p, objs in properties:
        for o in objs:
            o["list"] = value_links.get((p["iri"], o.get("iri")))
    known = catalogue().labels
    sources = [(_term_view(ox.NamedNode(doc), known, prefixes), [_term_view(ox.NamedNode(s), known, prefixes)
                                                                for s in sections])
               for doc, sections in (cite.stated_in(iri) if type_links else {}).items()]
    citations = cite.citations(iri, label) if type_links else []
    return {"types": [dict(o, href=type_links.get(o["iri"], o["href"])) for p, objs in properties
                      if p["iri"] == RDF_TYPE for o in objs],
            "sources": sources, "citations": citations, "bibtex": cite.bibtex(citations) if citations else "",
            "cite_links": {ext: url_for("cite.cite", path=f"{path}.{ext}") for ext in ("bib", "json")}}


@bp.route("/ontology")
@bp.route("/ontology.<ext>")
def ontology(ext=None):
    svc = service()
    offered = (formats.HTML,) + formats.GRAPH_FORMATS
    try:
        fmt = (formats.by_extension(offered, ext) if ext else
               formats.negotiate(offered, request.headers.get("Accept"), request.args.get("format")))
    except formats.NotAcceptable as exc:
        raise ClientError(str(exc), 406) from None
    if fmt is None:
        abort(404)
    if fmt is formats.HTML:
        from gerkg.release.ontology_docs import ontology_html
        return Response(ontology_html(svc.config), content_type="text/html; charset=utf-8")
    out = results.graph(svc.store.quads(ONTOLOGY_IRI), fmt, prefixes=svc.prefixes)
    response = Response(out.body, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    return add_cors(response)


@bp.route("/shapes")
@bp.route("/shapes.ttl")
def shapes():
    from gerkg.release import sources
    svc = service()
    body = b"".join(p.read_bytes() + b"\n" for p in sources.shape_files(svc.config.root))
    return add_cors(Response(body, content_type="text/turtle; charset=utf-8"))


@bp.route("/dump.<ext>")
def dump(ext):
    svc = service()
    fmt = formats.by_extension(formats.GRAPH_FORMATS, ext)
    if fmt is None or fmt.name in ("nt", "rdf"):
        raise ClientError("dumps are available as dump.nq, dump.trig, dump.ttl and dump.jsonld", 404)
    buffer = io.BytesIO()
    quads = svc.store.quads()
    if fmt.rdf is ox.RdfFormat.TURTLE:  # a graph format: the union, each triple once
        quads = dict.fromkeys(q.triple for q in quads)
    ox.serialize(quads, buffer, format=fmt.rdf, prefixes=svc.prefixes if fmt.name in ("ttl", "trig") else None)
    response = Response(buffer.getvalue(), content_type=fmt.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="ger-kg.{fmt.name}"'
    return add_cors(response)
