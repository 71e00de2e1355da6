// The query page: the editor, the examples and the history, a result in the view that fits (table,
// timeline, bar chart, graph), links to share and to embed the view, downloads.
import { createEditor } from "./editor.js";
import { linkState, rowCount, runQuery, stateParams } from "./endpoint.js";
import { readHistory, remember, summary } from "./history.js";
import { chooseView, fittingViews, renderView, saveChart } from "./views.js";

const examples = JSON.parse(document.getElementById("example-data").textContent);
const status = document.getElementById("status");
const results = document.getElementById("results");
const viewButtons = document.getElementById("views");
const historySelect = document.getElementById("history");
const defaultQuery = "PREFIX ger: <https://w3id.org/ger-kg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\n" +
  "SELECT ?agency ?label WHERE {\n  ?agency a ger:SpaceAgency ;\n          rdfs:label ?label .\n} ORDER BY ?label";

const link = linkState(location);
// the result, the views it fits, the view shown, the view the user (or the link) asked for, what saves it
const state = { data: null, fits: { table: {} }, view: null, asked: link.view, chart: null };
const editor = createEditor(document.getElementById("editor"), { doc: link.query || defaultQuery, onRun: run });
window.GER.editor = editor; // its text for scripts (and the browser test): window.GER.editor.value

function setStatus(text, error) {
  status.className = error ? "error" : "";
  status.textContent = text;
}

function shareUrl(path) {
  return location.origin + path + stateParams(editor.value, state.data ? state.view : state.asked);
}

function keepInLink() {
  history.replaceState(null, "", "/#" + stateParams(editor.value, state.asked));
}

function showViewButtons() {
  for (const button of viewButtons.querySelectorAll("button[data-view]")) {
    const v = button.dataset.view;
    button.disabled = !state.fits[v];
    button.setAttribute("aria-pressed", String(v === state.view));
  }
  for (const button of document.querySelectorAll("button[data-save]")) button.disabled = !state.chart;
}

async function show(view) {
  state.view = view;
  state.chart = null;
  showViewButtons();
  try {
    state.chart = await renderView(results, view, state.data, state.fits);
  } catch (err) {
    setStatus("The " + view + " view failed: " + err, true);
  }
  showViewButtons();
}

async function run() {
  const text = editor.value;
  setStatus("Running…");
  results.replaceChildren();
  state.data = null;
  state.fits = { table: {} };
  state.chart = null;
  showViewButtons();
  remember(text);
  fillHistory();
  keepInLink();
  const started = performance.now();
  const answer = await runQuery(text);
  const ms = Math.round(performance.now() - started);
  if (answer.error) {
    setStatus(answer.error, true);
    if (answer.status === 400) editor.markError(answer.error);
    return;
  }
  if (answer.graph !== undefined) {
    const pre = document.createElement("pre");
    pre.textContent = answer.graph;
    results.replaceChildren(pre);
    setStatus("Graph result in " + ms + " ms");
    return;
  }
  if ("boolean" in answer.data) {
    results.textContent = String(answer.data.boolean);
    setStatus("Answer: " + answer.data.boolean + " in " + ms + " ms");
    return;
  }
  state.data = answer.data;
  state.fits = fittingViews(answer.data);
  setStatus(rowCount(answer.data) + " in " + ms + " ms");
  await show(chooseView(state.fits, state.asked));
  keepInLink();
}

function fillHistory() {
  const items = readHistory();
  historySelect.replaceChildren(new Option(items.length ? "History (" + items.length + ")" : "History (empty)", ""));
  for (const [i, item] of items.entries()) historySelect.add(new Option(summary(item.query), String(i)));
}

document.getElementById("run").addEventListener("click", run);
for (const button of viewButtons.querySelectorAll("button[data-view]")) {
  button.addEventListener("click", () => {
    state.asked = button.dataset.view;
    keepInLink();
    if (state.data) show(state.asked);
  });
}
for (const button of document.querySelectorAll("button[data-save]")) {
  button.addEventListener("click", () => saveChart(state.chart, button.dataset.save, "ger-kg-" + state.view));
}
historySelect.addEventListener("change", () => {
  const item = readHistory()[Number(historySelect.value)];
  if (item) editor.value = item.query;
  historySelect.value = "";
});
document.getElementById("share").addEventListener("click", (e) => {
  e.preventDefault();
  const url = shareUrl("/#");
  history.replaceState(null, "", url);
  if (navigator.clipboard) navigator.clipboard.writeText(url).catch(() => {});
  setStatus("Link to this query: " + url);
});
const embedLink = document.getElementById("embed");
embedLink.addEventListener("click", () => { embedLink.href = shareUrl("/embed?"); });
for (const a of document.querySelectorAll("a.download")) {
  a.addEventListener("click", () => {
    a.href = "/sparql?" + new URLSearchParams({ query: editor.value, format: a.dataset.format });
  });
}
for (const button of document.querySelectorAll("#examples button")) {
  button.addEventListener("click", () => {
    editor.value = examples.find((x) => x.id === button.dataset.id).query;
    state.asked = null;
    run();
  });
}
// a link to another query opened on this page (the hash changes, the page stays)
window.addEventListener("hashchange", () => {
  const next = linkState(location);
  if (!next.query) return;
  editor.value = next.query;
  state.asked = next.view;
  run();
});
fillHistory();
if (link.query) run();
