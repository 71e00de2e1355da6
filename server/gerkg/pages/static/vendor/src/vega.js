// Vega, Vega-Lite and vega-embed: the charts of the result views (static/views.js) and of /roadmap.
export { default as embed } from "vega-embed";
