"""SPARQL texts as the engine will read them: one lexer whose reading the server both decides on and runs.

pyoxigraph evaluates SERVICE and LOAD by fetching their IRIs; on a public endpoint every such IRI must be on
the allow-list, and the row cap and the nesting bound must hold, before evaluation. Deciding that on one
reading of the text and running another (a comment ended by a bare CR, a `<'>` comparison, a `\\u0053ERVICE`
escape) is how such checks are bypassed. So analyse() tokenises the text the way SPARQL 1.1 (§19) does:
`\\u` escapes expanded first, exactly as the engine expands them; any character that starts no token is
refused. It then re-emits a canonical text from those tokens (no comments, tokens apart, strings re-quoted
with every quote and escape-like backslash escaped, IRIs ended by a line break, SERVICE and LOAD targets
written as the absolute IRIs that were checked) and the engine runs exactly that text. What the engine could
still read otherwise is the inside of one IRI token taken as a `<` operator: it holds no braces, no quotes
that can reach past its line, nothing that can name or hide a SERVICE, a LIMIT or a group.

The canonical text also works around an engine crash: pyoxigraph 0.5.13 aborts the process when ORDER BY
compares numbers with other literals (its comparison is not a total order there), so every ORDER BY
condition is preceded by one that puts numeric values apart, which SPARQL leaves free to order.
"""

from __future__ import annotations

import bisect
import io
import re
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

MAX_NESTING = 128  # brackets inside brackets: deeper texts overflow the engine's stack
MAX_OPERATORS = 10_000  # groups and operators, which the engine also evaluates recursively
CACHE_TEXT = 4096  # texts up to this length are analysed once and remembered (dashboards repeat them)

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")

_WS = "\x20\x09\x0d\x0a"  # SPARQL's white space: nothing else separates tokens
_PN_CHARS_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
                  "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
_ECHAR = r"""\\[tbnrf\\"']"""

# Kinds of token; the order of the alternatives decides where two could match (first wins).
_KINDS = ("ws", "comment", "string", "iri", "var", "bnode", "pname", "number", "lang", "word", "punct")
_TOKEN = re.compile(
    f"(?P<ws>[{_WS}]+)"
    f"|(?P<comment>#[^\\r\\n]*)"
    r"|(?P<string>(?!))"  # strings are scanned by _string_end, in constant memory
    r"|(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)"
    f"|(?P<var>[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*)"
    f"|(?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)"
    f"|(?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)"
    r"|(?P<number>[+-]?(?:[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.?[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+))"
    r"|(?P<lang>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<punct>\^\^|\|\||&&|!=|<=|>=|[{}()\[\].,;=<>!+\-*/|^?])"
)
_KIND = {name: i for i, name in enumerate(_KINDS)}
STRING, IRI, VAR, PNAME, NUMBER, WORD, PUNCT = (_KIND[k] for k in
                                                ("string", "iri", "var", "pname", "number", "word", "punct"))
_OPEN, _CLOSE = "({[", ")}]"
_OPERATORS = frozenset(("{", "(", "[", "||", "&&", "!", "+", "-", "*", "/", "|", "^", "OPTIONAL", "MINUS",
                        "UNION", "SERVICE", "GRAPH", "EXISTS"))
_OPERAND_END = (VAR, NUMBER, STRING)

_UNICODE_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|.)", re.DOTALL)
_ERROR_AT = re.compile(r"\b(\d+):(\d+)\b")


class QueryRefused(ValueError):
    """The text is not one this server will run: not SPARQL, or past the bounds that keep workers alive."""


class RemoteAccessDenied(Exception):
    """The text asks to fetch an address that is not on the allow-list."""


def expand_escapes(text: str) -> str:
    """\\uXXXX and \\UXXXXXXXX replaced by their characters before anything else (SPARQL 1.1 §19.2), as the
    engine does it: an escaped backslash is stepped over, so `\\\\u0041` stays as it is."""
    if "\\u" not in text and "\\U" not in text:
        return text

    def replace(m):
        code = m.group(1) or m.group(2)
        if code is None:
            return m.group()
        value = int(code, 16)
        if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            raise QueryRefused(f"SPARQL syntax error: {m.group()} is not a character")
        return chr(value)
    return _UNICODE_ESCAPE.sub(replace, text)


