"""An update's text made ready for pyoxigraph, which takes neither a dataset nor an allow-list: the SPARQL 1.1
Protocol's using-graph-uri and using-named-graph-uri become USING and USING NAMED clauses, and the address
of a LOAD that is not on the allow-list is replaced by one pyoxigraph cannot fetch.

The clauses go before the WHERE of every DELETE/INSERT operation, and a DELETE WHERE { P } (which cannot
carry USING) becomes the equivalent DELETE { P } USING ... WHERE { P }. A refused LOAD then fails without
any fetch, or, with SILENT, does nothing, as SILENT asks; a syntax error is still reported as one.
"""

from __future__ import annotations

from urllib.parse import urljoin

from .sparql_text import _tokens

REFUSED = "urn:x-ger-kg:refused-address"  # no scheme pyoxigraph fetches


class DatasetConflict(ValueError):
    """The request gives a dataset both ways (protocol parameters and USING/WITH in the text)."""


def _group(tokens, i) -> tuple[int, int]:
    """The span of the { ... } group that starts at token i (an empty span when there is none)."""
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


def with_dataset(text: str, using: list[str], using_named: list[str]) -> str:
    if not using and not using_named:
        return text
    clauses = " ".join([f"USING <{g}>" for g in using] + [f"USING NAMED <{g}>" for g in using_named]) + " "
    tokens = list(_tokens(text))
    edits = []  # (start, end, replacement)
    depth = 0
    operation = []  # the words of the current operation, at depth 0
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
                    edits.append((at, end, f"{pattern} {clauses}WHERE {pattern}"))
                else:
                    edits.append((at, at, clauses))
    for start, end, replacement in reversed(edits):
        text = text[:start] + replacement + text[end:]
    return text


def without_refused_loads(text: str, allowed: tuple[str, ...]) -> tuple[str, list[str]]:
    """The text with each LOAD address that no allowed prefix starts replaced by REFUSED, and those of the
    LOADs without SILENT (which must fail)."""
    tokens = list(_tokens(text))
    prefixes: dict[str, str] = {}
    base = ""
    edits, failing = [], []
    for i, (kind, value, at) in enumerate(tokens):
        word = value.upper() if kind == "word" else None
        following = tokens[i + 1:i + 3]
        if word == "PREFIX" and [k for k, _, _ in following] == ["pname", "iri"]:
            prefixes[following[0][1][:-1]] = urljoin(base, following[1][1][1:-1])
        elif word == "BASE" and following and following[0][0] == "iri":
            base = urljoin(base, following[0][1][1:-1])
        elif word == "LOAD":
            j = i + 1
            silent = j < len(tokens) and tokens[j][0] == "word" and tokens[j][1].upper() == "SILENT"
            j += silent
            if j >= len(tokens) or tokens[j][0] not in ("iri", "pname"):
                continue  # not a LOAD the parser will accept: it reports the error
            tkind, tvalue, tat = tokens[j]
            if tkind == "iri":
                address = urljoin(base, tvalue[1:-1])
            else:
                prefix, _, local = tvalue.partition(":")
                address = prefixes.get(prefix, "") + local
            if not any(address.startswith(p) for p in allowed if p):
                edits.append((tat, tat + len(tvalue)))
                if not silent:
                    failing.append(address)
    for start, end in reversed(edits):
        text = f"{text[:start]}<{REFUSED}>{text[end:]}"
    return text, failing
