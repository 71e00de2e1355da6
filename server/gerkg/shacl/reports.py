"""SHACL validation reports for people and for CI: readable text grouped by focus node, JSON, JUnit XML
(one test case per shape and focus node), HTML, and the standard report graph itself."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

SH = Namespace("http://www.w3.org/ns/shacl#")
SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass
class Result:
    focus: str
    severity: str  # Violation, Warning, Info
    message: str
    path: str | None
    value: str | None
    shape: str | None
    component: str | None
    file: str | None = None


def _name(term) -> str | None:
    if term is None:
        return None
    if isinstance(term, BNode):
        return "(a blank node)"
    return str(term)


def _path(g: Graph, path) -> str | None:
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    inverse = g.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{inverse}"
    return "(a complex path)"


def results(report: Graph, files: dict | None = None) -> list[Result]:
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(r, SH.focusNode)
        severity = report.value(r, SH.resultSeverity)
        messages = [str(m) for m in report.objects(r, SH.resultMessage)]
        component = report.value(r, SH.sourceConstraintComponent)
        out.append(Result(
            focus=_name(focus), severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            message="; ".join(messages) or "the value does not conform",
            path=_path(report, report.value(r, SH.resultPath)), value=_name(report.value(r, SH.value)),
            shape=_name(report.value(r, SH.sourceShape)),
            component=str(component).rsplit("#", 1)[-1] if component else None,
            file=(files or {}).get(focus)))
    return sorted(out, key=lambda x: (SEVERITY_ORDER.get(x.severity, 3), x.focus or "", x.path or "",
                                      x.message))


def render_text(report: Graph, files: dict | None = None) -> str:
    rs = results(report, files)
    if not rs:
        return "Conforms: the data satisfies every shape.\n"
    counts = {s: sum(r.severity == s for r in rs) for s in ("Violation", "Warning", "Info")}
    lines = [", ".join(f"{n} {s.lower()}{'s' if n != 1 else ''}" for s, n in counts.items() if n) + ":", ""]
    by_focus: dict[str, list[Result]] = {}
    for r in rs:
        by_focus.setdefault(r.focus, []).append(r)
    for focus, group in by_focus.items():
        where = f"  ({group[0].file})" if group[0].file else ""
        lines.append(f"{focus}{where}")
        for r in group:
            lines.append(f"  {r.severity}: {r.message}")
            detail = [f"path {r.path}" if r.path else None, f"value {r.value}" if r.value else None,
                      f"shape {r.shape}" if r.shape and not r.shape.startswith("(") else None]
            detail = [d for d in detail if d]
            if detail:
                lines.append("    " + ", ".join(detail))
        lines.append("")
    return "\n".join(lines)


def render_json(report: Graph, files: dict | None = None) -> str:
    rs = results(report, files)
    return json.dumps({"conforms": not any(r.severity == "Violation" for r in rs),
                       "violations": sum(r.severity == "Violation" for r in rs),
                       "warnings": sum(r.severity == "Warning" for r in rs),
                       "infos": sum(r.severity == "Info" for r in rs),
                       "results": [asdict(r) for r in rs]}, indent=2, ensure_ascii=False)


def render_junit(report: Graph, cases: list[tuple[str, str]], files: dict | None = None,
                 strict: bool = False) -> str:
    """One test case per (shape, focus node) pair that was checked; a case fails on a Violation (and on
    a Warning with strict)."""
    rs = results(report, files)
    failing = {}
    for r in rs:
        failing.setdefault((r.shape, r.focus), []).append(r)
    all_cases = list(dict.fromkeys(list(cases) + list(failing)))
    body, failures = [], 0
    for shape, focus in all_cases:
        found = failing.get((shape, focus), [])
        name = quoteattr(str(focus))
        classname = quoteattr(str(shape))
        bad = [r for r in found if r.severity == "Violation" or (strict and r.severity == "Warning")]
        if bad:
            failures += 1
            text = "\n".join(f"{r.severity}: {r.message} (path {r.path}, value {r.value})" for r in found)
            body.append(f'  <testcase classname={classname} name={name}><failure message='
                        f'{quoteattr(bad[0].message)}>{escape(text)}</failure></testcase>')
        else:
            out = "".join(f"{r.severity}: {r.message}\n" for r in found)
            extra = f"<system-out>{escape(out)}</system-out>" if out else ""
            body.append(f"  <testcase classname={classname} name={name}>{extra}</testcase>")
    head = (f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="ger-validate" '
            f'tests="{len(all_cases)}" failures="{failures}" errors="0">')
    return "\n".join([head, *body, "</testsuite>", ""])


def render_html(report: Graph, files: dict | None = None) -> str:
    rs = results(report, files)
    rows = "".join(
        f"<tr class='{escape(r.severity.lower())}'><td>{escape(r.severity)}</td><td>{escape(r.focus or '')}</td>"
        f"<td>{escape(r.path or '')}</td><td>{escape(r.value or '')}</td><td>{escape(r.message)}</td></tr>"
        for r in rs)
    verdict = "Conforms" if not any(r.severity == "Violation" for r in rs) else "Does not conform"
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Validation report</title>"
            "<style>body{font:15px system-ui;margin:2rem}td,th{border-bottom:1px solid #ddd;padding:.3rem;"
            "text-align:left;vertical-align:top}.violation td:first-child{color:#b00020}</style></head><body>"
            f"<h1>{verdict}</h1><table><tr><th>severity</th><th>focus node</th><th>path</th><th>value</th>"
            f"<th>message</th></tr>{rows}</table></body></html>")


def conforms_literal(report: Graph) -> bool:
    value = next(report.objects(None, SH.conforms), Literal(True))
    return bool(value.toPython())
