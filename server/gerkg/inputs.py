"""Reading RDF that users bring (files, request bodies) with pyoxigraph's parsers, which report errors
with their line and column and never fetch anything (no remote JSON-LD contexts, no XML entities)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .store import rdf_format

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


def parse_bytes(data: bytes, fmt: ox.RdfFormat, source: str = "the request body", base: str | None = None):
    try:
        return list(ox.parse(data, format=fmt, base_iri=base))
    except SyntaxError as exc:
        where = _position(exc, data, fmt)
        message = str(exc.args[0] if exc.args else exc)
        raise InputError(f"{source}{': ' + where if where else ''}: {message}") from None
    except ValueError as exc:
        raise InputError(f"{source}: {exc}") from None


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
