// The result views, as the Wikidata Query Service has them: table, timeline, bar chart and graph. Which
// views fit is read from the columns; the charts are Vega-Lite (and Vega for the graph), drawn as SVG, and
// each view, the table too, can be saved as SVG or PNG.
import { safeHref, shortName, termCell, termText, xsdType } from "./terms.js";

const NUMERIC = new Set(["integer", "decimal", "double", "float", "long", "int", "short", "byte",
  "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedLong",
  "unsignedInt", "unsignedShort", "unsignedByte"]);
const MOST_ROWS = { timeline: 2000, bar: 500, graph: 400 };
const TZ = "(?:Z|[+-]\\d\\d:\\d\\d)?";
// A date as precise as it is written: gYear is a whole year, gYearMonth a month, date a day.
const CALENDAR = {
  gYear: { re: new RegExp(`^(\\d{4})${TZ}$`), precision: "year" },
  gYearMonth: { re: new RegExp(`^(\\d{4})-(\\d\\d)${TZ}$`), precision: "month" },
  date: { re: new RegExp(`^(\\d{4})-(\\d\\d)-(\\d\\d)${TZ}$`), precision: "day" },
  dateTime: { re: /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)/, precision: "time" },
};

/** The span a calendar literal stands for: [start, end) in UTC milliseconds, and its precision. */
export function calendarSpan(term) {
  const kind = CALENDAR[xsdType(term)];
  const m = kind && term.value.match(kind.re);
  if (!m) return null;
  const [y, mo = 1, d = 1, h = 0, mi = 0, s = 0] = m.slice(1).map(Number);
  const start = Date.UTC(y, mo - 1, d, h, mi, s);
  const end = { year: Date.UTC(y + 1, 0, 1), month: Date.UTC(y, mo, 1), day: Date.UTC(y, mo - 1, d + 1),
    time: start }[kind.precision];
  return { start, end, precision: kind.precision };
}

function columnKinds(data) {
  const rows = data.results.bindings;
  return data.head.vars.map((name) => {
    const terms = rows.map((r) => r[name]).filter(Boolean);
    const all = (test) => terms.length > 0 && terms.every(test);
    return {
      name,
      date: all(calendarSpan),
      number: all((t) => NUMERIC.has(xsdType(t))),
      iri: all((t) => t.type === "uri"),
      text: all((t) => t.type === "literal" && !NUMERIC.has(xsdType(t)) && !calendarSpan(t)),
    };
  });
}

/** Which columns each view would draw, for the views the result fits. */
export function fittingViews(data) {
  const fits = { table: {} };
  const rows = data.results ? data.results.bindings.length : 0;
  if (!rows) return fits;
  const cols = columnKinds(data);
  const labelCol = (except) => cols.find((c) => c.text && !except.includes(c)) || cols.find((c) => c.iri && !except.includes(c));
  const date = cols.find((c) => c.date);
  if (date && rows <= MOST_ROWS.timeline) {
    const label = labelCol([date]);
    const colour = cols.find((c) => c.text && c !== label && distinct(data, c.name) <= 12);
    fits.timeline = { date: date.name, label: label && label.name, colour: colour && colour.name,
      link: (cols.find((c) => c.iri) || {}).name };
  }
  const number = cols.find((c) => c.number);
  const barLabel = number && labelCol([number]);
  if (barLabel && rows <= MOST_ROWS.bar) {
    fits.bar = { number: number.name, label: barLabel.name, link: (cols.find((c) => c.iri) || {}).name };
  }
  const iris = cols.filter((c) => c.iri);
  if (iris.length >= 2 && rows <= MOST_ROWS.graph) {
    const [from, to] = iris;
    const next = (c) => { const n = cols[cols.indexOf(c) + 1]; return n && n.text ? n.name : undefined; };
    fits.graph = { from: from.name, to: to.name, fromLabel: next(from), toLabel: next(to) };
  }
  return fits;
}

function distinct(data, name) {
  return new Set(data.results.bindings.map((r) => r[name] && r[name].value)).size;
}

