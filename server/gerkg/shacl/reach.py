"""What a change to the data can reach, read from the shapes: which links into a node a shape reads, and
what it reads of a node through a link into it. Validating a write looks only there, so that a write's cost
follows its size and not how much of the graph points at what it touches (a mission linking to the Moon
does not re-check the thousands of missions that already go there).

ShapesReader holds the small ways of reading a shapes graph that this and the compiled shapes share.
"""

from __future__ import annotations

from collections import Counter

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.paths import AlternativePath, MulPath, Path, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Variable

# The SHACL parameters these modules know the meaning of: a shape with another sh: parameter is not compiled,
# and what it reads is taken to be anything.
KNOWN = {SH.path, SH.severity, SH.message, SH.name, SH.description, SH.order, SH.group, SH.deactivated,
         SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target, SH.property,
         SH["class"], SH.datatype, SH.nodeKind, SH.pattern, SH["in"], SH.languageIn, SH.minInclusive,
         SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.minLength, SH.maxLength, SH.node, SH["not"],
         SH["or"], SH["and"], SH.xone, SH.closed, SH.ignoredProperties, SH.hasValue, SH.minCount, SH.maxCount,
         SH.uniqueLang, SH.disjoint, SH.equals, SH.lessThan, SH.lessThanOrEquals, SH.qualifiedValueShape,
         SH.qualifiedMinCount, SH.sparql, SH.defaultValue}


class Unsupported(Exception):
    """A shape this module does not translate; its focus nodes go to pyshacl."""


class ShapesReader:
    """A shapes graph, read."""

    def __init__(self, shapes: Graph):
        self.sg = shapes

    def list(self, node) -> list:
        return list(Collection(self.sg, node))

    def one(self, shape, parameter):
        values = list(self.sg.objects(shape, parameter))
        if len(values) > 1:
            raise Unsupported(f"{parameter} given twice")
        return values[0] if values else None

    def predicates(self, path) -> set:
        """Every predicate a path names."""
        if isinstance(path, URIRef):
            return {path}
        inner = list(self.sg.objects(path, None)) if (path, RDF.first, None) not in self.sg else self.list(path)
        return {p for node in inner if not isinstance(node, Literal) and node != RDF.nil
                for p in self.predicates(node)} - {RDF.first, RDF.rest}

    def prefixes(self, node) -> dict[str, str]:
        declared = {}
        for source in self.sg.objects(node, SH.prefixes):
            for declaration in self.sg.objects(source, SH.declare):
                declared[str(self.one(declaration, SH.prefix))] = str(self.one(declaration, SH.namespace))
        return declared


class Reach(ShapesReader):
    """What a change can reach, computed once per worker from the shapes (see the module docstring)."""

    def __init__(self, shapes: Graph):
        super().__init__(shapes)
        # The predicates whose links into a node a shape can read (None: any): only these make the object of
        # a changed triple a focus node, and only these links into a focus node are part of what is validated;
        # of those in `existence`, one link is enough (a shape asks only whether there is one).
        reads = self.reads_in()
        self.inverse: set | None = None if reads is None else reads[0] | reads[1]
        self.existence: set = set() if reads is None else reads[1]
        # What shapes read of a node through a link into it: a change is followed back only along links
        # that carry it.
        self.through: dict | None = self.reads_through()

    def reads_in(self) -> tuple[set, set] | None:
        """The predicates whose links into a node some shape reads, whatever its severity, as (all, existence):
        a shape reads every such link by a predicate under sh:inversePath, or named by a SPARQL target or
        constraint other than as a link out of $this; it asks only whether one exists for sh:targetObjectsOf and
        for a SPARQL pattern `[] p $this` (its subject used nowhere else). None when any predicate may be read
        (a variable in a predicate position)."""
        every = {p for inner in self.sg.objects(None, SH.inversePath) for p in self.predicates(inner)}
        existence = set(self.sg.objects(None, SH.targetObjectsOf))
        for holder, select in self.sg.subject_objects(SH.select):
            reads = _reads(prepareQuery(str(select), initNs=self.prefixes(holder)).algebra)
            if reads is None:
                return None
            every |= reads[0]
            existence |= reads[1]
        return every, existence - every

    def reads_through(self) -> dict | None:
        """What shapes read of a node through a link into it: through[p] holds the predicates of the node
        reached by a link p whose links out (an IRI) or in (("in", q)) some shape reads there, None for any.
        A link by a predicate not in it is never followed to read further. None when that cannot be told (a
        value read along an inverse or repeated path, a SPARQL pattern that reads the links of the nodes that
        point at $this)."""
        through: dict = {RDF.type: {RDFS.subClassOf}, RDFS.subClassOf: {RDFS.subClassOf}}  # class membership

        def add(p, reads):
            through[p] = None if reads is None or through.get(p, set()) is None else through.get(p, set()) | reads

        for shape, path in self.sg.subject_objects(SH.path):
            reads = self.value_reads(shape)
            steps = self.steps(path)
            if steps is None or (len(steps) > 1 and any(step is None for step in steps)):
                if reads == set() and steps is None:
                    continue  # a value that is only counted or compared: nothing is read through it
                return None
            for i, step in enumerate(steps):
                following = reads if i + 1 == len(steps) else set(steps[i + 1])
                for p in step or ():
                    add(p, following)
        for holder, select in self.sg.subject_objects(SH.select):
            read = _read_through(prepareQuery(str(select), initNs=self.prefixes(holder)).algebra)
            if read is None:
                return None
            for p in read:
                add(p, None)
        return through

    def steps(self, path) -> list | None:
        """A path as its steps, each the set of IRIs it follows out; a step that also follows a link in is
        None. None for a path of another form (repeated, or inverse in a sequence)."""
        if isinstance(path, URIRef):
            return [{path}]
        if (path, RDF.first, None) in self.sg:
            steps = [self.steps(p) for p in self.list(path)]
            return None if any(s is None or len(s) != 1 for s in steps) else [s[0] for s in steps]
        alternatives = self.one(path, SH.alternativePath)
        if alternatives is not None:
            items = self.list(alternatives)
            if all(isinstance(i, URIRef) for i in items):
                return [set(items)]
            return [None]
        return None

    def value_reads(self, shape) -> set | None:
        """The links of a value node that a shape's value constraints read (None: any)."""
        reads: set = set()
        if (shape, SH["class"], None) in self.sg:
            reads.add(RDF.type)
        nested = list(self.sg.objects(shape, SH.node)) + list(self.sg.objects(shape, SH["not"])) + \
            list(self.sg.objects(shape, SH.qualifiedValueShape))
        for parameter in (SH["or"], SH["and"], SH.xone):
            for members in self.sg.objects(shape, parameter):
                nested += self.list(members)
        for other in nested:
            inner = self.node_reads(other)
            if inner is None:
                return None
            reads |= inner
        return reads

    def node_reads(self, shape) -> set | None:
        """The links of a node that a shape applied to it reads (None: any)."""
        if any((shape, p, None) in self.sg for p in (SH.closed, SH.sparql)) or \
                any(str(p).startswith(str(SH)) and p not in KNOWN for p in self.sg.predicates(shape, None)):
            return None
        reads = self.value_reads(shape)
        if reads is None:
            return None
        properties = list(self.sg.objects(shape, SH.property))
        if (shape, SH.path, None) in self.sg:
            properties.append(shape)
        for prop in properties:
            path = self.one(prop, SH.path)
            first = self.steps(path)
            if isinstance(path, BNode) and (path, SH.inversePath, None) in self.sg and \
                    isinstance(self.one(path, SH.inversePath), URIRef):
                reads.add(("in", self.one(path, SH.inversePath)))
            elif first is None or first[0] is None:
                return None
            else:
                reads |= first[0]
        return reads


