"""The release step: sources read, inferences added, the merged and validated artefacts built, the ontology
documented."""
