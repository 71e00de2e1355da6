"""Browsing and searching without SPARQL, as Datasette browses tables: /browse lists every class with its
count, /browse/<class> its members with facets derived from the data and a ranked search box, /search the
same over every resource; each also as JSON and CSV, paginated."""

from __future__ import annotations

from collections import Counter

from flask import Blueprint, render_template, request, url_for

from gerkg.http.errors import ClientError
from gerkg.namespaces import ONTOLOGY_IRI
from gerkg.pages import page_formats
from gerkg.pages.catalogue import RESERVED, TIERS, Catalogue, Facet, catalogue, normalise
from gerkg.pages.linkeddata import href

bp = Blueprint("browse", __name__)

PAGE_SIZE = 50
FACET_VALUES_SHOWN = 15


def class_href(cat: Catalogue, cls: str, **filters) -> str:
    """The list of a class's members (filtered by facet values)."""
    curie = cat.curie(cls)
    if curie:
        return url_for("browse.class_list", key=curie, **filters)
    return url_for("browse.index", **{"class": cls}, **filters)


def facet_value_param(cat: Catalogue, facet: Facet, value: str) -> str:
    return value if facet.kind == "year" else (cat.curie(value) or value)


@bp.route("/browse")
@bp.route("/browse.<ext>")
def index(ext=None):
    cat = catalogue()
    if request.args.get("class"):
        return _listing(cat, request.args["class"], ext)
    fmt = page_formats.choose(ext)
    classes = [{"iri": c, "label": cat.label(c), "curie": cat.curie(c), "count": n, "href": class_href(cat, c)}
               for c, n in cat.classes()]
    if fmt is page_formats.JSON:
        body = page_formats.json_body({"classes": classes, "resources": len(cat.resources)})
    elif fmt is page_formats.CSV:
        body = page_formats.csv_body(["class", "label", "count"], ([c["iri"], c["label"], c["count"]] for c in classes))
    else:
        body = render_template("browse.html", classes=classes, resources=len(cat.resources))
    return page_formats.respond(body, fmt, "classes")


@bp.route("/browse/<path:key>")
def class_list(key):
    key, ext = page_formats.split_extension(key)
    cat = catalogue()
    return _listing(cat, cat.expand(key), ext)


@bp.route("/search")
@bp.route("/search.<ext>")
def search(ext=None):
    return _listing(catalogue(), None, ext)


def _filters(cat: Catalogue, facets: list[Facet]) -> list[tuple[Facet, str]]:
    by_key = {f.key: f for f in facets}
    filters = []
    for key, value in request.args.items(multi=True):
        if key in RESERVED - {"document"}:
            continue
        facet = by_key.get(key)
        if facet is None:
            raise ClientError(f"'{key}' is not a facet here; the facets are: "
                              + ", ".join(sorted(by_key)) + " (and q, page, size, format)", 400)
        filters.append((facet, value if facet.kind == "year" else cat.expand(value)))
    return filters


def _listing(cat: Catalogue, cls: str | None, ext: str | None):
    fmt = page_formats.choose(ext)
    if cls is not None and cls not in cat.members:
        raise ClientError(f"no resource in the graph has the class <{cls}>; /browse lists the classes", 404)
    facets = cat.facets(cls)
    filters = _filters(cat, facets)
    members = cat.members[cls] if cls else cat.members_all
    selected = [i for i in members if all(v in cat.resources[i].values(f) for f, v in filters)]
    q = request.args.get("q", "").strip()
    ranked = cat.search(q, selected) if normalise(q) else [(i, None) for i in selected]
    shown, paging = page_formats.page_of(ranked, PAGE_SIZE)
    args = [(k, v) for k, v in request.args.items(multi=True) if k not in ("page", "format")]
    facet_views = [_facet_view(cat, f, ranked, filters, args) for f in facets]
    items = [_item(cat, iri, tier, facets) for iri, tier in shown]
    title = cat.label(cls) if cls else ("Search" if q else "All resources")
    data = {"class": {"iri": cls, "label": cat.label(cls)} if cls else None, "q": q or None,
            "filters": [{"facet": f.key, "value": v} for f, v in filters], **paging, "items": items,
            "facets": facet_views}
    if fmt is page_formats.JSON:
        body = page_formats.json_body(data)
    elif fmt is page_formats.CSV:
        header = ["iri", "label"] + (["match"] if q else []) + [f.key for f in facets]
        body = page_formats.csv_body(header, (
            [it["iri"], it["label"]] + ([it["match"]] if q else [])
            + [" ".join(v["value"] for v in it["facets"].get(f.key, [])) for f in facets] for it in items))
    else:
        body = render_template("browse_list.html", title=title, cls=cls, data=data, columns=facets[:4],
                               shown=FACET_VALUES_SHOWN,
                               alternates={f: page_formats.url_with(args + [("format", f)]) for f in ("json", "csv")},
                               sparql=_sparql(cat, cls, filters) if cls else None)
    return page_formats.respond(body, fmt, "search" if cls is None else (cat.curie(cls) or "list").replace(":", "-"))


