"""GER-KG: the ISECG Global Exploration Roadmap as a knowledge graph, served over SPARQL 1.1."""

__version__ = "0.2.0"  # the release of the package, the ontology and the shapes together
