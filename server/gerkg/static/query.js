// The query page: run the editor's query against /sparql and show the rows, with IRIs linked to their pages.
(function () {
  "use strict";
  const examples = JSON.parse(document.getElementById("example-data").textContent);
  const editor = document.getElementById("query");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const defaultQuery = "SELECT ?agency ?label WHERE {\n  ?agency a <https://w3id.org/ger-kg/ontology#SpaceAgency> ;\n          <http://www.w3.org/2000/01/rdf-schema#label> ?label .\n} ORDER BY ?label";

  function queryUrl(format) {
    const params = new URLSearchParams({ query: editor.value });
    if (format) params.set("format", format);
    return "/sparql?" + params.toString();
  }

  function shortName(iri) {
    for (const [prefix, ns] of Object.entries(window.GER.prefixes)) {
      if (ns && iri.startsWith(ns) && iri.length > ns.length) return prefix + ":" + iri.slice(ns.length);
    }
    return iri;
  }

  function localHref(iri) {
    if (iri.startsWith(window.GER.base)) return "/id/" + iri.slice(window.GER.base.length);
    if (iri.startsWith("https://w3id.org/ger-kg/ontology#")) return "/ontology#" + iri.split("#")[1];
    return iri;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = localHref(term.value);
      a.title = term.value;
      a.textContent = shortName(term.value);
      td.appendChild(a);
    } else {
      td.textContent = term.type === "bnode" ? "_:" + term.value : term.value;
      if (term["xml:lang"]) td.title = "@" + term["xml:lang"];
      else if (term.datatype) td.title = term.datatype;
    }
    return td;
  }

  function showTable(data) {
    const table = document.createElement("table");
    table.id = "result-table";
    const head = table.insertRow();
    for (const v of data.head.vars) {
      const th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    }
    for (const binding of data.results.bindings) {
      const row = table.insertRow();
      for (const v of data.head.vars) row.appendChild(cell(binding[v]));
    }
    results.replaceChildren(table);
    const n = data.results.bindings.length;
    return n + (n === 1 ? " row" : " rows") + (data.truncated ? " (cut at the server's row cap)" : "");
  }

  async function run() {
    status.className = "";
    status.textContent = "Running…";
    results.replaceChildren();
    history.replaceState(null, "", "?query=" + encodeURIComponent(editor.value));
    const started = performance.now();
    const body = new URLSearchParams({ query: editor.value });
    try {
      const response = await fetch("/sparql", {
        method: "POST",
        headers: { "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
        body: body,
      });
      const type = response.headers.get("Content-Type") || "";
      if (!response.ok) {
        status.className = "error";
        status.textContent = response.status + " " + (await response.text());
        return;
      }
      let summary;
      if (type.includes("sparql-results+json")) {
        const data = await response.json();
        summary = "boolean" in data ? "Answer: " + data.boolean : showTable(data);
        if ("boolean" in data) results.textContent = String(data.boolean);
      } else {
        const pre = document.createElement("pre");
        pre.textContent = await response.text();
        results.replaceChildren(pre);
        summary = "Graph result";
      }
      status.textContent = summary + " in " + Math.round(performance.now() - started) + " ms";
    } catch (err) {
      status.className = "error";
      status.textContent = "The request failed: " + err;
    }
  }

  document.getElementById("run").addEventListener("click", run);
  editor.addEventListener("keydown", (e) => { if ((e.ctrlKey || e.metaKey) && e.key === "Enter") run(); });
  document.getElementById("share").addEventListener("click", (e) => {
    e.preventDefault();
    const url = location.origin + location.pathname + "?query=" + encodeURIComponent(editor.value);
    history.replaceState(null, "", url);
    if (navigator.clipboard) navigator.clipboard.writeText(url).catch(() => {});
    status.textContent = "Link to this query: " + url;
  });
  for (const link of document.querySelectorAll("a.download")) {
    link.addEventListener("click", () => { link.href = queryUrl(link.dataset.format); });
  }
  for (const button of document.querySelectorAll("#examples button")) {
    button.addEventListener("click", () => {
      const ex = examples.find((x) => x.id === button.dataset.id);
      editor.value = ex.query;
      run();
    });
  }
  const shared = new URLSearchParams(location.search).get("query");
  editor.value = shared || defaultQuery;
  if (shared) run();
})();
