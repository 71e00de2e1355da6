"""SHACL validation of RDF against GER-KG's shapes (pyshacl), with the ontology as the class hierarchy."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyshacl
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass
class Report:
    conforms: bool
    graph: Graph  # the standard sh:ValidationReport
    text: str

    def results(self, severity=None):
        for result in self.graph.subjects(RDF.type, SH.ValidationResult):
            if severity is None or (result, SH.resultSeverity, severity) in self.graph:
                yield result

    @property
    def violations(self) -> int:
        return sum(1 for _ in self.results(SH.Violation))


def load_shapes(files: list[Path]) -> Graph:
    shapes = Graph()
    for path in files:
        shapes.parse(path, format="turtle")
    return shapes


def validate(data: Graph, shapes: Graph, ontology: Graph | None = None, inference: str = "none") -> Report:
    """Validate data; ontology supplies rdfs:subClassOf so that shapes reach instances of subclasses."""
    conforms, report_graph, text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference=inference,
        advanced=True,
        allow_warnings=True,
        meta_shacl=False,
    )
    return Report(bool(conforms), report_graph, text)
