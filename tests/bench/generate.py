"""A GER-shaped benchmark dataset of about N triples, the same for the same scale and seed.

Why: the GER graph itself is ~10k triples; to see how the service scales we need more data of the same shape,
in our ontology and valid under our shapes, so that the competency questions and the researcher queries hit
realistic joins (agencies and their ISECG memberships, missions, contributions, elements, destinations,
objectives, technologies and dated TRL assessments).

The output is N-Quads: the built GER dataset (build/dataset.nq) plus synthetic resources under
https://w3id.org/ger-kg/id/synthetic/... in the named graph https://w3id.org/ger-kg/id/graph/synthetic.
Every triple is in exactly one named graph and none in the default graph, so that a store's query-time union
(Oxigraph server, the bare endpoint, rdflib) and GER-KG's materialised union count the same solutions.

    python tests/bench/generate.py --scale 100k --seed 1 -o build/bench/data/ger-100k.nq [--validate]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[2]
ID = "https://w3id.org/ger-kg/id/"
SYN = ID + "synthetic/"
GRAPH = f"<{ID}graph/synthetic>"
GER = "https://w3id.org/ger-kg/ontology#"
NS = {
    "ger": GER, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#", "time": "http://www.w3.org/2006/time#",
}
# Order in which a triple stated by several GER graphs is kept (in the first only), the inferences last.
GRAPH_ORDER = ["ontology", "publication/ger-2024>", "publication/ger-2024-summary>", "publication/ar-2024>",
               "publication/ar-2022>", "publication/ar-2020>", "graph/inferred>"]
SYLLABLES = ["ar", "bel", "cor", "da", "el", "fen", "gal", "hel", "ior", "ka", "lun", "mar", "nov", "or",
             "pel", "qua", "ros", "sel", "tar", "ul", "ven", "wen", "xan", "yor", "zel"]
ROLES = ["provides the lander", "contributes a science instrument", "provides ground station support",
         "supplies the power system", "provides the communication relay", "contributes the robotic arm",
         "provides launch services", "contributes navigation software"]
BASES = ["thermal vacuum test", "ground demonstration", "flight on a precursor mission", "laboratory breadboard",
         "analogue field test", "parabolic flight campaign"]
# GER resources the synthetic data links to (checked to exist in the built dataset).
BODIES = {"moon": ["lunar-south-pole", "lunar-far-side"], "mars": ["utopia-planitia"]}
ORBITS = {"moon": ["lunar-orbit", "nrho"], "mars": ["mars-orbit"]}
# The first element of a mission, by its kind (a rover mission's is its rover).
ELEMENTS = {"ger:OrbiterMission": "ger:Orbiter", "ger:RoverMission": "ger:Rover", "ger:LanderMission": "ger:Lander"}


def iri(text: str) -> str:
    """'ger:Mission' or a full IRI, as an N-Quads term."""
    prefix, _, local = text.partition(":")
    return f"<{NS[prefix]}{local}>" if prefix in NS and not text.startswith("http") else f"<{text}>"


def lit(value, datatype: str | None = None, lang: str | None = None) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    if lang:
        return f'"{text}"@{lang}'
    return f'"{text}"^^{iri(datatype)}' if datatype else f'"{text}"'


def calendar(rng: random.Random, year: int, month: int, day: int) -> str:
    """A date as precise as a source might state it: xsd:date, xsd:gYearMonth or xsd:gYear."""
    r = rng.random()
    if r < 0.5:
        return lit(f"{year:04d}-{month:02d}-{day:02d}", "xsd:date")
    if r < 0.8:
        return lit(f"{year:04d}-{month:02d}", "xsd:gYearMonth")
    return lit(f"{year:04d}", "xsd:gYear")


class Writer:
    def __init__(self, out):
        self.out, self.count = out, 0

    def __call__(self, s: str, p: str, o: str) -> None:
        self.out.write(f"{iri(s) if not s.startswith('<') else s} {iri(p)} {o} {GRAPH} .\n")
        self.count += 1


def ger_part(dataset: Path, out) -> tuple[int, dict[str, list[str]]]:
    """Write the GER dataset's named-graph triples, each in one graph only; return GER IRIs to link to."""
    rank = lambda g: next((i for i, key in enumerate(GRAPH_ORDER) if key in g), len(GRAPH_ORDER))  # noqa: E731
    seen, lines = set(), []
    quads = [q for q in ox.parse(path=str(dataset), format=ox.RdfFormat.N_QUADS)
             if not isinstance(q.graph_name, ox.DefaultGraph)]
    for q in sorted(quads, key=lambda q: rank(str(q.graph_name))):
        if q.triple not in seen:
            seen.add(q.triple)
            lines.append(f"{q} .\n")
    out.writelines(sorted(lines))
    store = ox.Store()
    store.extend(quads)

    def instances(cls):
        rows = store.query(f"SELECT DISTINCT ?x WHERE {{ GRAPH ?g {{ ?x a <{GER}{cls}> }} }} ORDER BY ?x")
        return [row[0].value for row in rows]
    known = {"agencies": instances("SpaceAgency"), "countries": instances("Country"),
             "areas": instances("TechnologyArea"), "destinations": instances("Destination") +
             instances("CelestialBody") + instances("SurfaceRegion") + instances("Orbit")}
    for name in list(BODIES) + sum(BODIES.values(), []) + sum(ORBITS.values(), []):
        assert ID + "destination/" + name in known["destinations"], f"GER has no destination/{name}"
    assert store.query(f"ASK {{ GRAPH ?g {{ <{ID}organisation/isecg> a ?type }} }}")
    return len(lines), known


