// An embedded result view (/embed?query=…&view=…): the query's result in one view, and nothing else.
import { rowCount, runQuery } from "./endpoint.js";
import { chooseView, fittingViews, renderView } from "./views.js";

const results = document.getElementById("results");
const status = document.getElementById("status");
const query = JSON.parse(document.getElementById("embed-query").textContent);
const asked = results.dataset.view;

const answer = await runQuery(query);
if (answer.error || !answer.data || !answer.data.results) {
  status.className = "error";
  status.textContent = answer.error || "This query gives no table of results to draw.";
} else {
  const fits = fittingViews(answer.data);
  const view = chooseView(fits, asked === "auto" ? null : asked);
  await renderView(results, view, answer.data, fits);
  const unfit = view !== asked && asked !== "auto" ? ` (the ${asked} view does not fit this result)` : "";
  status.textContent = rowCount(answer.data) + unfit;
}
