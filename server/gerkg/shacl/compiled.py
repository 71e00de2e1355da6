"""The shapes compiled to SPARQL, for a fast answer to one question: which focus nodes may have a Violation
(for a write), or any result at all (for /validate)?

pyshacl evaluates shapes node by node in Python (about 8 ms per mission); a write of thousands of valid
resources spent seconds there to learn that nothing was wrong. Compiled, each top-level shape is one query
on pyoxigraph over the same data: "which focus nodes may have a Violation of this shape?" The compilation errs
on one side only. Where it cannot follow pyshacl exactly (ill-typed literals, comparisons across datatypes,
a shape it does not compile), a node is a suspect, and the caller runs pyshacl on the suspects, which
writes the report. A node that is not a suspect has no Violation: tests/test_compiled.py holds this to
pyshacl's verdict, case by case and on random breaks.

Severities follow pyshacl with allow_warnings: a Warning or Info result never breaks conformance, and a
nested shape (sh:node, sh:not, sh:or, ...) whose severity is Warning or Info always conforms.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from pyshacl.constraints.core.value_constraints import DatatypeConstraintComponent
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

from gerkg.shacl.reach import KNOWN, ShapesReader, Unsupported
from gerkg.store.terms import from_ox as _from_ox
from gerkg.store.terms import to_ox

FOCUS_GRAPH = ox.NamedNode("urn:gerkg:compiled:focus")
FOCUS = "urn:gerkg:compiled:focus"
ALLOWED = {SH.Warning, SH.Info}
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.nonNegativeInteger, XSD.positiveInteger}
ORDERED = {XSD.dateTime, XSD.date}  # compared only to the same datatype, with or without a timezone on both
KEYS = (f"SELECT DISTINCT ?k ?v WHERE {{ GRAPH <{FOCUS}> {{ ?this <{FOCUS}> true }} "
        f"{{ ?this <{RDF.type}>/<{RDFS.subClassOf}>* ?v BIND (\"class\" AS ?k) }} "
        f"UNION {{ ?this ?v [] BIND (\"out\" AS ?k) }} UNION {{ [] ?v ?this BIND (\"in\" AS ?k) }} }}")
# (what the focus nodes have that a target can ask for: their classes, the predicates of links out and in)
MAX_COUNT = 4  # sh:minCount / sh:maxCount up to this are written as distinct variables
PROPERTY_ONLY = {SH.minCount, SH.maxCount, SH.uniqueLang, SH.qualifiedValueShape, SH.qualifiedMinCount,
                 SH.lessThan, SH.lessThanOrEquals, SH.disjoint, SH.equals}
NODE_ONLY = {SH.closed, SH.ignoredProperties, SH.sparql}  # (as this module writes them)


def _iri(node) -> str:
    if not isinstance(node, URIRef) or any(c in str(node) for c in '<>"{}|^`\\ '):
        raise Unsupported(f"not an IRI: {node!r}")
    return f"<{node}>"


def _literal(node: Literal) -> str:
    text = str(node).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if node.language:
        return f'"{text}"@{node.language}'
    if node.datatype is not None:
        return f'"{text}"^^{_iri(node.datatype)}'
    return f'"{text}"'


def _term(node) -> str:
    if isinstance(node, Literal):
        return _literal(node)
    return _iri(node)


def _any(parts: Iterable[str]) -> str:
    parts = [p for p in parts if p != "false"]
    return "(" + " || ".join(parts) + ")" if parts else "false"


def _distinct(variables: list[str]) -> str:
    pairs = [f"!sameTerm({a}, {b})" for i, a in enumerate(variables) for b in variables[i + 1:]]
    return " && ".join(pairs) or "true"


class _Compiler(ShapesReader):
    def __init__(self, shapes: Graph, every: bool = False):
        super().__init__(shapes)
        self.every = every  # every result counts at the top level, Warnings and Infos too
        self.count = 0
        self.prologue: dict[str, str] = {}
        self.probe = ox.Store()

    def var(self) -> str:
        self.count += 1
        return f"?_c{self.count}"

    def allowed(self, shape) -> bool:
        return self.one(shape, SH.severity) in ALLOWED

    # --- paths ------------------------------------------------------------------------------------------
    def path(self, node) -> str:
        if isinstance(node, URIRef):
            return _iri(node)
        if (node, RDF.first, None) in self.sg:
            return "(" + "/".join(self.path(p) for p in self.list(node)) + ")"
        for parameter, form in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"),
                                (SH.zeroOrOnePath, "{}?")):
            inner = self.one(node, parameter)
            if inner is not None:
                return "(" + form.format(self.path(inner)) + ")"
        alternatives = self.one(node, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(self.path(p) for p in self.list(alternatives)) + ")"
        raise Unsupported(f"path {node!r}")

    # --- shapes -----------------------------------------------------------------------------------------
    def fails(self, shape, x: str, nested: bool) -> str:
        """A SPARQL expression, true when the node x has a result that counts against it: at the top level, a
        result of a Violation-severity shape or property shape (of any severity, when every result counts);
        nested, pyshacl's non-conformance."""
        path = self.one(shape, SH.path)
        for p in self.sg.predicates(shape, None):
            if str(p).startswith(str(SH)) and (p not in KNOWN or p in (NODE_ONLY if path else PROPERTY_ONLY)):
                raise Unsupported(f"parameter {p} on a {'property' if path else 'node'} shape")
        if nested and (shape, SH.sparql, None) in self.sg:
            raise Unsupported("SPARQL constraint in a nested shape")
        if (shape, SH.deactivated, Literal(True)) in self.sg:
            return "false"
        allowed = self.allowed(shape)
        if nested and allowed:
            return "false"
        allowed = allowed and (nested or not self.every)
        parts = []
        if not allowed:
            if path is None:
                parts.append(self.value_fails(shape, x))
                parts.append(self.closed(shape, x))
            else:
                parts.extend(self.property_fails(shape, x, self.path(path)))
        for nested_shape in self.sg.objects(shape, SH.property):
            if path is not None:
                raise Unsupported("sh:property on a property shape")
            parts.append(self.fails(nested_shape, x, nested))
        # (A top-level node shape's SPARQL constraints are run node by node by CompiledShapes.suspects, with
        # $this pre-bound as pyshacl does.)
        return _any(parts)

    def property_fails(self, shape, x: str, path: str) -> list[str]:
        parts = []
        v = self.var()
        value = self.value_fails(shape, v)
        if value != "false":
            parts.append(f"EXISTS {{ {x} {path} {v} FILTER ({value}) }}")
        minimum = self.one(shape, SH.minCount)
        if minimum is not None and int(minimum) > 0:
            parts.append(f"NOT EXISTS {{ {self.values(x, path, int(minimum))} }}")
        maximum = self.one(shape, SH.maxCount)
        if maximum is not None:
            parts.append(f"EXISTS {{ {self.values(x, path, int(maximum) + 1)} }}")
        has = list(self.sg.objects(shape, SH.hasValue))
        for h in has:
            parts.append(f"NOT EXISTS {{ {x} {path} {_term(h)} }}")
        if (shape, SH.uniqueLang, Literal(True)) in self.sg:
            a, b = self.var(), self.var()
            parts.append(f"EXISTS {{ {x} {path} {a}, {b} FILTER (!sameTerm({a}, {b}) && isLiteral({a}) && "
                         f"isLiteral({b}) && lang({a}) != \"\" && LCASE(lang({a})) = LCASE(lang({b}))) }}")
        for other in self.sg.objects(shape, SH.disjoint):
            a = self.var()
            parts.append(f"EXISTS {{ {x} {path} {a} . {x} {_iri(other)} {a} }}")
        for other in self.sg.objects(shape, SH.equals):
            a, b = self.var(), self.var()
            parts.append(f"EXISTS {{ {x} {path} {a} FILTER NOT EXISTS {{ {x} {_iri(other)} {a} }} }}")
            parts.append(f"EXISTS {{ {x} {_iri(other)} {b} FILTER NOT EXISTS {{ {x} {path} {b} }} }}")
        for parameter, op in ((SH.lessThan, "<"), (SH.lessThanOrEquals, "<=")):
            for other in self.sg.objects(shape, parameter):
                a, b = self.var(), self.var()
                parts.append(f"EXISTS {{ {x} {path} {a} . {x} {_iri(other)} {b} "
                             f"FILTER (!({self.comparable(a, b)}) || COALESCE(!({a} {op} {b}), true)) }}")
        qualified = self.one(shape, SH.qualifiedValueShape)
        if qualified is not None:
            least = self.one(shape, SH.qualifiedMinCount)
            if least is None or int(least) != 1 or self.one(shape, SH.qualifiedValueShapesDisjoint) is not None:
                raise Unsupported("qualified value shape other than qualifiedMinCount 1")
            q = self.var()
            parts.append(f"NOT EXISTS {{ {x} {path} {q} FILTER (!({self.fails(qualified, q, True)})) }}")
        return parts

    def values(self, x: str, path: str, n: int) -> str:
        """A pattern that matches when x has at least n distinct values along path."""
        if n > MAX_COUNT + 1:
            raise Unsupported(f"count {n}")
        variables = [self.var() for _ in range(n)]
        patterns = " . ".join(f"{x} {path} {v}" for v in variables)
        return f"{patterns} FILTER ({_distinct(variables)})"

    @staticmethod
    def comparable(a: str, b: str) -> str:
        """Values that pyshacl and SPARQL order alike: two numbers, or two dates (times) of one datatype
        that both have a timezone or both have none."""
        ordered = " || ".join(f"datatype({a}) = {_iri(d)}" for d in sorted(ORDERED))
        return (f"(isNumeric({a}) && isNumeric({b})) || (isLiteral({a}) && isLiteral({b}) && "
                f"datatype({a}) = datatype({b}) && ({ordered}) && ((TZ({a}) = \"\") = (TZ({b}) = \"\")))")

    def value_fails(self, shape, v: str) -> str:
        """True when the value node v fails one of the shape's value constraints."""
        parts = []
        for c in self.sg.objects(shape, SH["class"]):
            parts.append(f"NOT EXISTS {{ {v} {_iri(RDF.type)}/{_iri(RDFS.subClassOf)}* {_iri(c)} }}")
        for d in self.sg.objects(shape, SH.datatype):
            if d == RDFS.Literal:
                parts.append(f"!isLiteral({v})")
            elif d == RDF.langString:
                parts.append(f"!(isLiteral({v}) && lang({v}) != \"\")")
            else:
                parts.append(f"!(isLiteral({v}) && datatype({v}) = {_iri(d)})")
        kinds = {SH.IRI: f"!isIRI({v})", SH.BlankNode: f"!isBlank({v})", SH.Literal: f"!isLiteral({v})",
                 SH.BlankNodeOrIRI: f"isLiteral({v})", SH.BlankNodeOrLiteral: f"isIRI({v})",
                 SH.IRIOrLiteral: f"isBlank({v})"}
        for k in self.sg.objects(shape, SH.nodeKind):
            if k not in kinds:
                raise Unsupported(f"node kind {k}")
            parts.append(kinds[k])
        for pattern in self.sg.objects(shape, SH.pattern):
            if any(self.sg.objects(shape, SH.flags)):
                raise Unsupported("sh:flags")
            regex = _literal(Literal(str(pattern)))
            if next(iter(self.probe.query(f'SELECT (REGEX("", {regex}) AS ?r) {{}}')))["r"] is None:
                raise Unsupported(f"a pattern pyoxigraph does not read: {pattern}")
            parts.append(f"(isBlank({v}) || !REGEX(STR({v}), {regex}))")
        for members in self.sg.objects(shape, SH["in"]):
            parts.append("!(" + (" || ".join(f"sameTerm({v}, {_term(m)})" for m in self.list(members)) or "false")
                         + ")")
        for languages in self.sg.objects(shape, SH.languageIn):
            ranges = " || ".join(f"langMatches(lang({v}), {_literal(Literal(str(lang)))})"
                                 for lang in self.list(languages))
            parts.append(f"!(isLiteral({v}) && ({ranges or 'false'}))")
        for parameter, op in ((SH.minInclusive, ">="), (SH.maxInclusive, "<="), (SH.minExclusive, ">"),
                              (SH.maxExclusive, "<")):
            for bound in self.sg.objects(shape, parameter):
                if not isinstance(bound, Literal) or bound.datatype not in NUMERIC:
                    raise Unsupported(f"{parameter} on a value that is not a number")
                parts.append(f"!(isNumeric({v}) && COALESCE({v} {op} {_literal(bound)}, false))")
        for parameter, op in ((SH.minLength, "<"), (SH.maxLength, ">")):
            for length in self.sg.objects(shape, parameter):
                parts.append(f"(isBlank({v}) || STRLEN(STR({v})) {op} {int(length)})")
        for other in self.sg.objects(shape, SH.node):
            parts.append(self.fails(other, v, True))
        for other in self.sg.objects(shape, SH["not"]):
            parts.append(f"!({self.fails(other, v, True)})")
        for members in self.sg.objects(shape, SH["or"]):
            alternatives = [self.fails(m, v, True) for m in self.list(members)]
            parts.append("(" + (" && ".join(alternatives) or "true") + ")")
        for members in self.sg.objects(shape, SH["and"]):
            parts.append(_any(self.fails(m, v, True) for m in self.list(members)))
        for members in self.sg.objects(shape, SH.xone):
            conforming = " + ".join(f"IF({self.fails(m, v, True)}, 0, 1)" for m in self.list(members))
            parts.append(f"(({conforming or '0'}) != 1)")
        if self.one(shape, SH.path) is None:
            for h in self.sg.objects(shape, SH.hasValue):
                parts.append(f"!sameTerm({v}, {_term(h)})")
        return _any(parts)

    def closed(self, shape, x: str) -> str:
        if (shape, SH.closed, Literal(True)) not in self.sg:
            return "false"
        allowed = {p for prop in self.sg.objects(shape, SH.property) for p in self.sg.objects(prop, SH.path)
                   if isinstance(p, URIRef)}
        for ignored in self.sg.objects(shape, SH.ignoredProperties):
            allowed.update(self.list(ignored))
        p, o = self.var(), self.var()
        listed = ", ".join(_iri(a) for a in sorted(allowed))
        condition = f"!({p} IN ({listed}))" if listed else "true"
        return f"EXISTS {{ {x} {p} {o} FILTER ({condition}) }}"

    def targets(self, shape) -> str:
        patterns = []
        for c in self.sg.objects(shape, SH.targetClass):
            patterns.append(f"?this {_iri(RDF.type)}/{_iri(RDFS.subClassOf)}* {_iri(c)}")
        if {RDFS.Class, OWL.Class} & set(self.sg.objects(shape, RDF.type)):
            patterns.append(f"?this {_iri(RDF.type)}/{_iri(RDFS.subClassOf)}* {_iri(shape)}")
        for n in self.sg.objects(shape, SH.targetNode):
            patterns.append(f"BIND ({_term(n)} AS ?this)")
        for p in self.sg.objects(shape, SH.targetSubjectsOf):
            patterns.append(f"?this {_iri(p)} {self.var()}")
        for p in self.sg.objects(shape, SH.targetObjectsOf):
            patterns.append(f"{self.var()} {_iri(p)} ?this")
        for target in self.sg.objects(shape, SH.target):
            select = self.one(target, SH.select)
            if select is None or (target, RDF.type, SH.SPARQLTarget) not in self.sg:
                raise Unsupported("a target other than a SPARQL target")
            patterns.append(f"{{ {self.subquery(target, str(select))} }}")
        return " UNION ".join(f"{{ {p} }}" for p in patterns)

    def subquery(self, node, select: str) -> str:
        """A SPARQL target's query as a subquery; its prefixes go to the prologue of the query around it."""
        for prefix, namespace in self.prefixes(node).items():
            if self.prologue.setdefault(prefix, namespace) != namespace:
                raise Unsupported(f"prefix {prefix} declared twice")
        return select

    def header(self) -> str:
        return "".join(f"PREFIX {p}: <{n}>\n" for p, n in sorted(self.prologue.items()))