def synthetic(target: int, seed: int, known: dict, w: Writer) -> None:
    """The synthetic graph, sized so that it holds about `target` triples."""
    rng = random.Random(seed)
    name = lambda: "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()  # noqa: E731

    def described(s, types, label, source):
        for t in types:
            w(s, "rdf:type", iri(t))
        w(s, "rdfs:label", lit(label, lang="en"))
        w(s, "dcterms:source", iri(source))

    # Sizes: each resource kind takes a fixed share of the triples, missions (with their contributions and
    # elements) what is left; see the per-resource triple counts noted below.
    n_pubs = max(2, target // 25_000)
    n_countries = max(3, target // 25_000)
    n_agencies = max(6, target // 2_500)        # ~15 triples each, with the membership
    n_programmes = max(2, target // 5_000)      # ~5
    n_destinations = max(6, target // 4_000)    # ~5
    n_goals = max(2, target // 50_000)
    n_objectives = max(4, target // 2_500)      # ~6
    n_tech = max(8, target // 150)             # ~25, with its TRL assessments
    fixed = n_pubs * 50 + n_agencies * 15 + n_programmes * 5 + n_destinations * 5 + n_objectives * 6 + n_tech * 25
    n_missions = max(10, (target - fixed) // 26)  # ~26 with elements and contributions

    # Publications and their sections: what every synthetic statement cites (dcterms:source).
    sections, member_lists = [], []
    for p in range(1, n_pubs + 1):
        pub = f"{SYN}publication/report-{p}"
        year = 2010 + p % 15
        described(pub, ["ger:TechnicalReport"], f"Synthetic exploration status report {p}", f"{pub}/section-1")
        w(pub, "dcterms:title", lit(f"Exploration status report {p}", lang="en"))
        w(pub, "dcterms:publisher", iri(ID + "organisation/isecg"))
        w(pub, "dcterms:issued", lit(str(year), "xsd:gYear"))
        for k in range(1, 11):
            sec = f"{pub}/section-{k}"
            described(sec, ["ger:Section"], f"Synthetic report {p}, section {k}", pub)
            w(sec, "dcterms:isPartOf", iri(pub))
            sections.append(sec)
        annex = f"{pub}/annex-members"
        described(annex, ["ger:Section"], f"Synthetic report {p}, member list", pub)
        w(annex, "dcterms:isPartOf", iri(pub))
        w(annex, "ger:statusDate", lit(f"{year}-03", "xsd:gYearMonth"))
        member_lists.append((annex, year))
    src = lambda: rng.choice(sections)  # noqa: E731

    countries = list(known["countries"])
    for c in range(1, n_countries + 1):
        country = f"{SYN}country/c-{c}"
        described(country, ["ger:Country"], f"{name()}ia", src())
        countries.append(country)

    # Agencies and their ISECG memberships (W3C ORG + OWL-Time, as graph/README.md describes).
    agencies = []
    for a in range(1, n_agencies + 1):
        agency = f"{SYN}agency/a-{a}"
        kind = "ger:SpaceAgency" if rng.random() < 0.85 else rng.choice(["ger:ResearchInstitute", "ger:Company"])
        label = f"{name()} {'Space Agency' if kind == 'ger:SpaceAgency' else 'Aerospace'} {a}"
        described(agency, [kind], label, src())
        w(agency, "ger:acronym", lit(f"SA{a}"))
        w(agency, "ger:country", iri(rng.choice(countries)))
        w(agency, "ger:formed", lit(str(rng.randint(1958, 2020)), "xsd:gYear"))
        agencies.append(agency)
        if kind != "ger:SpaceAgency" or rng.random() < 0.3:
            continue
        m = f"{SYN}membership/a-{a}"
        begin_year = rng.randint(2007, 2022)
        end_year = begin_year + rng.randint(2, 6) if rng.random() < 0.2 else None
        described(m, ["ger:ISECGMembership"], f"{label} membership in ISECG", src())
        w(m, "org:member", iri(agency))
        w(m, "org:organization", iri(ID + "organisation/isecg"))
        w(m, "org:memberDuring", iri(m + "-interval"))
        for annex, year in member_lists:  # a dated member list names the memberships that hold at its date
            if begin_year < year and (end_year is None or year < end_year):
                w(m, "ger:listedIn", iri(annex))
        described(m + "-interval", ["time:Interval"], f"{label} membership in ISECG: interval", src())
        w(m + "-interval", "time:hasBeginning", iri(m + "-begin"))
        described(m + "-begin", ["time:Instant"], f"{label} membership in ISECG: beginning", src())
        if rng.random() < 0.6:
            w(m + "-begin", "time:inXSDDate", lit(f"{begin_year}-{rng.randint(1, 12):02d}-01", "xsd:date"))
        else:
            w(m + "-begin", "ger:notBefore", lit("2007", "xsd:gYear"))
            w(m + "-begin", "ger:notAfter", lit(f"{begin_year}-12-31", "xsd:date"))
            w(m + "-begin", "ger:derivationRule", lit("Synthetic bound: no membership began before the 2007 charter."))
        if end_year:
            w(m + "-interval", "time:hasEnd", iri(m + "-end"))
            described(m + "-end", ["time:Instant"], f"{label} membership in ISECG: end", src())
            w(m + "-end", "time:inXSDgYear", lit(str(end_year), "xsd:gYear"))
    all_agencies = agencies + known["agencies"]
    pick_agency = lambda: all_agencies[min(int(rng.paretovariate(1.2)) - 1, len(all_agencies) - 1)] \
        if rng.random() < 0.5 else rng.choice(all_agencies)  # noqa: E731  (a few agencies lead many missions)

    programmes = []
    for p in range(1, n_programmes + 1):
        prog = f"{SYN}programme/p-{p}"
        described(prog, ["ger:Programme"], f"{name()} Programme", src())
        w(prog, "ger:leadAgency", iri(pick_agency()))
        programmes.append(prog)

    # Destinations: surface regions inside GER's bodies (or inside each other), orbits, small bodies.
    regions = {body: [ID + "destination/" + r for r in rs] for body, rs in BODIES.items()}
    orbits = {body: [ID + "destination/" + o for o in os] for body, os in ORBITS.items()}
    small_bodies = []
    for d in range(1, n_destinations + 1):
        dest, body = f"{SYN}destination/d-{d}", rng.choice(list(BODIES))
        r = rng.random()
        if r < 0.6:
            described(dest, ["ger:SurfaceRegion"], f"{name()} {rng.choice(['Crater', 'Planitia', 'Mons'])}", src())
            w(dest, "ger:partOf", iri(rng.choice(regions[body] + [ID + "destination/" + body])))
            regions[body].append(dest)
        elif r < 0.8:
            described(dest, ["ger:Orbit"], f"{name()} {body} orbit", src())
            w(dest, "ger:partOf", iri(ID + "destination/" + body))
            orbits[body].append(dest)
        else:
            described(dest, ["ger:CelestialBody"], f"Asteroid {rng.randint(1000, 99999)} {name()}", src())
            small_bodies.append(dest)
        if rng.random() < 0.3:
            w(dest, "skos:altLabel", lit(f"{name()} region", lang="en"))

    # Goals and objectives, in a scheme of their own.
    scheme = f"{SYN}scheme/goals"
    described(scheme, ["skos:ConceptScheme"], "Synthetic exploration goals", src())
    goals = [f"{SYN}goal/g-{g}" for g in range(1, n_goals + 1)]
    objectives = []
    for g, goal in enumerate(goals, 1):
        described(goal, ["ger:Goal"], f"Synthetic goal {g}: {name()} exploration", src())
        w(goal, "skos:inScheme", iri(scheme))
        w(scheme, "skos:hasTopConcept", iri(goal))
    for o in range(1, n_objectives + 1):
        obj, goal = f"{SYN}objective/o-{o}", goals[o % len(goals)]
        described(obj, ["ger:Objective"], f"Demonstrate {name().lower()} operations {o}", src())
        w(obj, "skos:inScheme", iri(scheme))
        w(obj, "ger:objectiveOf", iri(goal))
        w(goal, "ger:hasObjective", iri(obj))
        objectives.append(obj)

    # Technologies and their dated TRL assessments (ISO 16290: one level, one point in time, one assessor).
    tech_scheme = f"{SYN}scheme/technologies"
    described(tech_scheme, ["skos:ConceptScheme"], "Synthetic technologies", src())
    technologies = []
    for t in range(1, n_tech + 1):
        tech = f"{SYN}technology/t-{t}"
        critical = rng.random() < 0.3
        label = f"{name()} {rng.choice(['power', 'navigation', 'habitat', 'propulsion', 'robotics'])} technology {t}"
        described(tech, ["ger:CriticalTechnology" if critical else "ger:Technology"], label, src())
        w(tech, "skos:inScheme", iri(tech_scheme))
        w(tech, "ger:inArea", iri(rng.choice(known["areas"])))
        if critical:
            w(tech, "ger:stateToday", lit("demonstrated on the ISS"))
            w(tech, "ger:needMoon", lit(f"operate {rng.randint(2, 40)} days on the lunar surface"))
        technologies.append(tech)
        year, level = rng.randint(2005, 2020), rng.randint(1, 5)
        for k in range(1, rng.randint(1, 4) + 1):
            a = f"{SYN}trl-assessment/t-{t}-{k}"
            described(a, ["ger:TRLAssessment"], f"TRL assessment of {label}, {year}", src())
            w(a, "ger:assessedTechnology", iri(tech))
            w(a, "ger:assessedLevel", iri(f"ger:TRL{level}"))
            w(a, "ger:assessor", iri(pick_agency()))
            w(a, "ger:assessmentDate", calendar(rng, year, rng.randint(1, 12), rng.randint(1, 28)))
            w(a, "ger:basis", lit(rng.choice(BASES)))
            year, level = year + rng.randint(1, 3), min(9, level + rng.randint(0, 2))

    # Missions, with their elements and the contributions of other organisations.
    kinds = [(["ger:RoboticMission", "ger:LanderMission"], 25), (["ger:RoboticMission", "ger:OrbiterMission"], 25),
             (["ger:RoboticMission", "ger:LanderMission", "ger:RoverMission"], 10),
             (["ger:RoboticMission", "ger:LanderMission", "ger:SampleReturnMission"], 8),
             (["ger:RoboticMission", "ger:FlybyMission"], 7),
             (["ger:RoboticMission", "ger:TechnologyDemonstrationMission"], 10),
             (["ger:RoboticMission", "ger:CargoMission"], 5), (["ger:CrewedMission"], 10)]
    for n in range(1, n_missions + 1):
        mission = f"{SYN}mission/m-{n}"
        types = rng.choices([k for k, _ in kinds], [wt for _, wt in kinds])[0]
        lead = pick_agency()
        described(mission, types, f"{name()}-{n}", src())
        w(mission, "ger:leadAgency", iri(lead))
        if rng.random() < 0.5:
            w(mission, "rdfs:comment", lit(f"A synthetic {types[-1].split(':')[1]} led by agency {lead.rsplit('/', 1)[1]}.",
                                           lang="en"))
        body = rng.choice(list(BODIES))
        lands = "ger:LanderMission" in types
        if lands:
            w(mission, "ger:landingSite", iri(rng.choice(regions[body])))
        elif "ger:OrbiterMission" in types:
            w(mission, "ger:destination", iri(rng.choice(orbits[body])))
        elif "ger:FlybyMission" in types and small_bodies:
            w(mission, "ger:destination", iri(rng.choice(small_bodies)))
        else:
            w(mission, "ger:destination", iri(ID + "destination/" + body))
        if "ger:SampleReturnMission" in types:
            w(mission, "ger:destination", iri(ID + "destination/" + body))
        if "ger:CrewedMission" in types:
            w(mission, "ger:crewSize", lit(rng.randint(1, 6), "xsd:integer"))
        year, month = rng.randint(1990, 2040), rng.randint(1, 9)
        if year <= 2024:
            w(mission, "ger:launchDate", calendar(rng, year, month, rng.randint(1, 28)))
            w(mission, "ger:status", iri(rng.choice(["ger:Completed", "ger:Completed", "ger:Operational"])))
            if lands:  # landing 1 to 3 months after launch, the return after the landing
                landed = rng.random() < 0.8
                w(mission, "ger:landingDate", lit(f"{year}-{month + rng.randint(1, 3):02d}-15", "xsd:date"))
                w(mission, "ger:outcome", iri("ger:Landed" if landed else "ger:FailedToLand"))
                if landed and "ger:SampleReturnMission" in types:
                    w(mission, "ger:returnDate", lit(f"{year + 1}-01-20", "xsd:date"))
                    w(mission, "ger:outcome", iri("ger:SamplesReturned"))
            else:
                w(mission, "ger:outcome", iri(rng.choice(["ger:Launched", "ger:ReachedOrbit"])))
        elif rng.random() < 0.5:
            w(mission, "ger:launchDate", calendar(rng, year, month, rng.randint(1, 28)))
            w(mission, "ger:status", iri(rng.choice(["ger:Planned", "ger:InDevelopment"])))
        else:
            w(mission, "ger:launchNotBefore", lit(str(year), "xsd:gYear"))
            w(mission, "ger:status", iri("ger:Proposed"))
        if rng.random() < 0.6:
            w(mission, "ger:partOfProgramme", iri(rng.choice(programmes)))
        for tech in rng.sample(technologies, rng.randint(0, 2)):
            w(mission, "ger:usesTechnology", iri(tech))
        if rng.random() < 0.3:
            w(mission, "ger:addresses", iri(rng.choice(objectives)))
        if "ger:TechnologyDemonstrationMission" in types:
            w(mission, "ger:purpose", lit(f"demonstrate {rng.choice(ROLES).split(' ', 1)[1]}"))
        element_type = next((v for k, v in ELEMENTS.items() if k in types), "ger:Instrument")
        element = f"{SYN}element/m-{n}-1"
        described(element, [element_type], f"{name()} {element_type.split(':')[1].lower()} {n}", src())
        w(element, "ger:elementOf", iri(mission))
        w(mission, "ger:hasElement", iri(element))
        contributors = {a for a in (pick_agency() for _ in range(rng.choice([0, 0, 1, 1, 2, 3]))) if a != lead}
        for c, contributor in enumerate(sorted(contributors), 2):
            slug = contributor.rstrip("/").rsplit("/", 1)[1]
            contribution = f"{SYN}contribution/m-{n}--{slug}"
            described(contribution, ["ger:Contribution"], f"Contribution of {slug} to mission {n}", src())
            w(contribution, "ger:contributionTo", iri(mission))
            w(contribution, "ger:contributor", iri(contributor))
            w(contribution, "ger:role", lit(rng.choice(ROLES)))
            w(mission, "ger:hasContribution", iri(contribution))
            if rng.random() < 0.4:
                instrument = f"{SYN}element/m-{n}-{c}"
                described(instrument, ["ger:Instrument"], f"{name()} instrument {n}-{c}", src())
                w(instrument, "ger:elementOf", iri(mission))
                w(mission, "ger:hasElement", iri(instrument))
                w(contribution, "ger:contributedElement", iri(instrument))


def parse_scale(text: str) -> int:
    text = text.lower().strip()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * factor)


def generate(scale: int, seed: int, output: Path, dataset: Path) -> dict:
    """Write the dataset (GER + synthetic, about `scale` triples in all) and return its triple counts."""
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        ger_triples, known = ger_part(dataset, out)
        w = Writer(out)
        synthetic(max(scale - ger_triples, scale // 5), seed, known, w)
    tmp.replace(output)
    return {"ger": ger_triples, "synthetic": w.count, "total": ger_triples + w.count}


def validate(path: Path) -> int:
    """Check the synthetic graph against our shapes, together with the GER graph (`ger validate`); print
    what the shapes report about synthetic resources (the GER graph's own Info results are not ours)."""
    synthetic_only = path.with_name(path.stem + "-synthetic.nq")
    with open(path) as src, open(synthetic_only, "w") as out:
        out.writelines(line for line in src if line.rstrip().endswith(f"{GRAPH} ."))
    ger = Path(sys.executable).with_name("ger")
    run = subprocess.run([str(ger), "validate", "--report", "json", str(synthetic_only)], cwd=ROOT,
                         capture_output=True, text=True)
    ours = [r for r in json.loads(run.stdout)["results"] if r["focus"].startswith(SYN)]
    for severity in ("Violation", "Warning", "Info"):
        found = [r for r in ours if r["severity"] == severity]
        print(f"synthetic {severity.lower()}s: {len(found)}" + "".join(
            f"\n  {r['focus']} {r['shape']}: {r['value']}" for r in found[:10]))
    return 1 if run.returncode or any(r["severity"] != "Info" for r in ours) else 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--scale", default="10k", help="about how many triples in all: 10k, 100k, 1M")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--dataset", type=Path, default=ROOT / "build" / "dataset.nq", help="the built GER dataset")
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("--validate", action="store_true", help="validate the synthetic graph with `ger validate`")
    args = p.parse_args(argv)
    counts = generate(parse_scale(args.scale), args.seed, args.output, args.dataset)
    print(f"{args.output}: {counts['total']} triples ({counts['ger']} GER, {counts['synthetic']} synthetic)")
    return validate(args.output) if args.validate else 0


if __name__ == "__main__":
    sys.exit(main())
