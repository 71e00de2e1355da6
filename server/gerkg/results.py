"""Serialising query results, cut at the row cap.

SELECT rows are written here rather than by pyoxigraph's serialisers so that the result can stop at the
row cap and say it did; graphs go through pyoxigraph's serialisers.
"""

from __future__ import annotations

import io
import itertools
import json
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from .formats import Format

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass
class Serialised:
    body: bytes
    rows: int
    truncated: bool


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    raise TypeError(term)


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv_field(term) -> str:
    if term is None:
        return ""
    value = term.value if not isinstance(term, ox.BlankNode) else "_:" + term.value
    if isinstance(term, ox.Triple):
        value = str(term)
    if any(c in value for c in ',"\r\n'):
        value = '"' + value.replace('"', '""') + '"'
    return value


def _tsv_field(term) -> str:
    return "" if term is None else str(term)


def select(solutions, fmt: Format, row_cap: int) -> Serialised:
    names = [v.value for v in solutions.variables]
    rows = list(itertools.islice(solutions, row_cap + 1))
    truncated = len(rows) > row_cap
    rows = rows[:row_cap]
    out = io.StringIO()
    if fmt.name == "json":
        bindings = []
        for row in rows:
            binding = {}
            for i, name in enumerate(names):
                term = row[i]
                if term is not None:
                    binding[name] = _json_term(term)
            bindings.append(binding)
        doc = {"head": {"vars": names}, "results": {"bindings": bindings}}
        if truncated:
            doc["truncated"] = True
        json.dump(doc, out, ensure_ascii=False, separators=(",", ":"))
    elif fmt.name == "xml":
        out.write('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">')
        out.write("<head>" + "".join(f"<variable name={quoteattr(n)}/>" for n in names) + "</head>")
        if truncated:
            out.write(f"<!-- truncated at the row cap of {row_cap} rows -->")
        out.write("<results>")
        for row in rows:
            out.write("<result>")
            for i, name in enumerate(names):
                if row[i] is not None:
                    out.write(f"<binding name={quoteattr(name)}>{_xml_term(row[i])}</binding>")
            out.write("</result>")
        out.write("</results></sparql>\n")
    elif fmt.name == "csv":
        out.write(",".join(names) + "\r\n")
        for row in rows:
            out.write(",".join(_csv_field(row[i]) for i in range(len(names))) + "\r\n")
    elif fmt.name == "tsv":
        out.write("\t".join("?" + n for n in names) + "\n")
        for row in rows:
            out.write("\t".join(_tsv_field(row[i]) for i in range(len(names))) + "\n")
    else:
        raise ValueError(fmt)
    return Serialised(out.getvalue().encode("utf-8"), len(rows), truncated)


def boolean(value: bool, fmt: Format) -> Serialised:
    text = "true" if value else "false"
    if fmt.name == "json":
        body = json.dumps({"head": {}, "boolean": bool(value)})
    elif fmt.name == "xml":
        body = ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{text}</boolean></sparql>\n")
    elif fmt.name == "csv":
        body = f"_askResult\r\n{text}\r\n"
    else:
        body = f"?_askResult\n{text}\n"
    return Serialised(body.encode(), 1, False)


def graph(triples, fmt: Format, row_cap: int | None = None, prefixes: dict | None = None) -> Serialised:
    """Serialise triples (or quads for dataset formats); row_cap counts statements."""
    items = list(triples if row_cap is None else itertools.islice(triples, row_cap + 1))
    truncated = row_cap is not None and len(items) > row_cap
    if truncated:
        items = items[:row_cap]
    if fmt.rdf in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        items = [t if isinstance(t, ox.Quad) else ox.Quad(t.subject, t.predicate, t.object) for t in items]
    elif items and isinstance(items[0], ox.Quad) and fmt.rdf != ox.RdfFormat.JSON_LD:
        items = [q.triple for q in items]
    use_prefixes = prefixes if fmt.rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML) else None
    body = ox.serialize(items, format=fmt.rdf, prefixes=use_prefixes)
    return Serialised(body or b"", len(items), truncated)
