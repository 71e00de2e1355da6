"""Media types GER-KG speaks, and content negotiation over them (RFC 9110 Accept with q-values)."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    name: str  # the value of the `format` parameter and the file extension
    media_type: str
    aliases: tuple[str, ...] = ()
    rdf: ox.RdfFormat | None = None  # for graph formats

    @property
    def content_type(self) -> str:
        return self.media_type + ("; charset=utf-8" if self.media_type.startswith("text/") or
                                  self.media_type.endswith(("json", "xml")) else "")


# Formats for SELECT and ASK results, in the server's order of preference.
RESULT_FORMATS = (
    Format("json", "application/sparql-results+json", ("application/json",)),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml")),
    Format("csv", "text/csv"),
    Format("tsv", "text/tab-separated-values"),
)

# Formats for graphs: CONSTRUCT and DESCRIBE results, resource descriptions, dumps.
GRAPH_FORMATS = (
    Format("ttl", "text/turtle", ("application/x-turtle",), ox.RdfFormat.TURTLE),
    Format("nt", "application/n-triples", ("text/plain",), ox.RdfFormat.N_TRIPLES),
    Format("jsonld", "application/ld+json", ("application/json",), ox.RdfFormat.JSON_LD),
    Format("rdf", "application/rdf+xml", ("application/xml", "text/xml"), ox.RdfFormat.RDF_XML),
    Format("trig", "application/trig", (), ox.RdfFormat.TRIG),
    Format("nq", "application/n-quads", (), ox.RdfFormat.N_QUADS),
)

DATASET_FORMATS = tuple(f for f in GRAPH_FORMATS if f.name in ("trig", "nq", "jsonld"))

HTML = Format("html", "text/html")

# Names a user may give in ?format=, beyond the canonical ones.
_FORMAT_NAMES = {
    "turtle": "ttl", "ntriples": "nt", "n-triples": "nt", "json-ld": "jsonld", "rdfxml": "rdf",
    "rdf+xml": "rdf", "xml-rdf": "rdf", "nquads": "nq", "n-quads": "nq", "text": "tsv",
}


class NotAcceptable(Exception):
    def __init__(self, offered: tuple[Format, ...]):
        self.offered = offered
        super().__init__("none of the requested media types can be produced; available: "
                         + ", ".join(f.media_type for f in offered))


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q-values; a malformed q counts as 1, as browsers' parsers do."""
    ranges = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 1.0
        ranges.append((media, q))
    return ranges


def _quality(fmt: Format, ranges: list[tuple[str, float]]) -> float:
    """The q of the most specific range that matches the format: its media type exactly, type/*, */*;
    an alias (application/json for SPARQL JSON) counts only when named exactly."""
    best_specificity, best_q = -1, 0.0
    major = fmt.media_type.split("/")[0]
    for rng, q in ranges:
        if rng == fmt.media_type or rng in fmt.aliases:
            specificity = 2
        elif rng == major + "/*":
            specificity = 1
        elif rng == "*/*":
            specificity = 0
        else:
            continue
        if specificity > best_specificity or (specificity == best_specificity and q > best_q):
            best_specificity, best_q = specificity, q
    return best_q


def negotiate(offered: tuple[Format, ...], accept: str | None, format_param: str | None = None) -> Format:
    """Pick a format: the `format` parameter wins, then the Accept header, then the first offered."""
    if format_param:
        wanted = format_param.strip().lower()
        wanted = _FORMAT_NAMES.get(wanted, wanted)
        for fmt in offered:
            if wanted in (fmt.name, fmt.media_type) or wanted in fmt.aliases:
                return fmt
        raise NotAcceptable(offered)
    ranges = parse_accept(accept)
    if not ranges:
        return offered[0]
    scored = [(_quality(f, ranges), -i, f) for i, f in enumerate(offered)]
    q, _, fmt = max(scored, key=lambda t: (t[0], t[1]))
    if q <= 0:
        raise NotAcceptable(offered)
    return fmt


def by_extension(offered: tuple[Format, ...], ext: str) -> Format | None:
    ext = _FORMAT_NAMES.get(ext.lower(), ext.lower())
    return next((f for f in offered if f.name == ext), None)
