// The SPARQL editor: CodeMirror 6 with the SPARQL mode, completion of our prefixes and of the ontology's
// classes and properties (read from the served graph by one query), the parser's error position marked,
// Ctrl/Cmd+Enter to run.
import { EditorView, Prec, StreamLanguage, autocompletion, basicSetup, keymap, lintGutter, setDiagnostics, sparql }
  from "./vendor/codemirror.min.js";
import { shortName } from "./terms.js";

const KEYWORDS = ["SELECT", "DISTINCT", "WHERE", "PREFIX", "OPTIONAL", "FILTER", "BIND", "VALUES", "GRAPH", "UNION",
  "MINUS", "GROUP BY", "ORDER BY", "HAVING", "LIMIT", "OFFSET", "ASK", "CONSTRUCT", "DESCRIBE", "SERVICE",
  "EXISTS", "NOT EXISTS", "COUNT", "GROUP_CONCAT", "SAMPLE", "COALESCE", "STRSTARTS", "CONTAINS", "LANG", "STR"];

// The ontology's vocabulary, from the served graph: every class, property, datatype and concept that the
// graph types as such, with its label and definition.
const VOCABULARY_QUERY = `PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?term (SAMPLE(?k) AS ?kind) (SAMPLE(?l) AS ?label) (SAMPLE(?d) AS ?definition) WHERE {
  VALUES (?type ?k) { (owl:Class "class") (rdfs:Class "class") (owl:ObjectProperty "property")
    (owl:DatatypeProperty "property") (owl:AnnotationProperty "property") (rdf:Property "property")
    (rdfs:Datatype "datatype") (skos:Concept "concept") }
  ?term a ?type . FILTER(isIRI(?term))
  OPTIONAL { ?term rdfs:label|skos:prefLabel ?l }
  OPTIONAL { ?term skos:definition|rdfs:comment ?d }
} GROUP BY ?term`;

async function loadVocabulary() {
  const body = new URLSearchParams({ query: "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n" + VOCABULARY_QUERY });
  const response = await fetch("/sparql", { method: "POST", body, headers: { Accept: "application/sparql-results+json" } });
  if (!response.ok) return [];
  const data = await response.json();
  return data.results.bindings.map((b) => ({ name: shortName(b.term.value), kind: b.kind.value,
    label: b.label && b.label.value, definition: b.definition && b.definition.value }))
    .filter((t) => t.name.includes(":") && !t.name.includes("/"));
}

function declared(doc, prefix) {
  return new RegExp(`^\\s*PREFIX\\s+${prefix}:`, "im").test(doc);
}

// Insert a prefixed name, and its PREFIX line when the query does not declare it yet.
function applyTerm(name) {
  return (view, completion, from, to) => {
    const prefix = name.split(":")[0];
    const ns = window.GER.prefixes[prefix];
    const changes = [{ from, to, insert: name }];
    let shift = 0;
    if (ns && !declared(view.state.doc.toString(), prefix)) {
      const line = `PREFIX ${prefix}: <${ns}>\n`;
      changes.push({ from: 0, insert: line });
      shift = line.length;
    }
    view.dispatch({ changes, selection: { anchor: from + shift + name.length } });
  };
}

function completer(vocabulary) {
  return (context) => {
    const line = context.state.doc.lineAt(context.pos);
    const before = line.text.slice(0, context.pos - line.from);
    const declaring = before.match(/^\s*PREFIX\s+([\w-]*)$/i);
    if (declaring) {
      return { from: context.pos - declaring[1].length, options: Object.entries(window.GER.prefixes)
        .map(([p, ns]) => ({ label: `${p}: <${ns}>`, type: "namespace" })) };
    }
    const word = context.matchBefore(/[A-Za-z_][\w.-]*:?[\w.-]*/);
    if (!word && !context.explicit) return null;
    const text = word ? word.text : "";
    const options = [];
    if (text.includes(":")) {
      const prefix = text.split(":")[0] + ":";
      for (const t of vocabulary()) {
        if (t.name.startsWith(prefix)) options.push(termOption(t));
      }
    } else {
      for (const p of Object.keys(window.GER.prefixes)) options.push({ label: p + ":", type: "namespace", boost: 1 });
      for (const k of KEYWORDS) options.push({ label: k, type: "keyword" });
      const lower = text.toLowerCase();
      if (lower.length >= 2) {
        for (const t of vocabulary()) if (t.name.split(":")[1].toLowerCase().startsWith(lower)) options.push(termOption(t));
      }
    }
    return { from: word ? word.from : context.pos, options, validFor: /^[\w.:-]*$/ };
  };
}

function termOption(t) {
  return { label: t.name, type: t.kind === "class" ? "class" : t.kind === "property" ? "property" : "constant",
    detail: t.label, info: t.definition, apply: applyTerm(t.name) };
}

/** The editor in `parent`; `onRun` is called on Ctrl/Cmd+Enter. */
export function createEditor(parent, { doc, onRun }) {
  let terms = [];
  let marked = false;
  const view = new EditorView({
    doc,
    parent,
    extensions: [
      Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => { onRun(); return true; } }])),
      basicSetup,
      StreamLanguage.define(sparql),
      EditorView.lineWrapping,
      autocompletion({ override: [completer(() => terms)], icons: true }),
      lintGutter(),
      // an edit clears the error marker (after the update: a view cannot dispatch while it updates)
      EditorView.updateListener.of((u) => {
        if (u.docChanged && marked) { marked = false; queueMicrotask(() => view.dispatch(setDiagnostics(view.state, []))); }
      }),
      EditorView.contentAttributes.of({ "aria-label": "SPARQL query" }),
    ],
  });
  loadVocabulary().then((loaded) => { terms = loaded; });
  return {
    view,
    get value() { return view.state.doc.toString(); },
    set value(text) { view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }); },
    /** Mark the parser's error: `message` holds "line:column" as /sparql's 400 gives it. */
    markError(message) {
      const at = message.match(/at (\d+):(\d+)/);
      if (!at) return false;
      const doc = view.state.doc;
      const lineNo = Math.min(Number(at[1]), doc.lines);
      const line = doc.line(lineNo);
      let pos = Math.min(line.from + Number(at[2]) - 1, line.to);
      // the parser points just past the last token it read: mark that token
      while (pos > line.from && /\s/.test(doc.sliceString(pos - 1, pos))) pos--;
      let from = pos;
      while (from > line.from && /[^\s{}().;,]/.test(doc.sliceString(from - 1, from))) from--;
      if (from === pos) from = Math.max(line.from, pos - 1);
      const to = Math.max(pos, from + 1);
      view.dispatch(setDiagnostics(view.state, [{ from, to: Math.min(to, doc.length), severity: "error", message }]));
      marked = true;
      return true;
    },
  };
}
