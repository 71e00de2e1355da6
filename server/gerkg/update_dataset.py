"""The SPARQL 1.1 Protocol's using-graph-uri and using-named-graph-uri, given to an update as USING and
USING NAMED clauses in its text, so that pyoxigraph evaluates the WHERE of each operation on that dataset.

pyoxigraph's Store.update takes no dataset, so the clauses are written into the text: before the WHERE of
every DELETE/INSERT operation, and a DELETE WHERE { P } (which cannot carry USING) becomes the equivalent
DELETE { P } USING ... WHERE { P }.
"""

from __future__ import annotations

from .sparql_text import _tokens


class DatasetConflict(ValueError):
    """The request gives a dataset both ways (protocol parameters and USING/WITH in the text)."""


def with_dataset(text: str, using: list[str], using_named: list[str]) -> str:
    if not using and not using_named:
        return text
    clauses = " ".join([f"USING <{g}>" for g in using] + [f"USING NAMED <{g}>" for g in using_named]) + " "
    tokens = list(_tokens(text))
    edits = []  # (start, end, replacement)
    depth = 0
    operation = []  # the words that opened the current operation, at depth 0
    for i, (kind, value, at) in enumerate(tokens):
        word = value.upper() if kind == "word" else None
        if kind == "other" and value == "{":
            depth += 1
        elif kind == "other" and value == "}":
            depth -= 1
        elif kind == "other" and value == ";" and depth == 0:
            operation = []
        elif word and depth == 0 and word not in ("PREFIX", "BASE"):
            if word in ("USING", "WITH"):
                raise DatasetConflict("give the update's dataset either as using-graph-uri/using-named-graph-uri "
                                      "parameters or as USING/WITH in the update, not both")
            operation.append(word)
            if word == "WHERE" and operation[0] in ("DELETE", "INSERT"):
                if operation == ["DELETE", "WHERE"]:
                    start, end = _group(tokens, i + 1)
                    pattern = text[start:end]
                    edits.append((tokens[i][2], end, f"{pattern} {clauses}WHERE {pattern}"))
                else:
                    edits.append((at, at, clauses))
    for start, end, replacement in reversed(edits):
        text = text[:start] + replacement + text[end:]
    return text


def _group(tokens, i) -> tuple[int, int]:
    """The span of the { ... } group that starts at token i."""
    depth = 0
    for kind, value, at in tokens[i:]:
        if kind == "other" and value == "{":
            depth += 1
        elif kind == "other" and value == "}":
            depth -= 1
            if depth == 0:
                return tokens[i][2], at + 1
    at = tokens[i][2] if i < len(tokens) else tokens[-1][2] + len(tokens[-1][1])
    return at, at  # not closed: left as it is, for the parser to report
