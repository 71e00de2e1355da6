// One query against /sparql, as the query page and the embedded views send it.

/** SELECT/ASK as SPARQL JSON, CONSTRUCT/DESCRIBE as Turtle; a failure carries the server's message. */
export async function runQuery(text) {
  let response;
  try {
    response = await fetch("/sparql", {
      method: "POST",
      headers: { Accept: "application/sparql-results+json, text/turtle;q=0.9" },
      body: new URLSearchParams({ query: text }),
    });
  } catch (err) {
    return { error: "The request failed: " + err };
  }
  if (!response.ok) return { error: response.status + " " + (await response.text()), status: response.status };
  const type = response.headers.get("Content-Type") || "";
  if (type.includes("sparql-results+json")) return { data: await response.json() };
  return { graph: await response.text() };
}

/** "12 rows", and whether the server's row cap cut them. */
export function rowCount(data) {
  const n = data.results.bindings.length;
  return n + (n === 1 ? " row" : " rows") + (data.truncated ? " (cut at the server's row cap)" : "");
}

/** The query and view a link carries: #query=…&view=… (or ?query=… of older links). */
export function linkState(location) {
  const hash = new URLSearchParams(location.hash.replace(/^#/, ""));
  const search = new URLSearchParams(location.search);
  return { query: hash.get("query") || search.get("query"), view: hash.get("view") || search.get("view") };
}

export function stateParams(query, view) {
  const params = new URLSearchParams({ query });
  if (view) params.set("view", view);
  return params.toString();
}
