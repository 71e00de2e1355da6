"""What people read: linked-data resource pages, the query workbench, the roadmap picture, browse and search,
diff between documents, citations; each page also as JSON and CSV."""
