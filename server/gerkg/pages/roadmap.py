"""/roadmap: the GER's mission timeline drawn from the graph, by destination along the years.

The rows come from one of the examples (graph/queries/90-roadmap.rq), so the picture is reproducible on the
query page; the rules that place a mission (lane, state, crew) are written in that file. Missions with no
launch date or "no earlier than" year are listed beside the chart, never placed on it. Filters: agency (lead
or contributing) and document (the named graph that states the mission). Also as JSON and CSV."""

from __future__ import annotations

from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, render_template, request, url_for

from gerkg.http.errors import ClientError
from gerkg.namespaces import DEFAULT_BASE
from gerkg.pages import page_formats
from gerkg.pages.linkeddata import labels
from gerkg.pages.ui import page_context
from gerkg.service import service

bp = Blueprint("roadmap", __name__)

QUERY_FILE = "90-roadmap.rq"
LANES = ("Low-Earth orbit", "Moon", "Mars", "Other")
STATES = ("completed", "in operation", "planned", "no earlier than", "failed", "cancelled", "not stated")
PRECISION = {"gYear": "year", "gYearMonth": "month", "date": "day"}
COLUMNS = ("mission", "name", "destination", "crew", "launch", "precision", "state", "agencies", "documents")
FILTERS = {"agency": "agencies", "document": "documents"}  # request parameter -> the field of a mission it tests


def roadmap_query() -> str:
    """The example's text, with the IRIs of this deployment's base."""
    svc = service()
    text = (svc.config.root / "graph" / "queries" / QUERY_FILE).read_text()
    return text.replace(DEFAULT_BASE + "/", svc.base.base + "/")


def _value(term):
    return term.value if term is not None else None


def read_missions() -> list[dict]:
    """One dict per mission, as the roadmap query answers it."""
    solutions = service().store.query(roadmap_query())
    names = [v.value for v in solutions.variables]
    missions = []
    for row in solutions:
        m = {n: _value(row[n]) for n in names}
        launch = row["launch"]
        datatype = launch.datatype.value.rsplit("#", 1)[-1] if isinstance(launch, ox.Literal) else None
        m["precision"] = PRECISION.get(datatype)
        m["agencies"] = (m["agencies"] or "").split()
        m["documents"] = (m["documents"] or "").split()
        missions.append(m)
    return missions


def _options(missions, field, names) -> list[dict]:
    base = service().base.base + "/"
    iris = {i for m in missions for i in m[field]}
    return sorted(({"value": i[len(base):] if i.startswith(base) else i, "iri": i, "label": names.get(i, i)}
                   for i in iris), key=lambda o: o["label"].lower())


def _chosen(options, param) -> str | None:
    """The IRI a filter parameter names (the path under the base, as the form sends it), or None."""
    value = request.args.get(param, "").strip()
    if not value:
        return None
    for o in options:
        if value in (o["value"], o["iri"]):
            return o["iri"]
    raise ClientError(f"no mission on the roadmap has the {param} '{value}'; choose one of: "
                      + ", ".join(o["value"] for o in options))


def _row(m) -> list:
    return [m[c] if not isinstance(m[c], list) else " ".join(m[c]) for c in COLUMNS]


@bp.route("/roadmap")
@bp.route("/roadmap.<ext>")
def roadmap(ext=None):
    fmt = page_formats.choose(ext)
    missions = read_missions()
    names = labels(i for m in missions for field in ("agencies", "documents") for i in m[field])
    options = {param: _options(missions, field, names) for param, field in FILTERS.items()}
    chosen = {param: _chosen(options[param], param) for param in FILTERS}
    shown = [m for m in missions if all(iri is None or iri in m[FILTERS[p]] for p, iri in chosen.items())]
    dated = [m for m in shown if m["launch"]]
    undated = [m for m in shown if not m["launch"]]
    if fmt is page_formats.JSON:
        body = page_formats.json_body({"query": roadmap_query(), "filters": chosen, "dated": dated,
                                       "undated": undated})
    elif fmt is page_formats.CSV:
        body = page_formats.csv_body(list(COLUMNS), (_row(m) for m in shown))
    else:
        base = service().base.base + "/"
        for m in shown:
            m["href"] = url_for("linkeddata.page", path=m["mission"][len(base):]) \
                if m["mission"].startswith(base) else ""
            m["agency_names"] = [names.get(i, i) for i in m["agencies"]]
        body = render_template(
            "roadmap.html", dated=dated, undated=undated, options=options, chosen=chosen, lanes=LANES,
            states=STATES, query_link=url_for("ui.index") + "#" + urlencode({"query": roadmap_query(),
                                                                             "view": "timeline"}),
            **page_context())
    return page_formats.respond(body, fmt, "roadmap")
