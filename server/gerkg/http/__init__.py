"""The service on the web: the application factory, one blueprint per protocol (SPARQL query and update, Graph
Store, /validate, service description, operations), and the WSGI guards in front of them (admission, body
limit, per-request budgets)."""