def _line_column(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    return f"line {line}, column {offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


def _string_value(token: str) -> str:
    quote = 3 if token[:3] in ("'''", '"""') else 1
    body = token[quote:-quote]
    if "\\" not in body:
        return body
    return re.sub(_ECHAR, lambda m: {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f"}.get(
        m.group()[1], m.group()[1]), body)


def _quoted(value: str) -> str:
    """A string literal every SPARQL reader takes the same way: double quotes, every quote escaped (a `'`
    opened inside an IRI can close nowhere), and a backslash before `u` written so that no `\\u`
    expansion, careful or naive, changes the value."""
    out = value.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'")
    out = out.replace("\n", "\\n").replace("\r", "\\r")
    if "\\\\u" in out or "\\\\U" in out:
        out = out.replace("\\\\u", "\\\\\\u0075").replace("\\\\U", "\\\\\\u0055")
    return f'"{out}"'


@dataclass(frozen=True)
class Analysis:
    """What a text asks for, on the reading the engine runs; `text` is that reading, to be run as it is."""
    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE, or UPDATE
    text: str  # the canonical text: run this, never the text received
    remote: tuple[str, ...] = ()  # SERVICE and LOAD targets, absolute; "?var" if a variable
    limit: int | None = None  # the query's own top-level LIMIT, if any
    dataset: bool = False  # the query names its own dataset (FROM, FROM NAMED)
    limit_span: tuple[int, int] | None = None  # where the top-level LIMIT's number is in `text`
    values_at: int | None = None  # where a trailing top-level VALUES clause starts in `text`
    _where: object = field(default=None, repr=False, compare=False)  # maps engine error positions back

    def with_row_limit(self, rows: int) -> str:
        """The canonical text with a top-level LIMIT of at most rows: its own LIMIT lowered, or one added
        before the trailing VALUES clause or at the end."""
        text = self.text
        if self.limit_span is not None:
            if self.limit <= rows:
                return text
            start, end = self.limit_span
            return f"{text[:start]}{rows}{text[end:]}"
        if self.values_at is not None:
            return f"{text[:self.values_at]}LIMIT {rows} {text[self.values_at:]}"
        return f"{text} LIMIT {rows}"

    def error_position(self, message: str) -> str:
        """An engine message about the canonical text, with its line:column moved to the text received."""
        return message if self._where is None else self._where(message)


_STOPS = {(quote, long): re.compile(f"[{quote}\\\\]" if long else f"[{quote}\\\\\\r\\n]")
          for quote in "'\"" for long in (False, True)}


def _string_end(text: str, pos: int) -> int | None:
    """Where the string literal that opens at pos ends, or None if it does not (SPARQL's four forms;
    a regular expression would keep a backtracking entry per escape)."""
    quote = text[pos]
    long = text.startswith(quote * 3, pos)
    i, stop = pos + (3 if long else 1), _STOPS[quote, long].search
    while True:
        m = stop(text, i)
        if m is None:
            return None
        i, char = m.start(), m.group()
        if char == "\\":
            if text[i + 1:i + 2] not in _ECHARS:
                return None
            i += 2
        elif char != quote:  # a line break in a short string
            return None
        elif not long:
            return i + 1
        elif text.startswith(quote * 3, i):
            return i + 3
        else:
            i += 1


_ECHARS = frozenset("tbnrf\\\"'")


class Tokens:
    """The tokens of a text, held compactly (a kind byte and two offsets each): a 10 MB text of short
    tokens must not take gigabytes."""

    def __init__(self, text: str):
        self.text = text
        self.kinds = bytearray()
        self.starts = array("I")
        self.ends = array("I")
        match, pos, end = _TOKEN.match, 0, len(text)
        ws, comment = _KIND["ws"], _KIND["comment"]
        while pos < end:
            if text[pos] in "'\"":
                string_end = _string_end(text, pos)
                if string_end is None:
                    raise QueryRefused(f"SPARQL syntax error at {_line_column(text, pos)}: a string that does "
                                       "not end, or with an escape SPARQL does not know")
                self.kinds.append(STRING)
                self.starts.append(pos)
                self.ends.append(string_end)
                pos = string_end
                continue
            m = match(text, pos)
            if m is None:
                raise QueryRefused(f"SPARQL syntax error at {_line_column(text, pos)}: unexpected "
                                   f"{text[pos]!r}")
            kind = _KIND[m.lastgroup]
            if kind != ws and kind != comment:
                if kind == IRI and "'''" in m.group():
                    raise QueryRefused(f"SPARQL syntax error at {_line_column(text, pos)}: an IRI with ''' "
                                       "in it is not accepted here")
                self.kinds.append(kind)
                self.starts.append(pos)
                self.ends.append(m.end())
            pos = m.end()

    def __len__(self):
        return len(self.kinds)

    def value(self, i: int) -> str:
        return self.text[self.starts[i]:self.ends[i]]

    def word(self, i: int) -> str | None:
        return self.value(i).upper() if 0 <= i < len(self.kinds) and self.kinds[i] == WORD else None

    def is_punct(self, i: int, char: str) -> bool:
        return i < len(self.kinds) and self.kinds[i] == PUNCT and self.value(i) == char

    def group_end(self, i: int) -> int:
        """The index just after the bracket group that opens at token i."""
        depth = 0
        for j in range(i, len(self.kinds)):
            if self.kinds[j] == PUNCT:
                v = self.value(j)
                depth += v in _OPEN
                depth -= v in _CLOSE
                if depth == 0:
                    return j + 1
        return len(self.kinds)


def _check_bounds(tokens: Tokens) -> None:
    depth = deepest = operators = 0
    iri_brackets = 0  # the engine may read an IRI's inside as operators: count its brackets as if
    for i, kind in enumerate(tokens.kinds):
        if kind == PUNCT:
            v = tokens.value(i)
            if v in _OPEN:
                depth += 1
                deepest = max(deepest, depth)
            elif v in _CLOSE:
                depth -= 1
            operators += v in _OPERATORS
        elif kind == WORD:
            operators += tokens.word(i) in _OPERATORS
        elif kind == IRI:
            v = tokens.value(i)
            iri_brackets = max(iri_brackets, v.count("(") + v.count("["))
    if deepest + iri_brackets > MAX_NESTING:
        raise QueryRefused(f"the text nests brackets {deepest + iri_brackets} deep; this server accepts "
                           f"at most {MAX_NESTING}")
    if operators > MAX_OPERATORS:
        raise QueryRefused(f"the text has {operators} groups and operators; this server accepts at most "
                           f"{MAX_OPERATORS}")


def _order_conditions(tokens: Tokens, i: int):
    """(start, end, direction, expression span) of each ORDER BY condition from token i on."""
    n = len(tokens)
    while i < n:
        word = tokens.word(i)
        if word in ("ASC", "DESC") and tokens.is_punct(i + 1, "("):
            end = tokens.group_end(i + 1)
            yield i, end, word, (i + 1, end)
        elif tokens.kinds[i] == VAR:
            end = i + 1
            yield i, end, "", (i, end)
        elif tokens.is_punct(i, "("):
            end = tokens.group_end(i)
            yield i, end, "", (i, end)
        elif tokens.kinds[i] in (WORD, IRI, PNAME) and word not in ("LIMIT", "OFFSET", "VALUES") \
                and tokens.is_punct(i + 1, "("):
            end = tokens.group_end(i + 1)
            yield i, end, "", (i, end)
        else:
            return
        i = end


def _emit(tokens: Tokens, i: int, targets: dict[int, str]) -> str:
    """Token i as the canonical text writes it, with the white space that ends it."""
    kind = tokens.kinds[i]
    if kind == STRING:
        return _quoted(_string_value(tokens.value(i))) + " "
    if kind == IRI:  # a line break: a `#` read as a comment by the engine ends with the IRI
        return f"<{targets[i]}>\n" if i in targets else tokens.value(i) + "\n"
    if kind == WORD and tokens.is_punct(i + 1, "("):  # the engine takes `STR(` but not `STR (`
        return tokens.value(i)
    return tokens.value(i) + " "


def _analyse(received: str) -> Analysis:
    text = expand_escapes(received)
    tokens = Tokens(text)
    _check_bounds(tokens)
    n = len(tokens)
    out = io.StringIO()
    canonical_starts = array("I")  # where each token begins in the canonical text
    prefixes: dict[str, str] = {}
    base = ""
    form = None
    remote = []
    limit = limit_span = values_at = None
    dataset = False
    depth = 0
    order_keys: dict[int, str] = {}  # token index -> the key condition to write before it
    targets: dict[int, str] = {}  # token index of a SERVICE/LOAD target -> the absolute IRI checked

    for i in range(n):
        kind, value = tokens.kinds[i], tokens.value(i)
        word = value.upper() if kind == WORD else None
        if kind == PUNCT:
            depth += (value in "{") - (value in "}")
        elif word == "PREFIX" and i + 2 < n and tokens.kinds[i + 1] == PNAME and tokens.kinds[i + 2] == IRI:
            prefixes[tokens.value(i + 1)[:-1]] = urljoin(base, tokens.value(i + 2)[1:-1])
        elif word == "BASE" and i + 1 < n and tokens.kinds[i + 1] == IRI:
            base = urljoin(base, tokens.value(i + 1)[1:-1])
        elif word == "LIMIT" and depth == 0 and i + 1 < n and tokens.kinds[i + 1] == NUMBER \
                and tokens.value(i + 1).isdigit():
            limit, limit_span = int(tokens.value(i + 1)), i + 1
        elif word == "VALUES" and depth == 0:  # inside the WHERE clause VALUES is deeper: this one is last
            values_at = i
        elif word == "FROM" and depth == 0:  # a sub-select has no dataset clause: only the top level
            dataset = True
        elif word == "BY" and tokens.word(i - 1) == "ORDER":
            for start, _, direction, (e0, e1) in _order_conditions(tokens, i + 1):
                expression = "".join(_emit(tokens, j, {}) for j in range(e0, e1))
                order_keys[start] = f"{direction}(isNumeric({expression})) "
        if form is None and word in QUERY_FORMS:
            form = word
        elif form is None and word in UPDATE_WORDS:
            form = "UPDATE"
        if word in ("SERVICE", "LOAD"):
            j = i + 1
            while tokens.word(j) == "SILENT":
                j += 1
            if j >= n:
                remote.append("")
            elif tokens.kinds[j] == IRI:
                targets[j] = urljoin(base, tokens.value(j)[1:-1])
                remote.append(targets[j])
            elif tokens.kinds[j] == PNAME:
                prefix, _, local = tokens.value(j).partition(":")
                if prefix in prefixes and "\\" not in local:
                    targets[j] = prefixes[prefix] + local
                remote.append(targets.get(j, tokens.value(j)))
            elif tokens.kinds[j] == VAR:
                remote.append(tokens.value(j))
            # else no address at all (`LOAD ;`): the engine's parser refuses the text, a syntax error

    for i in range(n):
        if i in order_keys:
            out.write(order_keys[i])
        canonical_starts.append(out.tell())
        out.write(_emit(tokens, i, targets))
    canonical = out.getvalue()

    def token_at(index):
        return canonical_starts[index] if index is not None else None

    span = None
    if limit_span is not None:
        at = canonical_starts[limit_span]
        span = (at, at + len(tokens.value(limit_span)))
    return Analysis(form, canonical, tuple(remote), limit, dataset, span, token_at(values_at),
                    _position_mapper(canonical, canonical_starts, tokens))


def _position_mapper(canonical: str, canonical_starts: array, tokens: Tokens):
    def where(message: str) -> str:
        m = _ERROR_AT.search(message)
        if m is None or not len(canonical_starts):
            return message
        line, column = int(m.group(1)), int(m.group(2))
        offset = 0
        for _ in range(line - 1):
            offset = canonical.find("\n", offset) + 1
        offset += max(column - 1, 0)
        index = max(bisect.bisect_right(canonical_starts, offset) - 1, 0)
        into, length = max(offset - canonical_starts[index], 0), tokens.ends[index] - tokens.starts[index]
        if into > length:  # past the token's end (the end of the text): the separator is not in the original
            into = length + max(into - length - 1, 0)
        original = tokens.starts[index] + into
        text = tokens.text
        row = text.count("\n", 0, original) + 1
        col = original - (text.rfind("\n", 0, original) + 1) + 1
        return message[:m.start()] + f"{row}:{col}" + message[m.end():]
    return where


_cached = lru_cache(maxsize=1024)(_analyse)


def analyse(text: str) -> Analysis:
    """The analysis of a query or update text; raises QueryRefused for a text this server will not run.
    Short texts are remembered; long ones are not kept (a cache of 10 MB texts would fill the worker)."""
    return _cached(text) if len(text) <= CACHE_TEXT else _analyse(text)


def _origin(iri: str):
    parts = urlsplit(iri)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or {"http": 80, "https": 443}.get(scheme)
    except ValueError:
        return None
    if scheme not in ("http", "https") or not parts.hostname or parts.username is not None:
        return None
    return scheme, parts.hostname.lower(), port, parts.path or "/"


def allowed(iri: str, allowlist: tuple[str, ...]) -> bool:
    """Whether an address is on the allow-list: the same scheme, host and port, and a path under an
    allowed one at a segment boundary (`http://a.example/` never admits `http://a.example.evil.net/`)."""
    target = _origin(iri)
    if target is None:
        return False
    for entry in allowlist:
        permitted = _origin(entry)
        if permitted is None or permitted[:3] != target[:3]:
            continue
        prefix, path = permitted[3], target[3]
        if path == prefix or path.startswith(prefix if prefix.endswith("/") else prefix + "/"):
            return True
    return False


def check_remote(addresses, allowlist: tuple[str, ...]) -> None:
    """Raise RemoteAccessDenied unless every SERVICE/LOAD address (an Analysis's `remote`) is allowed."""
    for iri in addresses:
        if not allowed(iri, allowlist):
            listed = ", ".join(allowlist) if any(allowlist) else "none are allowed on this server"
            raise RemoteAccessDenied(
                f"this server does not fetch remote data for SERVICE or LOAD: <{iri}> is not on its "
                f"allow-list ({listed})")