/** The view to show first: the one asked for if it fits, else the most telling one that fits. */
export function chooseView(fits, asked) {
  if (asked && fits[asked]) return asked;
  return ["timeline", "bar", "graph"].find((v) => fits[v]) || "table";
}

function renderTable(container, data) {
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
    for (const v of data.head.vars) row.appendChild(termCell(binding[v]));
  }
  container.replaceChildren(table);
}

// Vega-Lite writes a missing href as the text "null": no link is "", which Vega does not follow.
const hrefOf = (term) => (term && term.type === "uri" && safeHref(term.value)) || "";

function timelineSpec(data, cols) {
  const values = data.results.bindings.filter((b) => b[cols.date]).map((b, i) => {
    const span = calendarSpan(b[cols.date]);
    const label = cols.label ? termText(b[cols.label]) : "row " + (i + 1);
    return { label, start: span.start, end: span.end, mid: (span.start + span.end) / 2, when: b[cols.date].value,
      precision: span.precision, colour: cols.colour ? termText(b[cols.colour]) : "", href: hrefOf(b[cols.link]) };
  });
  const colour = cols.colour ? { field: "colour", type: "nominal", title: cols.colour } : { value: "#1f5fbf" };
  const tooltip = [{ field: "label", title: cols.label || "row" }, { field: "when", title: cols.date },
    { field: "precision" }].concat(cols.colour ? [{ field: "colour", title: cols.colour }] : []);
  const x = { field: "start", type: "temporal", scale: { type: "utc" }, title: cols.date };
  const y = { field: "label", type: "nominal", sort: { field: "start" }, title: null };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: "container", height: { step: 18 }, autosize: { type: "fit-x", contains: "padding" }, data: { values },
    layer: [
      { mark: { type: "bar", height: 12, cornerRadius: 2 },
        encoding: { x, x2: { field: "end" }, y, color: colour, href: { field: "href" }, tooltip } },
      // a day or an instant is too short for a visible bar: a point marks it
      { mark: { type: "point", filled: true, opacity: 1, size: 50 },
        transform: [{ filter: "datum.precision === 'day' || datum.precision === 'time'" }],
        encoding: { x: { ...x, field: "mid" }, y, color: colour, href: { field: "href" }, tooltip } },
    ],
  };
}

