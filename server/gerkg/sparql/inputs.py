"""Reading RDF that users bring (files, request bodies) with pyoxigraph's parsers, which report errors
with their line and column and never fetch anything (no remote JSON-LD contexts); inputs that would make a
parser's memory explode (XML entities, deep JSON) are refused before it runs."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from gerkg.store.store import rdf_format

EXTENSIONS = (".ttl", ".nt", ".nq", ".trig", ".jsonld", ".json", ".rdf", ".owl", ".xml")


class InputError(Exception):
    """Unreadable input: the message names the file (or body), line and column."""


def format_for(name: str | None) -> ox.RdfFormat | None:
    """An RDF format from a media type, an extension or a short name (ttl, turtle, nt, jsonld...)."""
    if not name:
        return None
    name = name.split(";")[0].strip().lower()
    aliases = {"turtle": "ttl", "ntriples": "nt", "n-triples": "nt", "nquads": "nq", "n-quads": "nq",
               "json-ld": "jsonld", "json": "jsonld", "rdfxml": "rdf", "rdf/xml": "rdf", "xml": "rdf", "owl": "rdf"}
    fmt = ox.RdfFormat.from_media_type(name)
    if fmt is None:
        fmt = ox.RdfFormat.from_extension(aliases.get(name, name))
    if fmt is None and name in ("application/json", "text/xml", "application/xml"):
        fmt = ox.RdfFormat.JSON_LD if "json" in name else ox.RdfFormat.RDF_XML
    return fmt


def _position(exc: SyntaxError, data: bytes, fmt: ox.RdfFormat) -> str:
    if getattr(exc, "lineno", None):
        return f"line {exc.lineno}, column {exc.offset}"
    if fmt == ox.RdfFormat.RDF_XML:
        return _xml_position(data)
    return ""


def _xml_position(data: bytes) -> str:
    """Where an XML document stops being well-formed, by expat (pyoxigraph's RDF/XML errors carry no
    position). Expat reads only these bytes: external entities are neither fetched nor expanded."""
    from xml.parsers import expat
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        return f"line {exc.lineno}, column {exc.offset + 1}"
    return ""


MAX_JSON_DEPTH = 64  # JSON-LD documents nest a few levels; a deep one makes the parser's memory explode


def refuse_bombs(data: bytes, fmt: ox.RdfFormat, source: str) -> None:
    """Refuse, before any RDF parser sees them, the inputs whose parsing grows without bound: XML with a
    document type (entity definitions expand exponentially: the billion laughs) and JSON nested deeper than
    MAX_JSON_DEPTH."""
    if fmt == ox.RdfFormat.RDF_XML and (b"<!DOCTYPE" in data or b"<!ENTITY" in data):
        raise InputError(f"{source}: RDF/XML with a DOCTYPE or ENTITY declaration is not accepted here "
                         "(entity expansion can exhaust the server); expand the entities before sending")
    if fmt == ox.RdfFormat.JSON_LD:
        depth = _json_depth(data)
        if depth > MAX_JSON_DEPTH:
            raise InputError(f"{source}: JSON nested {depth} levels deep; this server reads at most "
                             f"{MAX_JSON_DEPTH}")


_JSON_SKIP = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[^"\[\]{}]+', re.DOTALL)


def _json_depth(data: bytes) -> int:
    """How deep a JSON text nests arrays and objects (strings stepped over whole), without building it."""
    depth = deepest = pos = 0
    end, skip = len(data), _JSON_SKIP.match
    while pos < end:
        m = skip(data, pos)
        if m is not None and m.end() > pos:
            pos = m.end()
            continue
        char = data[pos]
        if char in b"[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_JSON_DEPTH:
                    return deepest
        elif char in b"]}":
            depth -= 1
        pos += 1  # a stray quote: the parser reports it
    return deepest


def _plain(quad: ox.Quad) -> bool:
    """RDF 1.1 terms only: no RDF 1.2 triple terms, no base directions (the validator's rdflib has neither)."""
    for term in (quad.subject, quad.object):
        if isinstance(term, ox.Triple) or isinstance(term, ox.Literal) and term.direction is not None:
            return False
    return True


def parse_bytes(data: bytes, fmt: ox.RdfFormat, source: str = "the request body", base: str | None = None):
    """The quads of an RDF document, or InputError saying where and why it cannot be read."""
    refuse_bombs(data, fmt, source)
    try:
        quads = list(ox.parse(data, format=fmt, base_iri=base))
    except SyntaxError as exc:
        where = _position(exc, data, fmt)
        message = str(exc.args[0] if exc.args else exc)
        raise InputError(f"{source}{': ' + where if where else ''}: {message}") from None
    except ValueError as exc:
        raise InputError(f"{source}: {exc}") from None
    if not all(map(_plain, quads)):
        raise InputError(f"{source}: RDF 1.2 triple terms (RDF-star) and base directions are not accepted here")
    return quads


def expand(paths) -> list[Path]:
    """Files, and the RDF files found in folders."""
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in EXTENSIONS and p.is_file())
        elif path.exists():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return files


def read_files(paths, fmt: str | None = None) -> tuple[list[ox.Quad], dict]:
    """All quads of the files, and for each subject the first file that describes it."""
    quads, defined_in = [], {}
    forced = format_for(fmt) if fmt else None
    if fmt and forced is None:
        raise InputError(f"unknown format '{fmt}'")
    for path in expand(paths):
        try:
            file_format = forced or rdf_format(path)
        except ValueError as exc:
            raise InputError(str(exc)) from None
        found = parse_bytes(path.read_bytes(), file_format, source=str(path), base=path.resolve().as_uri())
        for q in found:
            defined_in.setdefault(q.subject, str(path))
        quads += found
    return quads, defined_in