class CompiledShapes:
    """The shapes of one shapes graph, compiled once per worker."""

    def __init__(self, shapes: Graph, every_result: bool = False):
        """every_result: a suspect is a node that may have any result (Warning, Info), not only a Violation."""
        # (shape, query whose rows are focus nodes that may have a Violation, what a node it targets has (see
        # _target_keys): the query is skipped when no focus node has any)
        self.queries: list[tuple] = []
        self.sparql: list[tuple] = []  # (shape, query for its focus nodes, SPARQL constraint, its prefixes)
        self.unsupported: dict = {}  # shape -> why it is not compiled
        top = {s for t in TARGETS for s in shapes.subjects(t, None)}
        top |= {s for s in shapes.subjects(RDF.type, SH.NodeShape)
                if {RDFS.Class, OWL.Class} & set(shapes.objects(s, RDF.type))}
        for shape in sorted(top, key=str):
            compiler = _Compiler(shapes, every_result)
            focus = f"GRAPH <{FOCUS}> {{ ?this <{FOCUS}> true }}"
            try:
                where = f"{focus} {compiler.targets(shape)}"
                fails = compiler.fails(shape, "?this", False)
                queries = [(shape, f"SELECT DISTINCT ?this WHERE {{ {where} FILTER ({fails}) }}")] \
                    if fails != "false" else []
                sparql = [(shape, f"SELECT DISTINCT ?this WHERE {{ {where} }}", str(compiler.one(c, SH.select)),
                           compiler.prefixes(c))
                          for c in shapes.objects(shape, SH.sparql) if (every_result or not compiler.allowed(shape))
                          and (c, SH.deactivated, Literal(True)) not in shapes
                          and (shape, SH.deactivated, Literal(True)) not in shapes]
                if any(select == "None" for _, _, select, _ in sparql):
                    raise Unsupported("a SPARQL constraint without sh:select")
                queries = [(s, compiler.header() + q, _target_keys(shapes, s)) for s, q in queries]
                sparql = [(s, compiler.header() + t, q, p) for s, t, q, p in sparql]
                for query in [q for _, q, _ in queries] + [t for _, t, _, _ in sparql]:
                    try:
                        compiler.probe.query(query)
                    except SyntaxError as error:  # a translation this module got wrong: say so, stay sound
                        raise Unsupported(f"translation not parsed: {error}") from None
                self.queries += queries
                self.sparql += sparql
            except Unsupported as reason:
                self.unsupported[shape] = str(reason)
                # Whatever this shape targets goes to pyshacl.
                try:
                    compiler = _Compiler(shapes)
                    targets = compiler.targets(shape)
                    query = f"{compiler.header()}SELECT DISTINCT ?this WHERE {{ {focus} {targets} }}"
                    self.queries.append((shape, query, None))
                except Unsupported:
                    self.queries.append((shape, "SELECT ?this WHERE { BIND (true AS ?this) }", None))

    def suspects(self, data: Graph, focus: Iterable, context: Iterable[ox.Quad] = ()) -> set | None:
        """The focus nodes that may have a Violation in data and context (what the shapes reach: the
        neighbourhood, the ontology): every other focus node has none. None when that cannot be told (an
        ill-typed literal, which SPARQL does not see as pyshacl does). The context's literals are not checked:
        it is the ontology, validated by the build."""
        if not all(_well_typed(o) for o in data.objects() if isinstance(o, Literal)):
            return None
        store = ox.Store()
        store.bulk_extend(context)
        try:
            store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in data)
            store.bulk_extend(ox.Quad(to_ox(n), ox.NamedNode(FOCUS), ox.Literal(True), FOCUS_GRAPH) for n in focus
                              if isinstance(n, (URIRef, BNode)))
        except ValueError:  # a term pyoxigraph does not hold (a blank node label rdflib kept): pyshacl decides
            return None
        found = set()
        present = {(row["k"].value, row["v"].value) for row in store.query(KEYS)}
        for _, query, keys in self.queries:
            if keys is None or keys & present:
                found.update(row["this"] for row in store.query(query))
        for _, targets, select, prefixes in self.sparql:
            for row in store.query(targets):
                if any(True for _ in store.query(select, prefixes=prefixes,
                                                 substitutions={ox.Variable("this"): row["this"]})):
                    found.add(row["this"])
        return {_from_ox(n) for n in found}


def _target_keys(shapes: Graph, shape) -> set | None:
    """What a focus node must have for the shape to target it: ("class", C) for sh:targetClass C,
    ("out", p) for sh:targetSubjectsOf p, ("in", p) for sh:targetObjectsOf p. None when it has another kind
    of target."""
    if any((shape, t, None) in shapes for t in (SH.targetNode, SH.target)) or \
            {RDFS.Class, OWL.Class} & set(shapes.objects(shape, RDF.type)):
        return None
    return ({("class", str(c)) for c in shapes.objects(shape, SH.targetClass)}
            | {("out", str(p)) for p in shapes.objects(shape, SH.targetSubjectsOf)}
            | {("in", str(p)) for p in shapes.objects(shape, SH.targetObjectsOf)})


def _well_typed(literal: Literal) -> bool:
    """pyshacl's sh:datatype verdict on a literal against its own datatype, which SPARQL's datatype() does not
    see: "2023-02-30"^^xsd:date has the datatype and fails."""
    if literal.datatype is None:
        return True
    if getattr(literal, "ill_typed", None) is True:
        return False
    return DatatypeConstraintComponent._assert_actual_datatype(None, literal, literal.datatype)
