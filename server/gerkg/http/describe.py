"""Descriptions of the service and its data: the SPARQL 1.1 Service Description and VoID."""

from __future__ import annotations

import re

from flask import Blueprint, Response, request
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF

from gerkg.http.cors import add_cors
from gerkg.http.errors import ClientError
from gerkg.namespaces import ONTOLOGY_IRI
from gerkg.service import service
from gerkg.sparql import formats

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

bp = Blueprint("describe", __name__)

LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
DUMPS = ("nq", "trig", "ttl", "jsonld")

_STATS = """
SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?p) AS ?properties)
WHERE { ?s ?p ?o }"""
_CLASSES = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n)"
_PROPERTIES = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n)"
_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
_EXAMPLES = """
SELECT ?s WHERE { ?s a ?c . FILTER(STRSTARTS(STR(?s), STR(?base))) } ORDER BY ?s LIMIT 5"""


_HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
                   r"[A-Za-z0-9])?(?::[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](?::[0-9]{1,5})?")


def _host() -> str:
    """Where this service is reached: the configured public URL, else the Host header if it is a host name
    (never arbitrary text from a client written into the descriptions)."""
    public = service().config.public_url
    if public:
        return public.rstrip("/")
    if not _HOST.fullmatch(request.host):
        raise ClientError("the Host header is not a host name", 400)
    return f"{request.scheme}://{request.host}"


def void_graph() -> Graph:
    svc = service()
    store, base, host = svc.store, svc.base, _host()
    g = Graph()
    g.bind("void", VOID)
    g.bind("dcterms", DCTERMS)
    ds = URIRef(base.dataset)
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCTERMS.title, Literal("GER-KG: the ISECG Global Exploration Roadmap knowledge graph", lang="en")))
    g.add((ds, DCTERMS.description, Literal(
        "Agencies and their ISECG membership, missions, destinations, goals and objectives, critical "
        "technologies, working groups and publications, curated from the Global Exploration Roadmap 2024, "
        "its executive summary and the ISECG annual reports 2020, 2022 and 2024.", lang="en")))
    g.add((ds, DCTERMS.license, LICENSE))
    g.add((ds, VOID.sparqlEndpoint, URIRef(host + "/sparql")))
    g.add((ds, VOID.uriSpace, Literal(base.base + "/")))
    g.add((ds, VOID.vocabulary, URIRef(ONTOLOGY_IRI + "#")))
    for ext in DUMPS:
        g.add((ds, VOID.dataDump, URIRef(f"{host}/dump.{ext}")))

    row = next(iter(store.query(_STATS)))
    g.add((ds, VOID.triples, Literal(int(row[0].value))))
    g.add((ds, VOID.distinctSubjects, Literal(int(row[1].value))))
    g.add((ds, VOID.properties, Literal(int(row[2].value))))
    classes = list(store.query(_CLASSES))
    g.add((ds, VOID.classes, Literal(len(classes))))
    for cls, n in classes:
        part = BNode()
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls.value)))
        g.add((part, VOID.entities, Literal(int(n.value))))
    for prop, n in store.query(_PROPERTIES):
        part = BNode()
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop.value)))
        g.add((part, VOID.triples, Literal(int(n.value))))
    for name, n in store.query(_GRAPHS):
        sub = BNode()
        g.add((ds, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, SD.name, URIRef(name.value)))
        g.add((sub, VOID.triples, Literal(int(n.value))))
    examples = _EXAMPLES.replace("?base", f'"{base.base}/"')
    for (s,) in store.query(examples):
        g.add((ds, VOID.exampleResource, URIRef(s.value)))
    return g


def service_description_graph() -> Graph:
    svc = service()
    host = _host()
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    endpoint = URIRef(host + "/sparql")
    g.add((endpoint, RDF.type, SD.Service))
    g.add((endpoint, SD.endpoint, endpoint))
    g.add((endpoint, SD.supportedLanguage, SD.SPARQL11Query))
    if svc.config.union_default_graph:
        g.add((endpoint, SD.feature, SD.UnionDefaultGraph))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "TriG", "N-Quads"):
        g.add((endpoint, SD.resultFormat, FORMATS[name]))
    dataset = URIRef(svc.base.dataset)
    g.add((endpoint, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso"), URIRef(host + "/.well-known/void")))
    default = BNode()
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    for name in svc.store.named_graphs():
        ng = BNode()
        g.add((dataset, SD.namedGraph, ng))
        g.add((ng, RDF.type, SD.NamedGraph))
        g.add((ng, SD.name, URIRef(name)))
    return g


def rdf_response(graph: Graph, fmt: formats.Format) -> Response:
    # One graph: as N-Quads it is N-Triples (the default graph), as TriG it is Turtle.
    rdflib_name = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdf": "xml", "trig": "turtle",
                   "nq": "nt"}[fmt.name]
    body = graph.serialize(format=rdflib_name, encoding="utf-8")
    resp = Response(body, content_type=fmt.content_type)
    resp.headers["Vary"] = "Accept"
    return resp


def _negotiated(graph_factory) -> Response:
    try:
        fmt = formats.negotiate(formats.GRAPH_FORMATS, request.headers.get("Accept"), request.args.get("format"))
    except formats.NotAcceptable as exc:
        raise ClientError(str(exc), 406) from None
    return add_cors(rdf_response(graph_factory(), fmt))


def service_description_response() -> Response:
    return _negotiated(service_description_graph)


@bp.route("/.well-known/void")
@bp.route("/void")
def void():
    return _negotiated(void_graph)
