// The /roadmap chart: the missions the page lists, one bar each along the years, in lanes by destination;
// colour for the state, a mark for crewed or robotic; each bar links to the mission's page.
import { calendarSpan, saveChart } from "./views.js";

const XSD = "http://www.w3.org/2001/XMLSchema#";
const DATATYPE = { year: "gYear", month: "gYearMonth", day: "date" };
const STATE_COLOURS = { "completed": "#5b6577", "in operation": "#2f9e44", "planned": "#1f5fbf",
  "no earlier than": "#8fb8ef", "failed": "#d6336c", "cancelled": "#a0522d", "not stated": "#c0c5ce" };
const CREW_SHAPES = { crewed: "triangle-up", robotic: "circle", "not stated": "square" };

const { missions, lanes, states } = JSON.parse(document.getElementById("roadmap-data").textContent);
const chart = document.getElementById("roadmap-chart");

const values = missions.map((m) => {
  const span = calendarSpan({ value: m.launch, datatype: XSD + DATATYPE[m.precision] });
  return { name: m.name, href: m.href || "", lane: m.destination, state: m.state, crew: m.crew,
    launch: (m.state === "no earlier than" ? "not before " : "") + m.launch, precision: m.precision,
    start: span.start, end: span.end, mid: (span.start + span.end) / 2 };
});

const x = { field: "start", type: "temporal", scale: { type: "utc" }, title: null,
  axis: { tickCount: "year", grid: true } };
const y = { field: "name", type: "nominal", sort: { field: "start" }, title: null, axis: { labelLimit: 240 } };
const stateColour = { field: "state", type: "nominal", title: "state",
  scale: { domain: states, range: states.map((s) => STATE_COLOURS[s]) } };
const tooltip = [{ field: "name", title: "mission" }, { field: "launch" }, { field: "precision" },
  { field: "state" }, { field: "crew" }, { field: "lane", title: "destination" }];
const spec = {
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  data: { values },
  facet: { row: { field: "lane", type: "nominal", sort: lanes, title: null,
    header: { labelAngle: 0, labelAlign: "left", labelAnchor: "start", labelOrient: "top", labelFontSize: 14,
      labelFontWeight: "bold" } } },
  resolve: { scale: { y: "independent" } },
  spacing: 14,
  spec: {
    width: Math.max(360, chart.clientWidth - 340),
    height: { step: 18 },
    layer: [
      { mark: { type: "bar", height: 12, cornerRadius: 2, cursor: "pointer" },
        encoding: { x, x2: { field: "end" }, y, href: { field: "href" }, tooltip, description: { field: "name" },
          color: stateColour } },
      // the mark for crew, filled with the state's colour: a launch day is too short for a visible bar
      { mark: { type: "point", filled: true, opacity: 1, size: 50, stroke: "#0f1d33", strokeWidth: 1, cursor: "pointer" },
        encoding: { x: { ...x, field: "mid" }, y, href: { field: "href" }, tooltip, color: stateColour,
          description: { field: "name" },
          shape: { field: "crew", type: "nominal", title: "crew",
            scale: { domain: Object.keys(CREW_SHAPES), range: Object.values(CREW_SHAPES) } } } },
    ],
  },
};

if (values.length) {
  const vega = await import("./vendor/vega.min.js");
  const result = await vega.embed(chart, spec, { actions: false, renderer: "svg" });
  for (const button of document.querySelectorAll("button[data-save]")) {
    button.disabled = false;
    button.addEventListener("click", () => saveChart(result.view, button.dataset.save, "ger-kg-roadmap"));
  }
} else {
  chart.textContent = "No mission with a launch date matches these filters.";
}
chart.dataset.ready = "true";