function barSpec(data, cols) {
  const values = data.results.bindings.filter((b) => b[cols.number]).map((b) => ({
    label: termText(b[cols.label]), value: Number(b[cols.number].value), href: hrefOf(b[cols.link]) }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: "container", height: { step: 20 }, autosize: { type: "fit-x", contains: "padding" }, data: { values },
    mark: { type: "bar", tooltip: true },
    encoding: {
      y: { field: "label", type: "nominal", sort: "-x", title: cols.label },
      x: { field: "value", type: "quantitative", aggregate: "sum", title: cols.number },
      href: { field: "href" },
    },
  };
}

function graphSpec(data, cols, width) {
  const nodes = [];
  const index = new Map();
  const node = (term, labelTerm, group) => {
    if (!index.has(term.value)) {
      index.set(term.value, nodes.length);
      nodes.push({ label: labelTerm ? labelTerm.value : shortName(term.value), group, iri: term.value,
        href: safeHref(term.value) || "" });
    }
    return index.get(term.value);
  };
  const links = [];
  for (const b of data.results.bindings) {
    if (!b[cols.from] || !b[cols.to]) continue;
    links.push({ source: node(b[cols.from], b[cols.fromLabel], cols.from), target: node(b[cols.to], b[cols.toLabel], cols.to) });
  }
  const height = Math.max(360, Math.min(720, 70 * Math.sqrt(nodes.length)));
  for (const n of nodes) Object.assign(n, { cx: width / 2, cy: height / 2 }); // pulled towards the middle
  return {
    $schema: "https://vega.github.io/schema/vega/v6.json",
    width, height, padding: 8, autosize: "pad", // the view grows to hold a node the layout puts outside
    data: [{ name: "node-data", values: nodes }, { name: "link-data", values: links }],
    scales: [{ name: "colour", type: "ordinal", domain: [cols.from, cols.to], range: ["#1f5fbf", "#d9730d"] }],
    legends: [{ fill: "colour", orient: "top-left" }],
    marks: [
      { name: "nodes", type: "symbol", zindex: 1, from: { data: "node-data" },
        encode: { enter: { fill: { scale: "colour", field: "group" }, stroke: { value: "#fff" }, size: { value: 140 },
          href: { field: "href" }, tooltip: { signal: "datum.iri" }, description: { field: "label" } } },
        transform: [{ type: "force", iterations: 300, static: true, signal: "force",
          forces: [{ force: "center", x: width / 2, y: height / 2 }, { force: "collide", radius: 16 },
            { force: "nbody", strength: -150 }, { force: "link", links: "link-data", distance: 80 },
            { force: "x", x: "datum.cx", strength: 0.02 }, { force: "y", y: "datum.cy", strength: 0.08 }] }] },
      { type: "path", from: { data: "link-data" }, interactive: false,
        encode: { update: { stroke: { value: "#9aa5b8" }, strokeWidth: { value: 1 } } },
        transform: [{ type: "linkpath", require: { signal: "force" }, shape: "line",
          sourceX: "datum.source.x", sourceY: "datum.source.y", targetX: "datum.target.x", targetY: "datum.target.y" }] },
      { type: "text", from: { data: "nodes" }, interactive: false, zindex: 2,
        encode: { enter: { text: { field: "datum.label" }, fontSize: { value: 10 }, fill: { value: "#1d2433" },
          dx: { value: 8 }, dy: { value: 3 } },
        update: { x: { field: "x" }, y: { field: "y" } } } },
    ],
  };
}

// The table as a picture, for SVG and PNG: a Vega-Lite text table of the first rows, as the page shows them.
const MOST_PICTURED_ROWS = 500;

function tableSpec(data) {
  const values = data.results.bindings.slice(0, MOST_PICTURED_ROWS).flatMap((b, row) =>
    data.head.vars.map((column) => ({ row, column, text: termText(b[column]) })));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: { step: 220 }, height: { step: 18 }, data: { values },
    mark: { type: "text", align: "left", limit: 210, fontSize: 11 },
    encoding: {
      x: { field: "column", type: "ordinal", sort: data.head.vars, title: null,
        axis: { orient: "top", labelAngle: 0, labelAlign: "left", labelFontWeight: "bold", ticks: false, domain: false } },
      y: { field: "row", type: "ordinal", axis: null },
      text: { field: "text" },
    },
    config: { view: { stroke: null } },
  };
}

const SPECS = { timeline: timelineSpec, bar: barSpec, graph: graphSpec };
let vega = null;

async function loadVega() {
  vega = vega || (await import("./vendor/vega.min.js"));
  return vega;
}

/** Draw a view into the container; what to save it from (a Vega view: toSVG, toImageURL). */
export async function renderView(container, view, data, fits) {
  container.replaceChildren();
  if (view === "table") {
    renderTable(container, data);
    // drawn only when saved: the page shows the HTML table
    const picture = async () => (await (await loadVega()).embed(document.createElement("div"), tableSpec(data),
      { actions: false, renderer: "none" })).view;
    return { toSVG: async () => (await picture()).toSVG(), toImageURL: async (...a) => (await picture()).toImageURL(...a) };
  }
  await loadVega();
  const chart = document.createElement("div");
  chart.className = "chart chart-" + view;
  container.appendChild(chart);
  const spec = SPECS[view](data, fits[view], Math.max(480, container.clientWidth - 20));
  const result = await vega.embed(chart, spec, { actions: false, renderer: "svg" });
  return result.view;
}

/** Save a chart as SVG or PNG, as a download named after the view. */
export async function saveChart(chartView, format, name) {
  const url = format === "svg"
    ? URL.createObjectURL(new Blob([await chartView.toSVG()], { type: "image/svg+xml" }))
    : await chartView.toImageURL("png", 2);
  const a = document.createElement("a");
  a.href = url;
  a.download = name + "." + format;
  document.body.appendChild(a);
  a.click();
  a.remove();
}
