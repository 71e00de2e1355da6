"""Competency questions: graph/queries/*.rq, each with its question in words and its expected answer in
`# expect-...:` comment lines, checked against a store's answer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

QUERIES = Path(__file__).resolve().parents[1] / "graph" / "queries"


@dataclass
class Question:
    path: Path
    title: str
    question: str
    answer: str
    text: str
    expectations: list[tuple[str, str]] = field(default_factory=list)


def load(path: Path) -> Question:
    text = path.read_text()
    meta = dict(re.findall(r"^#\s*(title|question|answer):\s*(.+)$", text, re.M))
    expectations = re.findall(r"^#\s*expect-([a-z-]+):\s*(.+?)\s*$", text, re.M)
    return Question(path, meta.get("title", ""), meta.get("question", ""), meta.get("answer", ""), text,
                    expectations)


def all_questions() -> list[Question]:
    return [load(p) for p in sorted(QUERIES.glob("*.rq"))]


def _pairs(spec: str) -> dict[str, str]:
    out = {}
    for part in re.split(r",\s*(?=[A-Za-z_]\w*=)", spec):
        key, _, value = part.partition("=")
        out[key.strip()] = value.strip()
    return out


def check(question: Question, rows: list[dict[str, str]] | None, boolean: bool | None) -> list[str]:
    """The expectations the answer fails (rows: variable -> IRI or lexical value)."""
    failures = []
    for kind, spec in question.expectations:
        if kind == "boolean":
            if boolean is not (spec.lower() == "true"):
                failures.append(f"expected {spec}, got {boolean}")
            continue
        if rows is None:
            failures.append(f"expect-{kind} needs a SELECT result")
            continue
        if kind == "rows" and len(rows) != int(spec):
            failures.append(f"expected {spec} rows, got {len(rows)}")
        elif kind == "min-rows" and len(rows) < int(spec):
            failures.append(f"expected at least {spec} rows, got {len(rows)}")
        elif kind == "max-rows" and len(rows) > int(spec):
            failures.append(f"expected at most {spec} rows, got {len(rows)}")
        elif kind == "row" and not any(all(r.get(k) == v for k, v in _pairs(spec).items()) for r in rows):
            failures.append(f"no row with {spec}")
        elif kind == "no-row" and any(all(r.get(k) == v for k, v in _pairs(spec).items()) for r in rows):
            failures.append(f"a row with {spec}, which should not be there")
        elif kind == "first" and not (rows and all(rows[0].get(k) == v for k, v in _pairs(spec).items())):
            failures.append(f"first row is not {spec}: {rows[:1]}")
    return failures
