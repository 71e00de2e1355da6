"""An update's text made ready for pyoxigraph, which takes neither a dataset nor an allow-list: the SPARQL 1.1
Protocol's using-graph-uri and using-named-graph-uri become USING and USING NAMED clauses, and the address
of a LOAD that is not on the allow-list is replaced by one pyoxigraph cannot fetch.

They work on the canonical text of sparql_text.analyse() (the reading the engine runs, LOAD targets already
absolute), never on a second reading of the text received. The clauses go before the WHERE of every
DELETE/INSERT operation, and a DELETE WHERE { P } (which cannot carry USING) becomes the equivalent
DELETE { P } USING ... WHERE { P }. A refused LOAD then fails without any fetch, or, with SILENT, does
nothing, as SILENT asks; a syntax error is still reported as one.
"""

from __future__ import annotations

from gerkg.namespaces import writable_iri
from gerkg.sparql.sparql_text import IRI, PNAME, PUNCT, WORD, Tokens, allowed

REFUSED = "urn:x-ger-kg:refused-address"  # no scheme pyoxigraph fetches


class DatasetConflict(ValueError):
    """The request gives a dataset both ways (protocol parameters and USING/WITH in the text), or a graph
    that is not an IRI."""


def _edit(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def with_dataset(canonical: str, using: list[str], using_named: list[str]) -> str:
    if not using and not using_named:
        return canonical
    for graph in using + using_named:
        if not writable_iri(graph):
            raise DatasetConflict(f"not an IRI: {graph!r}")
    clauses = " ".join([f"USING <{g}>" for g in using] + [f"USING NAMED <{g}>" for g in using_named]) + " "
    tokens = Tokens(canonical)
    edits = []
    depth = 0
    operation = []  # the words of the current operation, at depth 0
    for i in range(len(tokens)):
        kind, value, at = tokens.kinds[i], tokens.value(i), tokens.starts[i]
        if kind == PUNCT and value == "{":
            depth += 1
        elif kind == PUNCT and value == "}":
            depth -= 1
        elif kind == PUNCT and value == ";" and depth == 0:
            operation = []
        elif kind == WORD and depth == 0 and value.upper() not in ("PREFIX", "BASE"):
            word = value.upper()
            if word in ("USING", "WITH"):
                raise DatasetConflict("give the update's dataset either as using-graph-uri/using-named-graph-uri "
                                      "parameters or as USING/WITH in the update, not both")
            operation.append(word)
            if word == "WHERE" and operation[0] in ("DELETE", "INSERT"):
                if operation == ["DELETE", "WHERE"] and tokens.is_punct(i + 1, "{"):
                    end = tokens.ends[tokens.group_end(i + 1) - 1]
                    pattern = canonical[tokens.starts[i + 1]:end]
                    edits.append((at, end, f"{pattern} {clauses}WHERE {pattern}"))
                else:
                    edits.append((at, at, clauses))
    return _edit(canonical, edits)


def without_refused_loads(canonical: str, allowlist: tuple[str, ...]) -> tuple[str, list[str]]:
    """The text with each LOAD address that is not on the allow-list replaced by REFUSED, and the addresses
    of the LOADs without SILENT (which must fail)."""
    tokens = Tokens(canonical)
    edits, failing = [], []
    for i in range(len(tokens)):
        if tokens.word(i) != "LOAD":
            continue
        j = i + 1
        silent = tokens.word(j) == "SILENT"
        j += silent
        if j >= len(tokens) or tokens.kinds[j] not in (IRI, PNAME):
            continue  # not a LOAD the parser will accept: it reports the error
        address = tokens.value(j)[1:-1] if tokens.kinds[j] == IRI else tokens.value(j)
        if tokens.kinds[j] != IRI or not allowed(address, allowlist):
            edits.append((tokens.starts[j], tokens.ends[j], f"<{REFUSED}>"))
            if not silent:
                failing.append(address)
    return _edit(canonical, edits), failing


def clear_never_fails(canonical: str) -> str:
    """The text with every CLEAR made CLEAR SILENT. Clearing a graph that does not exist then succeeds and
    changes nothing, as the SPARQL 1.1 Protocol suite's update_base_uri expects (it starts with a CLEAR GRAPH
    of a graph the store may not have) and as stores that do not record empty graphs (Jena) behave; a CLEAR
    of a graph that exists is the same either way. (pyoxigraph and Oxigraph server report an error.)"""
    tokens = Tokens(canonical)
    edits = [(tokens.ends[i], tokens.ends[i], " SILENT") for i in range(len(tokens))
             if tokens.word(i) == "CLEAR" and tokens.word(i + 1) != "SILENT"]
    return _edit(canonical, edits)


def inserts_data_only(canonical: str) -> bool:
    """True when the update is only INSERT DATA operations (after PREFIX and BASE): what it adds is then its
    data whatever the store holds, so it can be planned without a copy of the store."""
    tokens = Tokens(canonical)
    i, operations = 0, 0
    while i < len(tokens):
        word = tokens.word(i)
        if word == "PREFIX" and i + 2 < len(tokens) and tokens.kinds[i + 1] == PNAME and tokens.kinds[i + 2] == IRI:
            i += 3
        elif word == "BASE" and i + 1 < len(tokens) and tokens.kinds[i + 1] == IRI:
            i += 2
        elif word == "INSERT" and tokens.word(i + 1) == "DATA" and tokens.is_punct(i + 2, "{"):
            i = tokens.group_end(i + 2)
            operations += 1
            if tokens.is_punct(i, ";"):
                i += 1
        else:
            return False
    return operations > 0
