"""SPARQL and RDF texts as they cross the wire: the one reading of a query or update that is both checked and
run, the formats of results and graphs, and the safe parsing of uploaded RDF."""
