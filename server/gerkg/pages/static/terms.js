// RDF terms of SPARQL JSON results as people read them: prefixed names, and links that are safe to follow.
// Only http(s) IRIs become links (ours go to their page here): a javascript: or data: IRI in a result stays
// text, so a shared query cannot plant a script in someone else's page.

const XSD = "http://www.w3.org/2001/XMLSchema#";
const ONTOLOGY = "https://w3id.org/ger-kg/ontology#";

export function shortName(iri) {
  for (const [prefix, ns] of Object.entries(window.GER.prefixes)) {
    if (ns && iri.startsWith(ns) && iri.length > ns.length) return prefix + ":" + iri.slice(ns.length);
  }
  return iri;
}

/** Where a link to this IRI may go, or null when it must not be a link. */
export function safeHref(iri) {
  if (iri.startsWith(window.GER.base)) return "/id/" + iri.slice(window.GER.base.length);
  if (iri.startsWith(ONTOLOGY)) return "/ontology#" + iri.slice(ONTOLOGY.length);
  return /^https?:\/\/[^\s]+$/i.test(iri) ? iri : null;
}

/** The text of a term: a prefixed name for an IRI, _:x for a blank node, the lexical form of a literal. */
export function termText(term) {
  if (!term) return "";
  if (term.type === "uri") return shortName(term.value);
  return term.type === "bnode" ? "_:" + term.value : term.value;
}

export function xsdType(term) {
  return term && term.datatype && term.datatype.startsWith(XSD) ? term.datatype.slice(XSD.length) : null;
}

/** A table cell: IRIs as links where safe, as text otherwise; the datatype or language as a tooltip. */
export function termCell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  const href = term.type === "uri" ? safeHref(term.value) : null;
  if (href) {
    const a = document.createElement("a");
    a.href = href;
    a.title = term.value;
    a.textContent = shortName(term.value);
    td.appendChild(a);
  } else {
    td.textContent = termText(term);
    td.title = term["xml:lang"] ? "@" + term["xml:lang"] : term.datatype || (term.type === "uri" ? "IRI (not a web link)" : "");
  }
  return td;
}
