"""Where the graph lives: the embedded or remote store, its assembly with inferences, the overlay of accepted
writes, the journal that makes them durable, and the planning of a write's exact change."""