def _item(cat: Catalogue, iri: str, tier: int | None, facets: list[Facet]) -> dict:
    resource = cat.resources[iri]
    item = {"iri": iri, "label": cat.label(iri), "href": href(iri)}
    if tier is not None:
        item["match"] = TIERS[tier]
    item["facets"] = {f.key: [_value(cat, f, v) for v in sorted(resource.values(f), key=cat.sort_key)]
                      for f in facets if resource.values(f)}
    return item


def _value(cat: Catalogue, facet: Facet, value: str) -> dict:
    if facet.kind == "year":
        return {"value": value, "label": value}
    return {"value": value, "label": cat.label(value), "href": href(value)}


def _facet_view(cat: Catalogue, facet: Facet, ranked, filters, args) -> dict:
    counts = Counter(v for iri, _ in ranked for v in cat.resources[iri].values(facet))
    chosen = {v for f, v in filters if f is facet}
    values = []
    for value, n in sorted(counts.items(), key=lambda vn: (-vn[1], cat.sort_key(vn[0]))):
        param = facet_value_param(cat, facet, value)
        selected = value in chosen
        toggled = [a for a in args if a != (facet.key, param) and
                   not (a[0] == facet.key and cat.expand(a[1]) == value)] if selected else args + [(facet.key, param)]
        values.append({**_value(cat, facet, value), "param": param, "count": n, "selected": selected,
                       "toggle": page_formats.url_with(toggled)})
    return {"key": facet.key, "label": facet.label, "property": facet.prop, "kind": facet.kind, "values": values}


def _sparql(cat: Catalogue, cls: str, filters) -> str:
    """The list as a SPARQL query, to take further on the query page (the search box aside)."""
    lines = ["SELECT ?resource ?label WHERE {", f"  ?resource a <{cls}> ."]
    for n, (facet, value) in enumerate(filters):
        if facet.kind == "document":
            lines.append(f"  GRAPH <{value}> {{ ?resource ?p{n} ?o{n} }}")
        elif facet.kind == "year":
            lines.append(f"  ?resource <{facet.prop}> ?d{n} . FILTER(STRSTARTS(STR(?d{n}), \"{value}\"))")
        else:
            lines.append(f"  ?resource <{facet.prop}> <{value}> .")
    lines += ["  OPTIONAL { ?resource <http://www.w3.org/2000/01/rdf-schema#label> ?label }",
              "} ORDER BY LCASE(STR(?label))"]
    return "\n".join(lines)



def resource_facet_links(iri: str) -> tuple[dict, dict]:
    """For a resource page: the class list of each of its types, and for each (property, value) it states
    that is a facet of its main class, the list filtered by that value."""
    cat = catalogue()
    resource = cat.resources.get(iri)
    if resource is None:
        return {}, {}
    type_links = {c: class_href(cat, c) for c in resource.types}
    main = max(resource.types, key=lambda c: (c.startswith(ONTOLOGY_IRI + "#"), len(cat.members[c])), default=None)
    value_links = {}
    for facet in cat.facets(main) if main else []:
        if facet.kind == "link" and facet.key != "type":  # the types link to their own lists
            for value in resource.values(facet):
                value_links[facet.prop, value] = (cat.label(main), class_href(
                    cat, main, **{facet.key: facet_value_param(cat, facet, value)}))
    return type_links, value_links
