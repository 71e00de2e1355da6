"""What changed between two documents: /diff?from=<graph>&to=<graph> lists, per resource, the statements
the second graph adds and those it drops, with labels, as HTML, JSON and CSV, and as the SPARQL Update that
turns the first graph into the second (format=sparql, or Accept: application/sparql-update).

Blank nodes (quantities: a value and a unit) are compared by what they say, not by their labels, which
differ from one graph to the next: a blank node is folded into the statement that points to it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

import pyoxigraph as ox
from flask import Blueprint, render_template, request

from gerkg.http.errors import ClientError
from gerkg.pages import page_formats
from gerkg.pages.catalogue import Catalogue, catalogue
from gerkg.pages.linkeddata import href
from gerkg.service import service
from gerkg.sparql.formats import Format

bp = Blueprint("diff", __name__)

SPARQL_UPDATE = Format("sparql", "application/sparql-update")
DIFF_FORMATS = page_formats.PAGE_FORMATS + (SPARQL_UPDATE,)
PAGE_SIZE = 50  # resources


class Statement(NamedTuple):
    """A statement as compared; a value is ("term", N-Triples text) or ("blank", sorted ((property, value), ...))."""
    subject: tuple
    predicate: str
    value: tuple


class GraphContent:
    """One named graph's statements, blank nodes folded into the statements that point to them."""

    def __init__(self, quads):
        self.terms: dict[str, object] = {}
        outgoing, referenced = defaultdict(list), set()
        for s, p, o in quads:
            outgoing[s].append((p, o))
            if isinstance(o, ox.BlankNode):
                referenced.add(o)
        self._outgoing = outgoing
        self.statements = {Statement(self.value(s, ()), p.value, self.value(o, (s,)))
                           for s, pairs in outgoing.items() if s not in referenced for p, o in pairs}

    def value(self, term, path: tuple) -> tuple:
        if isinstance(term, ox.BlankNode) and term not in path:
            return ("blank", tuple(sorted((p.value, self.value(o, path + (term,))) for p, o in self._outgoing[term])))
        key = str(term)
        self.terms[key] = term
        return ("term", key)


def read_graph(graph: str) -> GraphContent:
    rows = service().store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return GraphContent((s, p, o) for s, p, o in rows)


def documents(cat: Catalogue) -> list[str]:
    """The named graphs that are documents, in the order of the latest date the graph states on each or on
    its parts (its issue, its sections' status dates); undated ones last."""
    names = set(service().store.named_graphs())
    docs = [g for g in names if g in cat.members.get(_publication(cat), ())]
    years = defaultdict(set)
    part_of = cat.expand("dcterms:isPartOf")
    for iri, resource in cat.resources.items():
        for whole in resource.links.get(part_of, {iri}) | {iri}:
            years[whole].update(y for ys in resource.years.values() for y in ys)
    return sorted(docs, key=lambda g: (max(years[g], default="9999"), g))


def _publication(cat: Catalogue) -> str:
    return cat.expand("ger:Publication")


def pairs(cat: Catalogue, docs: list[str]) -> list[tuple[str, str]]:
    """Consecutive editions: documents of the same kind, one after the other."""
    by_kind = defaultdict(list)
    for doc in docs:
        kinds = sorted(t for t in cat.resources[doc].types if t.startswith(cat.expand("ger:")) and t != _publication(cat))
        by_kind[tuple(kinds)].append(doc)
    return [(a, b) for same in by_kind.values() for a, b in zip(same, same[1:])]


def _resolve(cat: Catalogue, docs: list[str], given: str) -> str:
    base = service().base
    candidates = (given, cat.expand(given), base.iri(given), base.iri(f"publication/{given}"))
    found = next((c for c in candidates if c in docs), None)
    if found is None:
        raise ClientError(f"there is no document graph {given!r}; the documents are: "
                          + ", ".join(cat.curie(d) or d for d in docs), 400)
    return found


@bp.route("/diff")
@bp.route("/diff.<ext>")
def diff(ext=None):
    cat = catalogue()
    docs = cat.memo("documents", lambda: documents(cat))
    fmt = page_formats.choose(ext, DIFF_FORMATS)
    given = request.args.get("from"), request.args.get("to")
    offer = {"docs": [_doc(cat, d) for d in docs], "pairs": [(_doc(cat, a), _doc(cat, b)) for a, b in pairs(cat, docs)]}
    if not any(given) and fmt in (page_formats.HTML, page_formats.JSON):
        body = (render_template("diff.html", result=None, **offer) if fmt is page_formats.HTML else
                page_formats.json_body({"documents": offer["docs"],
                                        "pairs": [{"from": a["iri"], "to": b["iri"]} for a, b in offer["pairs"]]}))
        return page_formats.respond(body, fmt)
    if not all(given):
        raise ClientError("give both graphs: /diff?from=<graph>&to=<graph>", 400)
    source, target = (_resolve(cat, docs, g) for g in given)
    old, new = (cat.memo(("graph", g), lambda g=g: read_graph(g)) for g in (source, target))
    removed, added = old.statements - new.statements, new.statements - old.statements
    terms = {**old.terms, **new.terms}
    if fmt is SPARQL_UPDATE:
        return page_formats.respond(sparql_update(source, target, removed, added), fmt)
    views = Views(cat, terms)
    resources = _by_resource(views, removed, added)
    result = {"from": _doc(cat, source), "to": _doc(cat, target), "added": len(added), "removed": len(removed)}
    if fmt is page_formats.CSV:
        full = (_statements(views, *rc) for rc in resources)
        body = page_formats.csv_body(
            ["resource", "resource_label", "change", "property", "property_label", "value", "value_label"],
            ([r["iri"], r["label"], change, st["property"]["iri"], st["property"]["label"],
              _text(st["value"]), st["value"].get("label", "")]
             for r in full for change in ("removed", "added") for st in r[change]))
        return page_formats.respond(body, fmt, "diff")
    shown, paging = page_formats.page_of(resources, PAGE_SIZE)
    result.update(paging, resources=[_statements(views, *rc) for rc in shown])
    if fmt is page_formats.JSON:
        body = page_formats.json_body(result)
    else:
        update = page_formats.url_with([(k, v) for k, v in request.args.items() if k in ("from", "to")])
        body = render_template("diff.html", result=result, **offer, data_href=update)
    return page_formats.respond(body, fmt, "diff")