THIS = Variable("this")


def _patterns(algebra) -> tuple[list[list], set]:
    """A query's triple patterns, block by block (a blank node is scoped to its block), and the IRIs named
    anywhere else (expressions, BIND)."""
    blocks, constants, stack = [], set(), [algebra]
    while stack:
        node = stack.pop()
        if isinstance(node, URIRef):
            constants.add(node)
        elif isinstance(node, CompValue):
            for key, value in node.items():
                if key == "triples":
                    blocks.append(list(value))
                elif key not in ("_vars", "PV"):
                    stack.append(value)
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, set)):
            stack.extend(node)
    return blocks, constants


def _reads(algebra) -> tuple[set, set] | None:
    """What a SPARQL target or constraint reads of the links into $this, as (all, existence) predicates (see
    Reach.reads_in): a pattern `$this path ?x` with a forward path reads links out; `[] p $this`, its
    blank node used once, only whether a link in exists; any other IRI the query names counts as all. None
    when a pattern has a variable predicate."""
    blocks, every = _patterns(algebra)
    existence = set()
    for triples in blocks:
        used = Counter(t for triple in triples for t in triple if isinstance(t, BNode))
        for s, p, o in triples:
            if isinstance(p, Variable):
                return None
            if s == THIS and o != THIS and _forward(p):
                continue
            if o == THIS and isinstance(s, BNode) and used[s] == 1 and _alternatives(p):
                existence |= _alternatives(p)
                continue
            every |= _iris(p)
    return every, existence


def _read_through(algebra) -> set | None:
    """The predicates through which a SPARQL target or constraint reads the links of another node: those
    of a pattern `$this path ?x` where ?x is in another pattern, and every IRI of a pattern without $this.
    None when it reads the links of a node that points at $this (`?s p $this` with ?s in another pattern)."""
    triples = [t for block in _patterns(algebra)[0] for t in block]
    uses = Counter(t for triple in triples for t in (triple[0], triple[2]) if isinstance(t, (Variable, BNode)))
    read: set = set()
    for s, p, o in triples:
        if s == THIS and o != THIS:
            if uses[o] > 1 or not _alternatives(p):  # ?x is read further, or the path reads on
                read |= _iris(p)
        elif o == THIS and s != THIS:
            if uses[s] > 1 or not _alternatives(p):
                return None
        else:
            read |= _iris(p)
    return read


def _iris(path) -> set:
    if isinstance(path, URIRef):
        return {path}
    if isinstance(path, Path):
        return {i for v in vars(path).values() for item in (v if isinstance(v, list) else [v])
                for i in _iris(item)}
    return set()


def _forward(path) -> bool:
    """A path that only follows links out: IRIs, in sequence, alternatives or repeated."""
    if isinstance(path, URIRef):
        return True
    if isinstance(path, (SequencePath, AlternativePath)):
        return all(_forward(a) for a in path.args)
    if isinstance(path, MulPath):
        return _forward(path.path)
    return False


def _alternatives(path) -> set:
    """The IRIs of a path that is an IRI or alternatives of IRIs (empty for any other path)."""
    if isinstance(path, URIRef):
        return {path}
    if isinstance(path, AlternativePath) and all(isinstance(a, URIRef) for a in path.args):
        return set(path.args)
    return set()
