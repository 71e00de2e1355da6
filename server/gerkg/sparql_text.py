"""A small SPARQL lexer: what kind of request a text is, and which remote addresses it would make us fetch.

pyoxigraph evaluates SERVICE and LOAD by fetching their IRIs; on a public endpoint that is a way to make the
server request arbitrary addresses, so every such IRI must be on the allow-list before evaluation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin

_TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
    | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?)
    | (?P<pname>(?:[A-Za-z][\w.-]*)?:(?:[\w.:%-]|\\.)*)
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")


class RemoteAccessDenied(Exception):
    """The text asks to fetch an address that is not on the allow-list."""


@dataclass(frozen=True)
class Analysis:
    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE, or UPDATE
    remote: tuple[str, ...] = ()  # IRIs of SERVICE and LOAD, resolved; "?var" if variable
    limit: int | None = None  # the query's own top-level LIMIT, if any
    dataset: bool = False  # the query names its own dataset (FROM, FROM NAMED)
    limit_span: tuple[int, int] | None = None  # where the top-level LIMIT's number is in the text
    values_at: int | None = None  # where a trailing top-level VALUES clause starts


def with_row_limit(text: str, analysis: Analysis, rows: int) -> str:
    """The query text with a top-level LIMIT of at most rows: the query's own LIMIT lowered, or one added
    before the trailing VALUES clause (or at the end, on a line of its own in case of a final comment)."""
    if analysis.limit_span is not None:
        if analysis.limit <= rows:
            return text
        start, end = analysis.limit_span
        return f"{text[:start]}{rows}{text[end:]}"
    if analysis.values_at is not None:
        at = analysis.values_at
        return f"{text[:at]}LIMIT {rows}\n{text[at:]}"
    return f"{text}\nLIMIT {rows}\n"


def _tokens(text: str):
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind not in ("ws", "comment"):
            yield kind, m.group(), m.start()


@lru_cache(maxsize=1024)  # clients repeat queries (dashboards, examples, paging): lex each text once
def analyse(text: str) -> Analysis:
    prefixes: dict[str, str] = {}
    base = ""
    tokens = list(_tokens(text))
    form = None
    remote = []
    limit = limit_span = values_at = None
    dataset = False
    depth = 0
    i = 0
    while i < len(tokens):
        kind, value, at = tokens[i]
        word = value.upper() if kind == "word" else None
        if word == "PREFIX" and i + 2 < len(tokens) and tokens[i + 1][0] == "pname" and tokens[i + 2][0] == "iri":
            prefixes[tokens[i + 1][1][:-1]] = urljoin(base, tokens[i + 2][1][1:-1])
            i += 3
            continue
        if word == "BASE" and i + 1 < len(tokens) and tokens[i + 1][0] == "iri":
            base = urljoin(base, tokens[i + 1][1][1:-1])
            i += 2
            continue
        if kind == "other" and value == "{":
            depth += 1
        elif kind == "other" and value == "}":
            depth -= 1
        elif word == "LIMIT" and depth == 0 and i + 1 < len(tokens) and tokens[i + 1][1].isdigit():
            limit = int(tokens[i + 1][1])
            limit_span = (tokens[i + 1][2], tokens[i + 1][2] + len(tokens[i + 1][1]))
        elif word == "VALUES" and depth == 0:  # inside the WHERE clause VALUES is deeper: this one is last
            values_at = at
        elif word == "FROM" and depth == 0:  # a sub-select has no dataset clause: only the top level
            dataset = True
        if form is None and word in QUERY_FORMS:
            form = word
        elif form is None and word in UPDATE_WORDS:
            form = "UPDATE"
        if word in ("SERVICE", "LOAD"):
            j = i + 1
            while j < len(tokens) and tokens[j][0] == "word" and tokens[j][1].upper() == "SILENT":
                j += 1
            if j < len(tokens):
                tkind, tval, _ = tokens[j]
                if tkind == "iri":
                    remote.append(urljoin(base, tval[1:-1]))
                elif tkind == "pname":
                    prefix, _, local = tval.partition(":")
                    remote.append(prefixes.get(prefix, "") + local if prefix in prefixes else tval)
                else:
                    remote.append(tval)
            else:
                remote.append("")
        i += 1
    return Analysis(form, tuple(remote), limit, dataset, limit_span, values_at)


def check_remote(analysis: Analysis, allowed: tuple[str, ...]) -> None:
    """Raise RemoteAccessDenied unless every SERVICE/LOAD address starts with an allowed prefix."""
    for iri in analysis.remote:
        if not any(iri.startswith(prefix) for prefix in allowed if prefix):
            listed = ", ".join(allowed) if any(allowed) else "none are allowed on this server"
            raise RemoteAccessDenied(
                f"this server does not fetch remote data for SERVICE or LOAD: <{iri}> is not on its "
                f"allow-list ({listed})")