def _doc(cat: Catalogue, iri: str) -> dict:
    return {"iri": iri, "label": cat.label(iri), "param": cat.curie(iri) or iri, "href": href(iri)}


class Views:
    """How terms and compared values are shown, each IRI's label and link looked up once."""

    def __init__(self, cat: Catalogue, terms: dict):
        self.cat, self.terms, self._iris = cat, terms, {}

    def iri(self, iri: str) -> dict:
        if iri not in self._iris:
            self._iris[iri] = {"iri": iri, "label": self.cat.label(iri), "href": href(iri)}
        return self._iris[iri]

    def value(self, value: tuple) -> dict:
        kind, content = value
        if kind == "blank":
            return {"blank": [{"property": self.iri(p), "value": self.value(v)} for p, v in content]}
        term = self.terms[content]
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.Literal):
            datatype = None if term.language else term.datatype.value
            return {"literal": term.value, "lang": term.language,
                    "datatype": None if datatype and datatype.endswith("#string") else datatype}
        return {"literal": content}


def _by_resource(views: Views, removed, added) -> list[tuple[dict, dict]]:
    """The changed resources in the order of their labels, each with its statements removed and added."""
    changes = defaultdict(lambda: {"removed": [], "added": []})
    for change, statements in (("removed", removed), ("added", added)):
        for st in sorted(statements):
            changes[st.subject][change].append(st)
    out = []
    for subject, change in changes.items():
        view = views.value(subject)
        out.append(({"iri": view.get("iri") or _text(view), "label": view.get("label", _text(view)),
                     "href": view.get("href")}, change))
    return sorted(out, key=lambda rc: (rc[0]["label"].casefold(), rc[0]["iri"]))


def _statements(views: Views, resource: dict, change: dict) -> dict:
    return {**resource, **{kind: [{"property": views.iri(st.predicate), "value": views.value(st.value)}
                                  for st in statements] for kind, statements in change.items()}}


def _text(view: dict) -> str:
    if "blank" in view:
        return "[ " + " ; ".join(f"{st['property']['iri']} {_text(st['value'])}" for st in view["blank"]) + " ]"
    return view.get("iri") or view["literal"]


def sparql_update(source: str, target: str, removed, added) -> str:
    """The update that turns graph `source` into graph `target`: statements without blank nodes by
    DELETE DATA, each blank-node value by a DELETE matching exactly its content, additions by INSERT DATA."""
    plain, blank = [], []
    for st in sorted(removed):
        (plain if st.value[0] == "term" and st.subject[0] == "term" else blank).append(st)
    ops = [f"# turns <{source}> into <{target}>: {len(removed)} statements removed, {len(added)} added"]
    if plain:
        ops.append(f"DELETE DATA {{ GRAPH <{source}> {{\n"
                   + "".join(f"  {_write(st.subject)} <{st.predicate}> {_write(st.value)} .\n" for st in plain) + "} }")
    for st in blank:
        counter = iter(range(10**6))
        where, delete = [], []
        subject = _pattern(st.subject, where, delete, counter)
        value = _pattern(st.value, where, delete, counter)
        where.insert(0, f"{subject} <{st.predicate}> {value} .")
        delete.insert(0, f"{subject} <{st.predicate}> {value} .")
        ops.append(f"DELETE {{ GRAPH <{source}> {{ {' '.join(delete)} }} }}\nWHERE {{ GRAPH <{source}> {{\n  "
                   + "\n  ".join(where) + "\n} }")
    if added:
        ops.append(f"INSERT DATA {{ GRAPH <{source}> {{\n"
                   + "".join(f"  {_write(st.subject)} <{st.predicate}> {_write(st.value)} .\n" for st in sorted(added))
                   + "} }")
    return ops[0] + "\n" + " ;\n".join(ops[1:]) + "\n"


def _write(value: tuple) -> str:
    kind, content = value
    if kind == "term":
        return content
    return "[ " + " ; ".join(f"<{p}> {_write(v)}" for p, v in content) + " ]"


def _pattern(value: tuple, where: list, delete: list, counter) -> str:
    """A variable matching a blank node with exactly this content (the same statements, no more)."""
    kind, content = value
    if kind == "term":
        return content
    var = f"?b{next(counter)}"
    for p, v in content:
        where.append(f"{var} <{p}> {_pattern(v, where, delete, counter)} .")
    where.append(f"{{ SELECT {var} (COUNT(*) AS {var}n) WHERE {{ {var} ?x ?y }} GROUP BY {var} }} "
                 f"FILTER({var}n = {len(content)})")
    where.append(f"{var} {var}p {var}o .")
    delete.append(f"{var} {var}p {var}o .")
    return var
