"""Citing a resource: the GER-KG resource itself and the documents that state it, as BibTeX
(/cite/<path>.bib) and CSL-JSON (/cite/<path>.json), shown on the resource page too.

Only facts the graph states go in: a document's title, edition, publisher and date of issue; the resource's
label and IRI. No DOI, author or web address is made up where the graph has none.
"""

from __future__ import annotations

import datetime
import re

from flask import Blueprint, abort

from gerkg.http.errors import ClientError
from gerkg.namespaces import ONTOLOGY_IRI
from gerkg.pages import page_formats
from gerkg.pages.catalogue import catalogue
from gerkg.service import service
from gerkg.sparql.formats import Format

bp = Blueprint("cite", __name__)

BIBTEX = Format("bib", "application/x-bibtex")
CSL_JSON = Format("json", "application/vnd.citationstyles.csl+json")
CONTAINER = "GER-KG: the ISECG Global Exploration Roadmap knowledge graph"
ONTOLOGY = ONTOLOGY_IRI + "#"
DCT = "http://purl.org/dc/terms/"
_FACTS = f"""SELECT ?doc ?p ?o WHERE {{ VALUES ?doc {{ DOCS }} ?doc ?p ?o
  FILTER(?p IN (<{DCT}title>, <{DCT}issued>, <{DCT}publisher>, <{ONTOLOGY}edition>)) }}"""
_FIELDS = {DCT + "title": "title", DCT + "issued": "issued", DCT + "publisher": "publisher",
           ONTOLOGY + "edition": "edition"}


def _key(iri: str) -> str:
    """A citation key from the IRI's path under the base: mission/change-6 -> mission-change-6."""
    base = service().base.base + "/"
    local = iri[len(base):] if iri.startswith(base) else iri
    return re.sub(r"[^A-Za-z0-9]+", "-", local).strip("-").lower() or "ger-kg"


def stated_in(iri: str) -> dict[str, list[str]]:
    """The publications that state a resource (hold it in their graph, or hold a section it cites as its
    source), each with those sections."""
    cat = catalogue()
    resource = cat.resources[iri]
    found = {g: [] for g in sorted(resource.graphs)}
    for source in sorted(resource.links.get(DCT + "source", ()), key=cat.sort_key):
        section = cat.resources.get(source)
        parents = section.links.get(DCT + "isPartOf", ()) if section and ONTOLOGY + "Section" in section.types else ()
        for doc in parents or (source,):
            found.setdefault(doc, []).extend([source] if parents else [])
    return {d: secs for d, secs in found.items()
            if d in cat.resources and ONTOLOGY + "Publication" in cat.resources[d].types}


def documents(iri: str) -> list[dict]:
    """The publications that state a resource, with the facts the graph gives about each."""
    cat = catalogue()
    docs = {d: {"iri": d, "types": sorted(cat.label(t) for t in cat.resources[d].types
                                          if t.startswith(ONTOLOGY) and t != ONTOLOGY + "Publication")}
            for d in stated_in(iri)}
    if docs:
        for doc, p, o in service().store.query(_FACTS.replace("DOCS", " ".join(f"<{d}>" for d in docs))):
            field = _FIELDS[p.value]
            docs[doc.value][field] = cat.label(o.value) if field == "publisher" else o.value
    return list(docs.values())


def _date_parts(value: str) -> list[int]:
    return [int(part) for part in re.findall(r"\d+", value)[:3]]


def csl(iri: str, label: str, docs: list[dict], today: datetime.date) -> list[dict]:
    items = [{"id": "gerkg-" + _key(iri), "type": "dataset", "title": label, "container-title": CONTAINER,
              "URL": iri, "accessed": {"date-parts": [[today.year, today.month, today.day]]}}]
    for doc in docs:
        item = {"id": _key(doc["iri"]), "type": "report", "title": doc.get("title", doc["iri"])}
        if doc.get("publisher"):
            item["publisher"] = doc["publisher"]
        if doc.get("issued"):
            item["issued"] = {"date-parts": [_date_parts(doc["issued"])]}
        if doc.get("edition"):
            item["edition"] = doc["edition"]
        if doc["types"]:
            item["genre"] = "; ".join(sorted(doc["types"]))
        items.append(item)
    return items


_BIB_SPECIAL = re.compile(r"([{}\\&%$#_~^])")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _bib_value(text: str) -> str:
    return "{" + _BIB_SPECIAL.sub(lambda m: "\\" + m.group(1) if m.group(1) not in "~^\\" else
                                  {"~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
                                   "\\": r"\textbackslash{}"}[m.group(1)], text) + "}"


def bibtex(items: list[dict]) -> str:
    """CSL items as BibTeX: the resource as @misc, the documents as @techreport."""
    entries = []
    for item in items:
        kind = "misc" if item["type"] == "dataset" else "techreport"
        fields = [("title", _bib_value(item["title"]))]
        if kind == "misc":
            day = item["accessed"]["date-parts"][0]
            fields += [("howpublished", _bib_value(item["container-title"])), ("url", _bib_value(item["URL"])),
                       ("urldate", _bib_value("{:04d}-{:02d}-{:02d}".format(*day)))]
        else:
            if "publisher" in item:
                fields.append(("institution", _bib_value(item["publisher"])))
            parts = item.get("issued", {}).get("date-parts", [[]])[0]
            if parts:
                fields.append(("year", str(parts[0])))
            if len(parts) > 1:
                fields.append(("month", MONTHS[parts[1] - 1]))
            if "edition" in item:
                fields.append(("edition", _bib_value(str(item["edition"]))))
            if "genre" in item:
                fields.append(("type", _bib_value(item["genre"])))
        body = ",\n".join(f"  {name} = {value}" for name, value in fields)
        entries.append(f"@{kind}{{{item['id']},\n{body}\n}}\n")
    return "\n".join(entries)


def citations(iri: str, label: str) -> list[dict]:
    return csl(iri, label, documents(iri), datetime.date.today())


@bp.route("/cite/<path:path>")
def cite(path):
    stem, _, ext = path.rpartition(".")
    fmt = {"bib": BIBTEX, "json": CSL_JSON}.get(ext)
    if not stem or fmt is None:
        raise ClientError("citations are at /cite/<path>.bib (BibTeX) and /cite/<path>.json (CSL-JSON)", 404)
    iri = service().base.iri(stem)
    cat = catalogue()
    if iri not in cat.resources:
        abort(404)
    items = citations(iri, cat.label(iri))
    body = bibtex(items) if fmt is BIBTEX else page_formats.json_body(items)
    response = page_formats.respond(body, fmt)
    response.headers["Content-Disposition"] = f'attachment; filename="{_key(iri)}.{fmt.name}"'
    return response
