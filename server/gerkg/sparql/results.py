"""Serialising query results, cut at the row cap.

SELECT rows are written here rather than by pyoxigraph's serialisers so that the result can stop at the
row cap and say it did; graphs go through pyoxigraph's serialisers.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from gerkg.sparql.formats import Format

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass
class Serialised:
    body: bytes
    rows: int
    truncated: bool


_NATIVE = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
           "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}


def _json_term(term) -> dict:
    kind = type(term)
    if kind is ox.NamedNode:
        return {"type": "uri", "value": term.value}
    if kind is ox.BlankNode:
        return {"type": "bnode", "value": term.value}
    if kind is ox.Literal:
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if kind is ox.Triple:
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    raise TypeError(term)


def _xml_term(term) -> str:
    kind = type(term)
    if kind is ox.NamedNode:
        return f"<uri>{escape(term.value)}</uri>"
    if kind is ox.BlankNode:
        return f"<bnode>{escape(term.value)}</bnode>"
    if kind is ox.Literal:
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv_field(term) -> str:
    if isinstance(term, ox.BlankNode):
        value = "_:" + term.value
    elif isinstance(term, ox.Triple):
        value = str(term)
    else:
        value = term.value
    if any(c in value for c in ',"\r\n'):
        value = '"' + value.replace('"', '""') + '"'
    return value


_jstr = json.encoder.encode_basestring  # the C string encoder


def _json_text(term) -> str:
    kind = type(term)
    if kind is ox.NamedNode:
        return '{"type":"uri","value":' + _jstr(term.value) + "}"
    if kind is ox.Literal:
        if term.language:
            return f'{{"type":"literal","value":{_jstr(term.value)},"xml:lang":{_jstr(term.language)}}}'
        if term.datatype.value != XSD_STRING:
            return f'{{"type":"literal","value":{_jstr(term.value)},"datatype":{_jstr(term.datatype.value)}}}'
        return '{"type":"literal","value":' + _jstr(term.value) + "}"
    return json.dumps(_json_term(term), ensure_ascii=False, separators=(",", ":"))


# How one term is written in each format; a result repeats terms, so each is encoded once per response.
_ENCODERS = {
    "json": _json_text,
    "xml": _xml_term,
    "csv": _csv_field,
    "tsv": str,
}


def native_select(solutions, fmt: Format, row_cap: int, within_cap: bool = False) -> Serialised | None:
    """Serialise SELECT solutions with pyoxigraph's serialiser, or None if there are more than row_cap.

    within_cap: the query's own LIMIT keeps it under the cap. Otherwise: every row takes at least one byte,
    so a body of at most row_cap bytes is within the cap; a longer one is counted by parsing it back, which
    costs far less than writing the rows here."""
    body = solutions.serialize(format=_NATIVE[fmt.name])
    if not within_cap and len(body) > row_cap and _count_rows(body, fmt) > row_cap:
        return None
    return Serialised(body, -1, False)


def _count_rows(body: bytes, fmt: Format) -> int:
    if fmt.name == "csv":  # pyoxigraph reads back JSON, XML and TSV results, not CSV
        return sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8")))) - 1
    return sum(1 for _ in ox.parse_query_results(body, format=_NATIVE[fmt.name]))


def select(solutions, fmt: Format, row_cap: int) -> Serialised:
    """Serialise SELECT solutions, cut at the row cap (the result says so when it is)."""
    names = [v.value for v in solutions.variables]
    rows = list(itertools.islice(solutions, row_cap + 1))
    truncated = len(rows) > row_cap
    rows = rows[:row_cap]
    encode, cache = _ENCODERS[fmt.name], {}

    def enc(term) -> str:
        found = cache.get(term)
        if found is None:
            found = cache[term] = encode(term)
        return found

    width = range(len(names))
    if fmt.name == "json":
        keys = [json.dumps(n) + ":" for n in names]
        body = ",".join("{" + ",".join(keys[i] + enc(row[i]) for i in width if row[i] is not None) + "}"
                        for row in rows)
        extra = ',"truncated":true' if truncated else ""
        text = f'{{"head":{{"vars":{json.dumps(names)}}},"results":{{"bindings":[{body}]}}{extra}}}'
    elif fmt.name == "xml":
        head = "".join(f"<variable name={quoteattr(n)}/>" for n in names)
        note = f"<!-- truncated at the row cap of {row_cap} rows -->" if truncated else ""
        attrs = [f"<binding name={quoteattr(n)}>" for n in names]
        body = "".join("<result>" + "".join(attrs[i] + enc(row[i]) + "</binding>" for i in width
                                            if row[i] is not None) + "</result>" for row in rows)
        text = ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head>{head}</head>{note}<results>{body}</results></sparql>\n")
    elif fmt.name == "csv":
        lines = [",".join(names)] + [",".join("" if row[i] is None else enc(row[i]) for i in width) for row in rows]
        text = "\r\n".join(lines) + "\r\n"
    elif fmt.name == "tsv":
        lines = ["\t".join("?" + n for n in names)]
        lines += ["\t".join("" if row[i] is None else enc(row[i]) for i in width) for row in rows]
        text = "\n".join(lines) + "\n"
    else:
        raise ValueError(fmt)
    return Serialised(text.encode("utf-8"), len(rows), truncated)


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
