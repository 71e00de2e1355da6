"""No stated number, date or year lives only in prose: every rdfs:comment and ger:curationNote that mentions a
number with a unit, a date or a year must have the same value as data on the same resource (or on a node it
links to) in the same document's graph; otherwise the note is a ger:sourceNote, a note about the source with
its reason (garbled, ambiguous, contradictory, incomplete), which is not checked here.

Run `python tests/test_prose.py [document]` to list the unexplained mentions and their count per document."""

from __future__ import annotations

import re
import sys
from decimal import Decimal, InvalidOperation

import pytest
from rdflib import RDF, RDFS, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from gerkg.namespaces import DEFAULT_BASE, Base
from gerkg.release import build, sources

GER = Namespace("https://w3id.org/ger-kg/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")
PROV = Namespace("http://www.w3.org/ns/prov#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # open, unlike rdflib's, which pytest's collection trips over
DOCUMENTS = ("ger-2024", "ger-2024-summary", "ar-2020", "ar-2022", "ar-2024")

MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"), 1)}
_MONTH = "(" + "|".join(MONTHS) + ")"
_NUMBER = r"(\d[\d,]*(?:\.\d+)?)"
UNITS = (r"grams?|g|kilograms?|kg|tonnes?|t|metres?|meters?|m|kilometres?|kilometers?|km|centimetres?|cm|m²|"
         r"kilowatts?|kW|watts?|W|days?|hours?|minutes?|weeks?|months?|years?|per ?cent|%|Gbps|Mbps")
PATTERNS = (  # (kind, regex); earlier patterns claim their text first
    ("date", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? {_MONTH},? (\d{{4}})\b", re.I)),
    ("date-us", re.compile(rf"\b{_MONTH} (\d{{1,2}}),? (\d{{4}})\b", re.I)),
    ("month", re.compile(rf"\b{_MONTH},? (\d{{4}})\b", re.I)),
    ("range", re.compile(rf"(?<![\w.,]){_NUMBER}\s?(?:-|–|to)\s?{_NUMBER}[ -]?(?:{UNITS})(?![\w²])", re.I)),
    ("quantity", re.compile(rf"(?<![\w.,]){_NUMBER}[ -]?(?:{UNITS})(?![\w²])", re.I)),
    ("year", re.compile(r"(?<![\w.,-])(1[89]\d\d|20\d\d)(?![\d,]|s\b)")),
)
# Years that are part of a name ("GER 2024", "AR 2020", "Annual Report 2022", "2024 Annual Report", "GLEX 2025")
NAMED_YEARS = re.compile(r"\b(?:[A-Z]{2,}[a-z]?|Report|Roadmap)[ -](?:19|20)\d\d\b|\b(?:19|20)\d\d Annual Report")
# Links followed from a resource to the nodes whose values count as its data, and links not followed
# (to a document, a scheme or a broader resource shared by many).
RECORD_LINKS = (ORG.member, GER.contributionTo, GER.contributor, GER.contributedElement, GER.achievedWith,
                GER.achiever, GER.targetOf, GER.assessedTechnology, GER.quantityOf, PROV.used)
PART_LINKS = (ORG.memberDuring, TIME.hasBeginning, TIME.hasEnd, GER.hasQuantity, GER.targetQuantity,
              GER.performanceTarget)
NOT_FOLLOWED = {RDF.type, DCTERMS.source, DCTERMS.isPartOf, SKOS.inScheme, SKOS.topConceptOf, SKOS.broader,
                GER.listedIn, GER.partOf, ORG.organization}


def mentions(text: str) -> list[tuple[str, tuple]]:
    """The numbers with units, dates and years a text states, as (kind, value) pairs."""
    found, taken = [], [m.span() for m in NAMED_YEARS.finditer(text)]
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append(m.span())
            g = m.groups()
            if kind == "date":
                found.append(("date", (int(g[2]), MONTHS[g[1].lower()], int(g[0]))))
            elif kind == "date-us":
                found.append(("date", (int(g[2]), MONTHS[g[0].lower()], int(g[1]))))
            elif kind == "month":
                found.append(("month", (int(g[1]), MONTHS[g[0].lower()])))
            elif kind == "year":
                found.append(("year", (int(g[0]),)))
            else:
                found += [("number", (_decimal(n),)) for n in g if n]
    return found


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _values(literal: Literal) -> list[tuple[str, tuple]]:
    """What a data literal can stand for: a number, or a calendar value at its own precision."""
    dt, lexical = literal.datatype, str(literal)
    if dt in (XSD.date, XSD.dateTime):
        y, mo, d = (int(x) for x in lexical[:10].split("-"))
        return [("date", (y, mo, d)), ("month", (y, mo)), ("year", (y,))]
    if dt == XSD.gYearMonth:
        y, mo = (int(x) for x in lexical[:7].split("-"))
        return [("month", (y, mo)), ("year", (y,))]
    if dt == XSD.gYear:
        return [("year", (int(lexical[:4]),))]
    if dt in (XSD.decimal, XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.double, XSD.float):
        try:
            return [("number", (Decimal(lexical),))]
        except InvalidOperation:
            return []
    return []


def neighbourhood(graph, resource) -> set:
    """The resource, what it links to, the records about it, and their parts (intervals, quantities...)."""
    nodes = {resource}
    nodes |= {o for p, o in graph.predicate_objects(resource) if p not in NOT_FOLLOWED and not isinstance(o, Literal)}
    nodes |= {s for p in RECORD_LINKS for s in graph.subjects(p, resource)}
    frontier = set(nodes)
    while frontier:
        frontier = {o for n in frontier for p in PART_LINKS for o in graph.objects(n, p)} - nodes
        nodes |= frontier
    return nodes


def unexplained(graph) -> list[tuple[str, str, str, list]]:
    """(resource, property, text, mentions without data) for every comment or note that is not explained."""
    out = []
    for prop in (RDFS.comment, GER.curationNote):
        for resource, text in graph.subject_objects(prop):
            wanted = mentions(str(text))
            if not wanted:
                continue
            have = {v for n in neighbourhood(graph, resource) for o in graph.objects(n, None)
                    if isinstance(o, Literal) for v in _values(o)}
            missing = [w for w in wanted if w not in have]
            if missing:
                out.append((str(resource), prop.n3(graph.namespace_manager), str(text), missing))
    return sorted(out)


def document_graphs(root=None) -> dict:
    dataset = build.load_sources(root or sources.project_root(), Base())
    return {doc: dataset.graph(URIRef(f"{DEFAULT_BASE}/publication/{doc}")) for doc in DOCUMENTS}


@pytest.fixture(scope="module")
def graphs():
    return document_graphs()


def test_mentions_finds_quantities_dates_and_years():
    text = ("On 17 December, 2020, it returned 1,731 grams; it landed in January 2024 about 10 metres away, "
            "in a 30–60 day stay, since 2019 (not 2020s, 15 nations, ISO 16290, GER 2024 or the 2022 Annual Report).")
    assert mentions(text) == [("date", (2020, 12, 17)), ("month", (2024, 1)), ("number", (Decimal(30),)),
                              ("number", (Decimal(60),)), ("number", (Decimal(1731),)),
                              ("number", (Decimal(10),)), ("year", (2019,))]


def test_a_year_in_prose_needs_the_year_in_data_at_the_stated_precision():
    from rdflib import Graph
    g = Graph()
    x, q = URIRef("https://example.org/x"), URIRef("https://example.org/q")
    g.add((x, RDFS.comment, Literal("Launched in March 2023, it returned 12 kg.")))
    g.add((x, GER.launchDate, Literal("2023", datatype=XSD.gYear)))
    assert [m for *_, m in unexplained(g)] == [[("month", (2023, 3)), ("number", (Decimal(12),))]]
    g.add((x, GER.launchDate, Literal("2023-03", datatype=XSD.gYearMonth)))
    g.add((x, GER.hasQuantity, q))
    g.add((q, URIRef("http://qudt.org/schema/qudt/numericValue"), Literal("12", datatype=XSD.decimal)))
    assert unexplained(g) == []


@pytest.mark.parametrize("document", DOCUMENTS)
def test_no_stated_number_date_or_year_lives_only_in_prose(graphs, document):
    found = unexplained(graphs[document])
    assert found == [], f"{len(found)} comments or notes state values that are not data: {found[:5]}"


if __name__ == "__main__":  # python tests/test_prose.py [--root CHECKOUT] [document...]
    args = sys.argv[1:]
    root = None
    if args[:1] == ["--root"]:
        from pathlib import Path
        root, args = Path(args[1]), args[2:]
    chosen = args or DOCUMENTS
    total = 0
    for doc, graph in document_graphs(root).items():
        if doc not in chosen:
            continue
        found = unexplained(graph)
        total += len(found)
        for resource, prop, text, missing in found:
            print(f"{doc}\t{resource.rsplit('/id/', 1)[-1]}\t{prop}\t{missing}\t{text[:160]}")
        print(f"# {doc}: {len(found)}")
    print(f"# total: {total}")
