"""The SHACL shapes (shapes/ger-shapes.ttl): the built data conforms, and each shape catches what it is for.

Each case breaks a small, self-contained, valid example (BASES, written for these tests, not our curated data)
in the way one shape checks, validates it on its own small graph (the example, the ontology with its OWL 2 RL
inferences) against that shape's node shape, and asserts that THIS shape reports the expected severity on the
expected focus node. The valid examples themselves are validated together against all the shapes and must give
no result at all, so that every result in a case comes from the break. A handful of cases corrupt a copy of the
real built data instead. Meta-tests check that every node shape and SPARQL constraint has a case, that every
class and property the data uses is covered by a shape, and that every shape says what to do (sh:message) and
how bad it is (sh:severity).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from gerkg.namespaces import DEFAULT_BASE, ONTOLOGY_IRI, Base
from gerkg.release import build, sources
from gerkg.shacl import validation

ROOT = Path(__file__).resolve().parents[1]
SHAPES_FILE = ROOT / "shapes" / "ger-shapes.ttl"
SH = Namespace("http://www.w3.org/ns/shacl#")
GER = Namespace(ONTOLOGY_IRI + "#")
GERSH = Namespace("https://w3id.org/ger-kg/shapes#")
SHAPES_IRI = URIRef("https://w3id.org/ger-kg/shapes")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

PREFIXES = (ROOT / "graph" / "prefixes.ttl.txt").read_text() + """
@prefix gersh:   <https://w3id.org/ger-kg/shapes#> .
@prefix doc:     <https://w3id.org/ger-kg/id/publication/test-doc/> .
@prefix assessment: <https://w3id.org/ger-kg/id/assessment/> .
@prefix write:   <https://w3id.org/ger-kg/id/write/> .
@prefix provider: <https://w3id.org/ger-kg/id/provider/> .
"""
_NS = Graph().parse(data=PREFIXES, format="turtle").namespace_manager


def iri(curie: str) -> URIRef:
    return URIRef(curie) if "://" in curie else URIRef(_NS.expand_curie(curie))


#################################################################
# Valid examples
#################################################################

# Shared by every example: a document with its sections, two agencies, a coordination group, the Moon.
CONTEXT = """
pub:test-doc a ger:RoadmapEdition ;
    rdfs:label "Test roadmap"@en ;
    ger:edition 1 ;
    dcterms:publisher orgn:test-group ;
    dcterms:issued "2024-08"^^xsd:gYearMonth ;
    dcterms:source doc:front .
doc:front a ger:Section ;
    rdfs:label "Test roadmap, front matter"@en ;
    dcterms:isPartOf pub:test-doc ;
    dcterms:source pub:test-doc .
orgn:test-group a ger:CoordinationGroup ;
    rdfs:label "Test coordination group"@en ;
    ger:formed "2007"^^xsd:gYear ;
    dcterms:source doc:front .
agency:alpha a ger:SpaceAgency ;
    rdfs:label "Alpha Space Agency"@en ;
    ger:acronym "ASA" ;
    ger:country country:alphaland ;
    foaf:homepage <https://www.alpha.example/> ;
    dcterms:source doc:front .
agency:beta a ger:SpaceAgency ;
    rdfs:label "Beta Space Agency"@en ;
    ger:country country:betaland ;
    dcterms:source doc:front .
country:alphaland a ger:Country ;
    rdfs:label "Alphaland"@en ;
    dcterms:source doc:front .
country:betaland a ger:Country ;
    rdfs:label "Betaland"@en ;
    dcterms:source doc:front .
dest:moon a ger:CelestialBody ;
    rdfs:label "Moon"@en ;
    dcterms:source doc:front .
dest:south-pole a ger:SurfaceRegion ;
    rdfs:label "Lunar south pole"@en ;
    ger:partOf dest:moon ;
    dcterms:source doc:front .
dest:lunar-orbit a ger:Orbit ;
    rdfs:label "Lunar orbit"@en ;
    ger:partOf dest:moon ;
    dcterms:source doc:front .
scheme:ctx-areas a skos:ConceptScheme ;
    rdfs:label "Test technology areas"@en ;
    skos:hasTopConcept area:ctx-area ;
    dcterms:source doc:front .
area:ctx-area a ger:TechnologyArea ;
    rdfs:label "Test area"@en ;
    skos:inScheme scheme:ctx-areas ;
    skos:topConceptOf scheme:ctx-areas ;
    dcterms:source doc:front .
tech:ctx-tech a ger:Technology ;
    rdfs:label "Test technology"@en ;
    ger:inArea area:ctx-area ;
    dcterms:source doc:front .
"""

BASES = {
    "lander-mission": """
mission:lander a ger:RoboticMission , ger:LanderMission ;
    rdfs:label "Test lander mission"@en ;
    ger:acronym "TLM" ;
    rdfs:comment "A lander mission to the lunar south pole."@en ;
    ger:leadAgency agency:alpha ;
    ger:destination dest:moon ;
    ger:landingSite dest:south-pole ;
    ger:launchDate "2024-05-03"^^xsd:date ;
    ger:landingDate "2024-06"^^xsd:gYearMonth ;
    ger:status ger:Completed ;
    ger:outcome ger:Landed ;
    ger:hasElement element:lander-lander ;
    dcterms:source doc:front .
element:lander-lander a ger:Lander ;
    rdfs:label "Test lander"@en ;
    ger:elementOf mission:lander ;
    dcterms:source doc:front .
""",
    "sample-return": """
mission:sample a ger:RoboticMission , ger:SampleReturnMission ;
    rdfs:label "Test sample return mission"@en ;
    ger:destination dest:moon ;
    ger:launchDate "2020-11-23"^^xsd:date ;
    ger:landingDate "2020-12-01"^^xsd:date ;
    ger:returnDate "2020-12-17"^^xsd:date ;
    ger:outcome ger:SamplesReturned ;
    dcterms:source doc:front .
""",
    "crewed-mission": """
mission:crewed a ger:CrewedMission ;
    rdfs:label "Test crewed mission"@en ;
    ger:crewSize 4 ;
    ger:launchVehicle element:crewed-rocket ;
    ger:predecessor mission:crewed-precursor ;
    ger:destination dest:lunar-orbit ;
    ger:partOfProgramme programme:test-programme ;
    ger:status ger:Planned ;
    ger:launchNotBefore "2025"^^xsd:gYear ;
    ger:launchNotAfter "2026"^^xsd:gYear ;
    ger:purpose "carry a crew of four around the Moon" ;
    dcterms:source doc:front .
mission:crewed-precursor a ger:RoboticMission , ger:OrbiterMission , ger:TechnologyDemonstrationMission ;
    rdfs:label "Test precursor mission"@en ;
    ger:successor mission:crewed ;
    ger:destination dest:lunar-orbit ;
    ger:usesTechnology tech:ctx-tech ;
    ger:launchDate "2022-11-16"^^xsd:date ;
    ger:arrivalDate "2022-11-21"^^xsd:date ;
    ger:endDate "2022-12-11"^^xsd:date ;
    dcterms:source doc:front .
element:crewed-rocket a ger:LaunchVehicle ;
    rdfs:label "Test rocket"@en ;
    ger:leadAgency agency:alpha ;
    dcterms:source doc:front .
programme:test-programme a ger:Programme ;
    rdfs:label "Test programme"@en ;
    ger:includes mission:crewed ;
    ger:leadAgency agency:alpha ;
    ger:startDate "2019"^^xsd:gYear ;
    ger:endDate "2030"^^xsd:gYear ;
    ger:plannedCompletion "2030"^^xsd:gYear ;
    ger:addresses tech:ctx-tech ;
    dcterms:source doc:front .
""",
    "other-missions": """
mission:rover a ger:RoboticMission , ger:RoverMission ;
    rdfs:label "Test rover mission"@en ;
    ger:destination dest:moon ;
    ger:hasElement element:rover-rover ;
    dcterms:source doc:front .
element:rover-rover a ger:Rover ;
    rdfs:label "Test rover"@en ;
    ger:elementOf mission:rover ;
    ger:destination dest:moon ;
    dcterms:source doc:front .
mission:flyby a ger:RoboticMission , ger:FlybyMission ;
    rdfs:label "Test flyby mission"@en ;
    ger:destination dest:moon ;
    dcterms:source doc:front .
mission:cargo a ger:RoboticMission , ger:CargoMission ;
    rdfs:label "Test cargo mission"@en ;
    ger:destination dest:south-pole ;
    ger:usesService service:delivery ;
    dcterms:source doc:front .
service:delivery a ger:Service ;
    rdfs:label "Test payload delivery service"@en ;
    ger:leadAgency agency:alpha ;
    ger:destination dest:moon ;
    ger:startDate "2018"^^xsd:gYear ;
    dcterms:source doc:front .
""",
    "elements": """
element:station a ger:Station ;
    rdfs:label "Test station"@en ;
    ger:destination dest:lunar-orbit ;
    ger:status ger:InDevelopment ;
    ger:hasElement element:station-module , element:station-arm ;
    dcterms:source doc:front .
element:station-module a ger:StationModule ;
    rdfs:label "Test habitation module"@en ;
    ger:elementOf element:station ;
    dcterms:source doc:front .
element:station-arm a ger:RoboticSystem ;
    rdfs:label "Test robotic arm"@en ;
    ger:elementOf element:station ;
    dcterms:source doc:front .
element:habitat a ger:SurfaceSystem ;
    rdfs:label "Test surface habitat"@en ;
    ger:destination dest:south-pole ;
    dcterms:source doc:front .
element:suit a ger:SpaceSuit ;
    rdfs:label "Test surface suit"@en ;
    ger:destination dest:moon ;
    dcterms:source doc:front .
element:capsule a ger:CrewVehicle ;
    rdfs:label "Test crew capsule"@en ;
    ger:destination dest:lunar-orbit ;
    dcterms:source doc:front .
element:satellite a ger:Spacecraft ;
    rdfs:label "Test relay satellite"@en ;
    ger:destination dest:lunar-orbit ;
    dcterms:source doc:front .
element:orbiter a ger:Orbiter ;
    rdfs:label "Test orbiter"@en ;
    ger:destination dest:lunar-orbit ;
    dcterms:source doc:front .
element:payload a ger:Instrument ;
    rdfs:label "Test spectrometer"@en ;
    ger:elementOf element:orbiter ;
    dcterms:source doc:front .
""",
    "organisations": """
orgn:company a ger:Company ;
    rdfs:label "Test Company"@en ;
    dcterms:source doc:front .
orgn:institute a ger:ResearchInstitute ;
    rdfs:label "Test Research Institute"@en ;
    org:subOrganizationOf agency:alpha ;
    dcterms:source doc:front .
orgn:university a ger:University ;
    rdfs:label "Test University"@en ;
    dcterms:source doc:front .
orgn:un-office a ger:InternationalBody ;
    rdfs:label "Test International Office"@en ;
    dcterms:source doc:front .
orgn:ministry a ger:GovernmentOffice ;
    rdfs:label "Test Ministry"@en ;
    ger:country country:alphaland ;
    dcterms:source doc:front .
group:wg a ger:WorkingGroup ;
    rdfs:label "Test Working Group"@en ;
    ger:acronym "TWG" ;
    org:unitOf orgn:test-group ;
    ger:chairedBy agency:alpha ;
    ger:participant agency:beta ;
    ger:formed "2010"^^xsd:gYear ;
    ger:dissolved "2015-06"^^xsd:gYearMonth ;
    ger:renamedTo group:wg-renamed ;
    dcterms:source doc:front .
group:wg-renamed a ger:WorkingGroup ;
    rdfs:label "Test Working Group, renamed"@en ;
    org:unitOf orgn:test-group ;
    dcterms:source doc:front .
group:team a ger:Team ;
    rdfs:label "Test Gap Assessment Team"@en ;
    org:unitOf orgn:test-group ;
    ger:topic tech:ctx-tech ;
    dcterms:source doc:front .
orgn:founders a ger:CoordinationGroup ;
    rdfs:label "Test founders' forum"@en ;
    ger:formed "2001"^^xsd:gYear ;
    ger:foundingMemberCount 14 ;
    dcterms:source doc:front .
""",
    "membership": """
membership:alpha a ger:ISECGMembership ;
    rdfs:label "Alpha membership in the test group"@en ;
    org:member agency:alpha ;
    org:organization orgn:test-group ;
    ger:listedIn doc:members ;
    org:memberDuring membership:alpha-interval ;
    dcterms:source doc:members .
membership:alpha-interval a time:Interval ;
    rdfs:label "Alpha membership in the test group: interval"@en ;
    time:hasBeginning membership:alpha-begin ;
    time:hasEnd membership:alpha-end ;
    dcterms:source doc:members .
membership:alpha-begin a time:Instant ;
    rdfs:label "Alpha membership in the test group: beginning"@en ;
    ger:notBefore "2019"^^xsd:gYear ;
    ger:notAfter "2020-12-31"^^xsd:date ;
    ger:derivationRule "Not on the 2018 list, on the list of March 2021." ;
    dcterms:source doc:members .
membership:alpha-end a time:Instant ;
    rdfs:label "Alpha membership in the test group: end"@en ;
    time:inXSDgYear "2023"^^xsd:gYear ;
    ger:notBefore "2022"^^xsd:gYear ;
    ger:derivationRule "Still on the 2022 list." ;
    dcterms:source doc:members .
doc:members a ger:Section ;
    rdfs:label "Test roadmap, member list"@en ;
    dcterms:title "Annex: members"@en ;
    dcterms:isPartOf pub:test-doc ;
    ger:statusDate "2021-03"^^xsd:gYearMonth ;
    dcterms:source pub:test-doc .
""",
    "numbers": """
mission:measured a ger:RoboticMission ;
    rdfs:label "Test measured mission"@en ;
    ger:destinationKind ger:AnAsteroid ;
    ger:outcome ger:DidNotLand ;
    ger:hasQuantity quantity:measured--returned-sample-mass , quantity:measured--duration ;
    ger:sourceIssue ger:Ambiguous ;
    ger:sourceNote "The text gives two durations."@en ;
    dcterms:source doc:front .
quantity:measured--returned-sample-mass a qudt:QuantityValue ;
    rdfs:label "Test returned sample mass"@en ;
    ger:measure ger:ReturnedSampleMass ;
    qudt:numericValue "1731"^^xsd:decimal ; qudt:unit unit:GM ; ger:comparator ger:About ;
    ger:statedAs "about 1,731 grams" ;
    dcterms:source doc:front .
quantity:measured--duration a qudt:QuantityValue ;
    rdfs:label "Test stay duration"@en ;
    ger:measure ger:Duration ;
    ger:lowerValue "30"^^xsd:decimal ; ger:upperValue "60"^^xsd:decimal ; qudt:unit unit:DAY ;
    dcterms:source doc:front .
element:measured-module a ger:SurfaceSystem ;
    rdfs:label "Test national module"@en ;
    ger:nationality country:alphaland ;
    ger:status ger:ReadyForShipment ;
    dcterms:source doc:front .
scheme:feats a skos:ConceptScheme ;
    rdfs:label "Test feats"@en ;
    skos:hasTopConcept feat:landing ;
    dcterms:source doc:front .
feat:landing a ger:Feat ;
    rdfs:label "Soft landing on the Moon"@en ;
    skos:inScheme scheme:feats ;
    skos:topConceptOf scheme:feats ;
    dcterms:source doc:front .
achievement:alphaland-landing a ger:Achievement ;
    rdfs:label "Alphaland, fourth country to land on the Moon"@en ;
    ger:feat feat:landing ;
    ger:achiever country:alphaland ;
    ger:achievedWith mission:measured ;
    ger:rank 4 ;
    ger:rankedAmong ger:AmongCountries ;
    ger:achievementDate "2023-08"^^xsd:gYearMonth ;
    dcterms:source doc:front .
achievement:alphaland-first-mission a ger:Achievement ;
    rdfs:label "Alphaland's first mission beyond Earth orbit"@en ;
    ger:feat feat:landing ;
    ger:achiever country:alphaland ;
    ger:rank 1 ;
    ger:rankedAmong ger:WithinCountry ;
    dcterms:source doc:front .
term:alpha--test-group--chair a ger:TermOfOffice ;
    rdfs:label "Alpha, chair of the test group"@en ;
    org:member agency:alpha ;
    org:organization orgn:test-group ;
    org:role ger:ChairRole ;
    org:memberDuring term:alpha--test-group--chair-interval ;
    dcterms:source doc:front .
term:alpha--test-group--chair-interval a time:Interval ;
    rdfs:label "Alpha, chair of the test group: interval"@en ;
    time:hasBeginning term:alpha--test-group--chair-begin ;
    dcterms:source doc:front .
term:alpha--test-group--chair-begin a time:Instant ;
    rdfs:label "Alpha, chair of the test group: beginning"@en ;
    time:inXSDgYear "2024"^^xsd:gYear ;
    dcterms:source doc:front .
scheme:lists a skos:ConceptScheme ;
    rdfs:label "Test lists"@en ;
    skos:hasTopConcept change:new-scenario , requirement:landing-sites , rarea:biology , tech:spin-off ;
    dcterms:source doc:front .
change:new-scenario a ger:EditionChange ;
    rdfs:label "A lunar scenario"@en ;
    skos:inScheme scheme:lists ;
    ger:newIn pub:test-doc ;
    ger:concerns dest:moon ;
    dcterms:source doc:front .
requirement:landing-sites a ger:Requirement ;
    rdfs:label "Reach several landing sites"@en ;
    skos:inScheme scheme:lists ;
    ger:rationale "to sample diverse terrain" ;
    dcterms:source doc:front .
rarea:biology a ger:ResearchArea ;
    rdfs:label "Biology"@en ;
    skos:inScheme scheme:lists ;
    dcterms:source doc:front .
tech:spin-off a ger:SpinOffTechnology ;
    rdfs:label "Test water purification"@en ;
    skos:inScheme scheme:lists ;
    ger:appliedIn "medicine" ;
    dcterms:source doc:front .
pub:planned-report a ger:TechnicalReport ;
    rdfs:label "Test planned report"@en ;
    dcterms:publisher orgn:test-group ;
    ger:producedBy orgn:test-group ;
    ger:status ger:InDevelopment ;
    ger:plannedPublication "2023"^^xsd:gYear ;
    ger:statedTime "Q4-2023" ;
    ger:presentedAt event:ctx-meeting ;
    dcterms:source doc:front .
event:ctx-meeting a ger:Meeting ;
    rdfs:label "Test meeting"@en ;
    ger:organisedBy orgn:test-group ;
    ger:startDate "2023"^^xsd:gYear ;
    dcterms:source doc:front .
""",
    "contribution": """
mission:host a ger:RoboticMission ;
    rdfs:label "Test host mission"@en ;
    ger:leadAgency agency:alpha ;
    ger:destination dest:moon ;
    ger:hasContribution contribution:host--beta ;
    dcterms:source doc:front .
contribution:host--beta a ger:Contribution ;
    rdfs:label "Beta contribution to the test host mission"@en ;
    ger:contributionTo mission:host ;
    ger:contributor agency:beta ;
    ger:contributedElement element:host-instrument ;
    ger:role "provided the spectrometer" ;
    dcterms:date "2019"^^xsd:gYear ;
    dcterms:source doc:front .
element:host-instrument a ger:Instrument ;
    rdfs:label "Test host spectrometer"@en ;
    ger:elementOf mission:host ;
    ger:leadAgency agency:beta ;
    dcterms:source doc:front .
""",
    "goals": """
scheme:goals a skos:ConceptScheme ;
    rdfs:label "Test goals"@en ;
    skos:hasTopConcept goal:explore ;
    dcterms:source doc:front .
goal:explore a ger:Goal ;
    rdfs:label "Explore the Moon"@en ;
    skos:notation "1." ;
    skos:inScheme scheme:goals ;
    skos:topConceptOf scheme:goals ;
    ger:hasObjective objective:map ;
    dcterms:source doc:front .
objective:map a ger:Objective ;
    rdfs:label "Map the Moon"@en ;
    skos:inScheme scheme:goals ;
    ger:objectiveOf goal:explore ;
    dcterms:source doc:front .
scheme:lunar-objectives a skos:ConceptScheme ;
    rdfs:label "Test lunar surface objectives"@en ;
    skos:prefLabel "Test lunar surface objectives"@en ;
    skos:hasTopConcept lso:1 ;
    dcterms:source doc:front .
lso:1 a ger:LunarSurfaceObjective ;
    rdfs:label "Land regularly on the Moon"@en ;
    skos:notation 1 ;
    skos:inScheme scheme:lunar-objectives ;
    ger:objectiveOf goal:explore ;
    ger:performanceTarget target:lso-1 ;
    dcterms:source doc:front .
target:lso-1 a ger:PerformanceTarget ;
    rdfs:label "Performance measure target of test objective 1"@en ;
    ger:targetOf lso:1 ;
    ger:targetText "at least three missions in five years" ;
    ger:targetQuantity [ a qudt:QuantityValue ; qudt:numericValue "3"^^xsd:decimal ; qudt:unit unit:NUM ] ;
    ger:comparator ger:AtLeast ;
    ger:curationNote "The five years are in the text only."@en ;
    dcterms:source doc:front .
""",
    "concepts": """
scheme:misc a skos:ConceptScheme ;
    rdfs:label "Test principles, benefits, themes and phases"@en ;
    skos:hasTopConcept principle:openness , benefit:science , theme:origins , phase:1 ;
    dcterms:source doc:front .
principle:openness a ger:ExplorationPrinciple ;
    rdfs:label "Openness"@en ;
    skos:inScheme scheme:misc ;
    skos:definition "Share what is learnt."@en ;
    dcterms:source doc:front .
benefit:science a ger:BenefitCategory ;
    rdfs:label "Science benefits"@en ;
    skos:inScheme scheme:misc ;
    skos:scopeNote "Illustrated by a photograph."@en ;
    dcterms:source doc:front .
theme:origins a ger:ScienceTheme ;
    rdfs:label "Origins"@en ;
    skos:inScheme scheme:misc ;
    dcterms:source doc:front .
phase:1 a ger:ScenarioPhase ;
    rdfs:label "Phase 1"@en ;
    ger:phaseNumber 1 ;
    skos:inScheme scheme:misc ;
    dcterms:source doc:front .
""",
    "technologies": """
scheme:areas a skos:ConceptScheme ;
    rdfs:label "Test critical technology areas"@en ;
    skos:hasTopConcept area:power ;
    dcterms:source doc:front .
area:power a ger:TechnologyArea ;
    rdfs:label "Power"@en ;
    skos:inScheme scheme:areas ;
    skos:topConceptOf scheme:areas ;
    dcterms:source doc:front .
tech:batteries a ger:CriticalTechnology ;
    rdfs:label "Low-temperature batteries"@en ;
    ger:inArea area:power ;
    ger:stateToday "ISS: lithium-ion" ;
    ger:needMoon "Lunar night temperatures" ;
    ger:needMars "Long life" ;
    dcterms:source doc:front .
tech:fuel-cells a ger:Technology ;
    rdfs:label "Fuel cells"@en ;
    ger:inArea area:power ;
    skos:broader area:power ;
    dcterms:source doc:front .
assessment:batteries-2021 a ger:TRLAssessment ;
    rdfs:label "TRL of low-temperature batteries assessed by Alpha, 2021"@en ;
    ger:assessedTechnology tech:batteries ;
    ger:assessedLevel ger:TRL6 ;
    ger:assessor agency:alpha ;
    ger:assessmentDate "2021"^^xsd:gYear ;
    ger:basis "Thermal vacuum test of a breadboard" ;
    dcterms:source doc:front .
""",
    "activities": """
campaign:polar a ger:Campaign ;
    rdfs:label "Test polar campaign"@en ;
    ger:destination dest:south-pole ;
    dcterms:source doc:front .
campaign:analogue a ger:AnalogueCampaign ;
    rdfs:label "Test analogue campaign"@en ;
    ger:heldAt facility:test-facility ;
    ger:startDate "2022-06-01"^^xsd:date ;
    ger:endDate "2022-06-20"^^xsd:date ;
    ger:organisedBy agency:alpha ;
    ger:participant agency:beta ;
    ger:location "Cologne, Germany" ;
    prov:used element:analogue-rover ;
    dcterms:source doc:front .
element:analogue-rover a ger:Rover ;
    rdfs:label "Test analogue rover"@en ;
    ger:elementOf campaign:analogue ;
    dcterms:source doc:front .
facility:test-facility a ger:AnalogueFacility ;
    rdfs:label "Test lunar analogue facility"@en ;
    ger:location "Cologne, Germany" ;
    ger:leadAgency agency:alpha ;
    dcterms:source doc:front .
facility:launch-site a prov:Location ;
    rdfs:label "Test launch site"@en ;
    dcterms:source doc:front .
event:meeting a ger:Meeting ;
    rdfs:label "Test group meeting, December 2024"@en ;
    ger:organisedBy orgn:test-group ;
    ger:startDate "2024-12"^^xsd:gYearMonth ;
    dcterms:source doc:front .
event:workshop a ger:Workshop ;
    rdfs:label "Test workshop 2022"@en ;
    ger:organisedBy agency:alpha ;
    ger:startDate "2022"^^xsd:gYear ;
    prov:wasDerivedFrom event:meeting ;
    dcterms:source doc:front .
event:conference a ger:Conference ;
    rdfs:label "Test Astronautical Congress 2024"@en ;
    ger:acronym "TAC 2024" ;
    ger:location "Milan, Italy" ;
    ger:startDate "2024-10-14"^^xsd:date ;
    ger:endDate "2024-10-18"^^xsd:date ;
    rdfs:seeAlso event:meeting ;
    dcterms:source doc:front .
""",
    "publications": """
pub:supplement a ger:RoadmapSupplement ;
    rdfs:label "Test roadmap supplement"@en ;
    dcterms:references pub:test-doc ;
    dcterms:publisher orgn:test-group ;
    dcterms:issued "2020"^^xsd:gYear ;
    dcterms:source doc:front .
pub:summary a ger:ExecutiveSummary ;
    rdfs:label "Test roadmap: executive summary"@en ;
    dcterms:title "Test roadmap: executive summary"@en ;
    dcterms:alternative "Summary" ;
    dcterms:isPartOf pub:test-doc ;
    dcterms:publisher orgn:test-group ;
    dcterms:source doc:front .
pub:annual-report a ger:AnnualReport ;
    rdfs:label "Test annual report 2020"@en ;
    dcterms:issued "2021-04"^^xsd:gYearMonth ;
    ger:statusDate "2021-03"^^xsd:gYearMonth ;
    dcterms:publisher orgn:test-group ;
    dcterms:source doc:front .
pub:white-paper a ger:WhitePaper ;
    rdfs:label "Test white paper on benefits"@en ;
    ger:topic tech:ctx-tech ;
    dcterms:publisher orgn:test-group ;
    dcterms:source doc:front .
pub:gap-assessment a ger:GapAssessmentReport ;
    rdfs:label "Test gap assessment"@en ;
    ger:topic tech:ctx-tech ;
    ger:producedBy orgn:test-group ;
    dcterms:publisher orgn:test-group ;
    dcterms:source doc:front .
pub:technical-report a ger:TechnicalReport ;
    rdfs:label "Test technical report"@en ;
    dcterms:publisher orgn:test-group ;
    dcterms:source doc:front .
pub:strategy a foaf:Document ;
    rdfs:label "Beta exploration strategy"@en ;
    dcterms:issued "2022"^^xsd:gYear ;
    dcterms:references pub:test-doc ;
    dcterms:source doc:front .
""",
    "write-log": """
write:w1 a ger:Write ;
    rdfs:label "SPARQL Update by alpha at 2026-01-01T00:00:01+00:00"@en ;
    prov:wasAssociatedWith provider:alpha ;
    prov:startedAtTime "2026-01-01T00:00:00+00:00"^^xsd:dateTime ;
    prov:endedAtTime "2026-01-01T00:00:01+00:00"^^xsd:dateTime ;
    ger:operation "SPARQL Update" ;
    ger:triplesAdded "3"^^xsd:nonNegativeInteger ;
    ger:triplesRemoved "0"^^xsd:nonNegativeInteger ;
    ger:changedGraph <https://w3id.org/ger-kg/id/publication/test-doc> .
provider:alpha a ger:DataProvider ;
    rdfs:label "alpha" .
""",
}


#################################################################
# Cases
#################################################################

@dataclass
class Case:
    """Break BASES[base] (replace each `old` by `new`, then add `add`) and expect `shape` (a node shape, property
    shape or SPARQL constraint) to report `severity` on `focus` (a CURIE, or (subject, predicate) for a blank
    node: the value of predicate on subject), through `component` when given (sh:SPARQLConstraintComponent for
    SPARQL constraints)."""
    id: str
    base: str
    shape: str
    focus: str | tuple
    severity: str = "Violation"
    edits: list = field(default_factory=list)
    add: str = ""
    component: str | None = None

    def text(self) -> str:
        ttl = BASES[self.base]
        for old, new in self.edits:
            assert old in ttl, f"{self.id}: {old!r} is not in base {self.base}"
            ttl = ttl.replace(old, new, 1)
        return CONTEXT + ttl + self.add


def drop(line: str):
    return (line, "")


V, W, I = "Violation", "Warning", "Info"

CASES = [
    # --- stated numbers, states, achievements, terms of office, notes about the source, listed sections
    Case("quantity-without-measure", "numbers", "gersh:StatedQuantity-measure", "quantity:measured--duration",
         edits=[("ger:measure ger:Duration ;\n", "")]),
    Case("quantity-blank-node", "numbers", "gersh:StatedQuantityShape", ("element:measured-module", "ger:hasQuantity"), W,
         add='element:measured-module ger:hasQuantity [ a qudt:QuantityValue ; ger:measure ger:ElementMass ; qudt:numericValue 1 ; qudt:unit unit:KiloGM ] .'),
    Case("quantity-without-number", "numbers", "gersh:QuantityValueGivenShape", "quantity:measured--duration",
         edits=[('ger:lowerValue "30"^^xsd:decimal ; ', "")]),
    Case("quantity-negative", "numbers", "gersh:QuantityValue-numericValue", "quantity:measured--returned-sample-mass",
         edits=[('"1731"^^xsd:decimal', '"-1731"^^xsd:decimal')]),
    Case("quantity-unit-not-qudt", "numbers", "gersh:QuantityValue-unit", "quantity:measured--returned-sample-mass",
         edits=[("qudt:unit unit:GM", "qudt:unit <https://example.org/gram>")]),
    Case("quantity-range-reversed", "numbers", "gersh:QuantityValue-lowerValue", "quantity:measured--duration",
         edits=[('ger:lowerValue "30"^^xsd:decimal', 'ger:lowerValue "90"^^xsd:decimal')]),
    Case("quantity-upper-words", "numbers", "gersh:QuantityValue-upperValue", "quantity:measured--duration",
         edits=[('ger:upperValue "60"^^xsd:decimal', 'ger:upperValue "sixty"')]),
    Case("quantity-measure-minted", "numbers", "gersh:Measure-inScheme", "https://example.org/Weight",
         edits=[("ger:measure ger:ReturnedSampleMass", "ger:measure <https://example.org/Weight>")],
         add="<https://example.org/Weight> a ger:Measure ."),
    Case("quantity-measure-not-a-measure", "numbers", "gersh:QuantityValue-measure", "quantity:measured--duration",
         edits=[("ger:measure ger:Duration", "ger:measure ger:AtLeast")]),
    Case("quantity-qualifier-minted", "numbers", "gersh:QuantityValue-comparator", "quantity:measured--returned-sample-mass",
         edits=[("ger:comparator ger:About", "ger:comparator ger:Roughly")]),
    Case("quantity-stated-as-tagged", "numbers", "gersh:QuantityValue-statedAs", "quantity:measured--returned-sample-mass",
         edits=[('"about 1,731 grams"', '"about 1,731 grams"@en')]),
    Case("has-quantity-agency", "numbers", "gersh:Link-hasQuantity", "mission:measured",
         add="mission:measured ger:hasQuantity agency:beta ."),
    Case("quantity-of-literal", "numbers", "gersh:Link-quantityOf", "quantity:measured--duration",
         add='quantity:measured--duration ger:quantityOf "the mission" .'),
    Case("nationality-agency", "numbers", "gersh:Link-nationality", "element:measured-module",
         edits=[("ger:nationality country:alphaland", "ger:nationality agency:alpha")]),
    Case("destination-kind-body", "numbers", "gersh:Link-destinationKind", "mission:measured",
         edits=[("ger:destinationKind ger:AnAsteroid", "ger:destinationKind dest:moon")]),
    Case("destination-kind-minted", "numbers", "gersh:DestinationKindShape", "https://example.org/APlanet",
         add="<https://example.org/APlanet> a ger:DestinationKind ."),
    Case("achievement-without-label", "numbers", "gersh:Achievement-label", "achievement:alphaland-landing",
         edits=[('    rdfs:label "Alphaland, fourth country to land on the Moon"@en ;\n', "")]),
    Case("achievement-without-feat", "numbers", "gersh:Achievement-feat", "achievement:alphaland-landing",
         edits=[("ger:feat feat:landing ;\n    ger:achiever country:alphaland ;\n    ger:achievedWith",
                 "ger:achiever country:alphaland ;\n    ger:achievedWith")]),
    Case("achievement-rank-zero", "numbers", "gersh:Achievement-rank", "achievement:alphaland-landing",
         edits=[("ger:rank 4", "ger:rank 0")]),
    Case("achievement-scope-minted", "numbers", "gersh:Achievement-rankedAmong", "achievement:alphaland-landing",
         edits=[("ger:rankedAmong ger:AmongCountries", "ger:rankedAmong ger:AmongPlanets")]),
    Case("achievement-of-nobody", "numbers", "gersh:Achievement-who", "achievement:alphaland-first-mission",
         edits=[("    ger:achiever country:alphaland ;\n    ger:rank 1", "    ger:rank 1")]),
    Case("achievement-with-a-country", "numbers", "gersh:Achievement-achievedWith", "achievement:alphaland-landing",
         edits=[("ger:achievedWith mission:measured", "ger:achievedWith country:betaland")]),
    Case("achievement-date-words", "numbers", "gersh:Achievement-achievementDate", "achievement:alphaland-landing",
         edits=[('"2023-08"^^xsd:gYearMonth', '"August 2023"')]),
    Case("achiever-a-destination", "numbers", "gersh:Link-achiever", "achievement:alphaland-landing",
         edits=[("ger:achiever country:alphaland ;\n    ger:achievedWith", "ger:achiever dest:moon ;\n    ger:achievedWith")]),
    Case("within-country-without-country", "numbers", "gersh:WithinCountryShape", "achievement:alphaland-first-mission",
         edits=[("    ger:achiever country:alphaland ;\n    ger:rank 1", "    ger:achiever agency:alpha ;\n    ger:rank 1")]),
    Case("feat-outside-a-scheme", "numbers", "gersh:Feat-inScheme", "feat:landing",
         edits=[("    skos:inScheme scheme:feats ;\n", "")]),
    Case("term-without-role", "numbers", "gersh:TermOfOffice-role", "term:alpha--test-group--chair",
         edits=[("    org:role ger:ChairRole ;\n", "")]),
    Case("term-without-interval", "numbers", "gersh:TermOfOffice-memberDuring", "term:alpha--test-group--chair",
         edits=[("    org:memberDuring term:alpha--test-group--chair-interval ;\n", "")]),
    Case("term-without-start", "numbers", "gersh:TermOfOffice-start", "term:alpha--test-group--chair",
         edits=[("    time:hasBeginning term:alpha--test-group--chair-begin ;\n", "")]),
    Case("office-role-minted", "numbers", "gersh:OfficeRoleShape", "https://example.org/Treasurer",
         add="<https://example.org/Treasurer> a ger:OfficeRole ."),
    Case("source-issue-minted", "numbers", "gersh:SourceIssueShape", "https://example.org/Smudged",
         add="<https://example.org/Smudged> a ger:SourceIssue ."),
    Case("source-note-without-issue", "numbers", "gersh:SourceNoted-issue", "mission:measured",
         edits=[("    ger:sourceIssue ger:Ambiguous ;\n", "")]),
    Case("source-issue-without-note", "numbers", "gersh:SourceNoted-note", "mission:measured",
         edits=[('    ger:sourceNote "The text gives two durations."@en ;\n', "")]),
    Case("ranking-scope-minted", "numbers", "gersh:RankingScopeShape", "https://example.org/AmongMoons",
         add="<https://example.org/AmongMoons> a ger:RankingScope ."),
    Case("edition-change-without-edition", "numbers", "gersh:EditionChange-newIn", "change:new-scenario",
         edits=[("    ger:newIn pub:test-doc ;\n", "")]),
    Case("concerns-literal", "numbers", "gersh:Link-concerns", "change:new-scenario",
         edits=[("ger:concerns dest:moon", 'ger:concerns "the Moon"')]),
    Case("requirement-without-rationale", "numbers", "gersh:Requirement-rationale", "requirement:landing-sites",
         edits=[('    ger:rationale "to sample diverse terrain" ;\n', "")]),
    Case("rationale-tagged", "numbers", "gersh:Text-rationale", "requirement:landing-sites",
         edits=[('"to sample diverse terrain"', '"to sample diverse terrain"@en')]),
    Case("research-area-outside-a-scheme", "numbers", "gersh:ResearchArea-inScheme", "rarea:biology",
         edits=[("    skos:inScheme scheme:lists ;\n    dcterms:source doc:front .\ntech:spin-off",
                 "    dcterms:source doc:front .\ntech:spin-off")]),
    Case("spin-off-without-field", "numbers", "gersh:SpinOffTechnology-appliedIn", "tech:spin-off",
         edits=[('    ger:appliedIn "medicine" ;\n', "")]),
    Case("applied-in-iri", "numbers", "gersh:Text-appliedIn", "tech:spin-off",
         edits=[('ger:appliedIn "medicine"', "ger:appliedIn dest:moon")]),
    Case("planned-publication-words", "numbers", "gersh:Calendar-plannedPublication", "pub:planned-report",
         edits=[('ger:plannedPublication "2023"^^xsd:gYear', 'ger:plannedPublication "Q4-2023"')]),
    Case("planned-start-words", "numbers", "gersh:Calendar-plannedStart", "pub:planned-report",
         add='pub:planned-report ger:plannedStart "early 2023" .'),
    Case("authorised-until-words", "organisations", "gersh:Calendar-authorisedUntil", "orgn:founders",
         add='orgn:founders ger:authorisedUntil "end of 2030" .'),
    Case("planning-horizon-date", "numbers", "gersh:Calendar-planningHorizon", "pub:test-doc",
         add='pub:test-doc ger:planningHorizon "2050-01-01"^^xsd:date .'),
    Case("stated-time-tagged", "numbers", "gersh:Text-statedTime", "pub:planned-report",
         edits=[('"Q4-2023"', '"Q4-2023"@en')]),
    Case("presented-at-agency", "numbers", "gersh:Link-presentedAt", "pub:planned-report",
         edits=[("ger:presentedAt event:ctx-meeting", "ger:presentedAt agency:alpha")]),
    Case("contribution-by-nobody", "contribution", "gersh:Contribution-who", "contribution:host--beta",
         edits=[("    ger:contributor agency:beta ;\n", "")]),
    Case("contribution-by-country-and-agency", "contribution", "gersh:Contribution-who", "contribution:host--beta",
         add="contribution:host--beta ger:contributorCountry country:betaland ."),
    Case("contributor-country-agency", "contribution", "gersh:Contribution-contributorCountry", "contribution:host--beta",
         edits=[("ger:contributor agency:beta", "ger:contributorCountry agency:beta")]),

    # --- 1. resources of the instance namespace
    Case("iri-slug", "lander-mission", "gersh:InstanceShape", "https://w3id.org/ger-kg/id/mission/Test_Mission", W,
         add='<https://w3id.org/ger-kg/id/mission/Test_Mission> a ger:Mission ; rdfs:label "T"@en ; dcterms:source doc:front .', component="PatternConstraintComponent"),
    Case("no-source", "lander-mission", "gersh:Instance-source", "mission:lander",
         edits=[(" ;\n    dcterms:source doc:front .\nelement:lander-lander a", " .\nelement:lander-lander a")], component="MinCountConstraintComponent"),
    Case("source-literal", "lander-mission", "gersh:Instance-source", "mission:lander",
         edits=[("dcterms:source doc:front .\nelement", "dcterms:source \"GER 2024, chapter 5\" .\nelement")]),
    Case("source-section-undescribed", "sample-return", "gersh:Instance-source", "doc:chapter-99",
         edits=[("dcterms:source doc:front", "dcterms:source doc:chapter-99")]),
    Case("source-external", "sample-return", "gersh:Instance-sourceDescribed", "mission:sample", W,
         edits=[("dcterms:source doc:front", "dcterms:source <https://example.org/report.pdf>")]),
    Case("untyped", "sample-return", "gersh:Instance-type", "element:untyped", W,
         add='element:untyped rdfs:label "Untyped"@en ; dcterms:source doc:front .'),

    # --- 2. values of properties
    Case("launch-date-string", "lander-mission", "gersh:Calendar-launchDate", "mission:lander",
         edits=[('"2024-05-03"^^xsd:date', '"3 May 2024"')]),
    Case("landing-month-time-zone", "lander-mission", "gersh:Calendar-landingDate", "mission:lander",
         edits=[('"2024-06"^^xsd:gYearMonth', '"2024-06+02:00"^^xsd:gYearMonth')]),
    Case("landing-date-datetime", "lander-mission", "gersh:Calendar-landingDate", "mission:lander",
         edits=[('"2024-06"^^xsd:gYearMonth', '"2024-06-02T10:00:00"^^xsd:dateTime')]),
    Case("issued-ill-typed", "publications", "gersh:Calendar-issued", "pub:supplement",
         edits=[('"2020"^^xsd:gYear', '"2020-13"^^xsd:gYearMonth')]),
    Case("status-date-words", "membership", "gersh:Calendar-statusDate", "doc:members",
         edits=[('"2021-03"^^xsd:gYearMonth', '"March 2021"')]),
    Case("formed-integer", "organisations", "gersh:Calendar-formed", "group:wg",
         edits=[('ger:formed "2010"^^xsd:gYear', "ger:formed 2010")]),
    Case("not-after-string", "membership", "gersh:Calendar-notAfter", "membership:alpha-begin",
         edits=[('"2020-12-31"^^xsd:date', '"2020-12-31"')]),
    Case("planned-completion-words", "crewed-mission", "gersh:Calendar-plannedCompletion", "programme:test-programme",
         edits=[('ger:plannedCompletion "2030"^^xsd:gYear', 'ger:plannedCompletion "by 2030"')]),
    Case("launch-not-after-datetime", "crewed-mission", "gersh:Calendar-launchNotAfter", "mission:crewed",
         edits=[('"2026"^^xsd:gYear', '"2026-01-01T00:00:00"^^xsd:dateTime')]),
    Case("dcterms-date-string", "contribution", "gersh:Calendar-date", "contribution:host--beta",
         edits=[('dcterms:date "2019"^^xsd:gYear', 'dcterms:date "in 2019"')]),
    Case("arrival-date-words", "crewed-mission", "gersh:Calendar-arrivalDate", "mission:crewed-precursor",
         edits=[('ger:arrivalDate "2022-11-21"^^xsd:date', 'ger:arrivalDate "21 November 2022"')]),
    Case("assessment-date-words", "technologies", "gersh:Calendar-assessmentDate", "assessment:batteries-2021",
         edits=[('ger:assessmentDate "2021"^^xsd:gYear', 'ger:assessmentDate "last year"')]),
    Case("dissolved-month-malformed", "organisations", "gersh:Calendar-dissolved", "group:wg",
         edits=[('ger:dissolved "2015-06"^^xsd:gYearMonth', 'ger:dissolved "2015-6"^^xsd:gYearMonth')]),
    Case("end-date-decade", "crewed-mission", "gersh:Calendar-endDate", "programme:test-programme",
         edits=[('ger:endDate "2030"^^xsd:gYear', 'ger:endDate "2030s"')]),
    Case("launch-bound-words", "crewed-mission", "gersh:Calendar-launchNotBefore", "mission:crewed",
         edits=[('ger:launchNotBefore "2025"^^xsd:gYear', 'ger:launchNotBefore "NET 2025"')]),
    Case("lower-bound-integer", "membership", "gersh:Calendar-notBefore", "membership:alpha-begin",
         edits=[('ger:notBefore "2019"^^xsd:gYear', "ger:notBefore 2019")]),
    Case("return-date-datetime", "sample-return", "gersh:Calendar-returnDate", "mission:sample",
         edits=[('"2020-12-17"^^xsd:date', '"2020-12-17T01:59:00"^^xsd:dateTime')]),
    Case("start-date-untyped", "activities", "gersh:Calendar-startDate", "event:workshop",
         edits=[('ger:startDate "2022"^^xsd:gYear', 'ger:startDate "2022"')]),
    Case("basis-tagged", "technologies", "gersh:Text-basis", "assessment:batteries-2021",
         edits=[('"Thermal vacuum test of a breadboard"', '"Thermal vacuum test of a breadboard"@en')]),
    Case("need-moon-tagged", "technologies", "gersh:Text-needMoon", "tech:batteries",
         edits=[('"Lunar night temperatures"', '"Lunar night temperatures"@en')]),
    Case("need-mars-tagged", "technologies", "gersh:Text-needMars", "tech:batteries",
         edits=[('"Long life"', '"Long life"@en')]),
    Case("target-text-tagged", "goals", "gersh:Text-targetText", "target:lso-1",
         edits=[('"at least three missions in five years"', '"at least three missions in five years"@en')]),
    Case("acronym-tagged", "lander-mission", "gersh:Text-acronym", "mission:lander",
         edits=[('ger:acronym "TLM"', 'ger:acronym "TLM"@en')]),
    Case("acronym-is-a-name", "lander-mission", "gersh:Text-acronymForm", "mission:lander", W,
         edits=[('ger:acronym "TLM"', 'ger:acronym "Test Lander"')], component="PatternConstraintComponent"),
    Case("role-number", "contribution", "gersh:Text-role", "contribution:host--beta",
         edits=[('ger:role "provided the spectrometer"', "ger:role 1")]),
    Case("purpose-tagged", "crewed-mission", "gersh:Text-purpose", "mission:crewed",
         edits=[('"carry a crew of four around the Moon"', '"carry a crew of four around the Moon"@en')]),
    Case("location-iri", "activities", "gersh:Text-location", "event:conference",
         edits=[('ger:location "Milan, Italy"', "ger:location dest:moon")]),
    Case("derivation-rule-tagged", "membership", "gersh:Text-derivationRule", "membership:alpha-begin",
         edits=[('"Not on the 2018 list, on the list of March 2021."', '"Not on the 2018 list."@en')]),
    Case("state-today-tagged", "technologies", "gersh:Text-stateToday", "tech:batteries",
         edits=[('"ISS: lithium-ion"', '"ISS: lithium-ion"@en')]),
    Case("comment-iri", "lander-mission", "gersh:Text-comment", "mission:lander",
         edits=[('rdfs:comment "A lander mission to the lunar south pole."@en', "rdfs:comment dest:moon")]),
    Case("comment-untagged", "lander-mission", "gersh:Text-commentLanguage", "mission:lander", W,
         edits=[('"A lander mission to the lunar south pole."@en', '"A lander mission to the lunar south pole."')]),
    Case("curation-note-untagged", "goals", "gersh:Text-curationNoteLanguage", "target:lso-1", W,
         edits=[('"The five years are in the text only."@en', '"The five years are in the text only."')]),
    Case("curation-note-iri", "goals", "gersh:Text-curationNote", "target:lso-1",
         edits=[('ger:curationNote "The five years are in the text only."@en', "ger:curationNote doc:front")]),
    Case("alt-label-iri", "activities", "gersh:Text-altLabel", "event:meeting",
         add="event:meeting skos:altLabel doc:front ."),
    Case("pref-label-two-english", "goals", "gersh:Text-prefLabel", "scheme:lunar-objectives",
         add='scheme:lunar-objectives skos:prefLabel "Other name"@en .'),
    Case("scope-note-untagged", "concepts", "gersh:Text-scopeNote", "benefit:science",
         edits=[('"Illustrated by a photograph."@en', '"Illustrated by a photograph."')]),
    Case("definition-untagged", "concepts", "gersh:Text-definition", "principle:openness",
         edits=[('"Share what is learnt."@en', '"Share what is learnt."')]),
    Case("notation-iri", "goals", "gersh:Text-notation", "goal:explore",
         edits=[('skos:notation "1."', "skos:notation doc:front")]),
    Case("title-iri", "publications", "gersh:Text-title", "pub:summary",
         edits=[('dcterms:title "Test roadmap: executive summary"@en', "dcterms:title doc:front")]),
    Case("alternative-iri", "publications", "gersh:Text-alternative", "pub:summary",
         edits=[('dcterms:alternative "Summary"', "dcterms:alternative doc:front")]),
    Case("crew-size-negative", "crewed-mission", "gersh:Number-crewSize", "mission:crewed",
         edits=[("ger:crewSize 4", "ger:crewSize -1")]),
    Case("crew-size-words", "crewed-mission", "gersh:Number-crewSize", "mission:crewed",
         edits=[("ger:crewSize 4", 'ger:crewSize "four"')]),
    Case("phase-number-zero", "concepts", "gersh:Number-phaseNumber", "phase:1",
         edits=[("ger:phaseNumber 1", "ger:phaseNumber 0")]),
    Case("edition-words", "publications", "gersh:Number-edition", "pub:supplement",
         add='pub:supplement ger:edition "second" .'),
    Case("founding-member-count-decimal", "organisations", "gersh:Number-foundingMemberCount", "orgn:founders",
         edits=[("ger:foundingMemberCount 14", "ger:foundingMemberCount 14.5")]),
    Case("lead-agency-destination", "lander-mission", "gersh:Org-leadAgency", "mission:lander",
         edits=[("ger:leadAgency agency:alpha", "ger:leadAgency dest:moon")]),
    Case("participant-string", "activities", "gersh:Org-participant", "campaign:analogue",
         edits=[("ger:participant agency:beta", 'ger:participant "Beta"')]),
    Case("organised-by-concept", "activities", "gersh:Org-organisedBy", "event:workshop",
         edits=[("ger:organisedBy agency:alpha ;\n    ger:startDate \"2022\"", "ger:organisedBy tech:ctx-tech ;\n    ger:startDate \"2022\"")]),
    Case("contributing-agency-destination", "contribution", "gersh:Org-contributingAgency", "mission:host",
         add="mission:host ger:contributingAgency dest:moon ."),
    Case("publisher-string", "publications", "gersh:Org-publisher", "pub:technical-report",
         edits=[("dcterms:publisher orgn:test-group ;\n    dcterms:source doc:front .\npub:strategy",
                 'dcterms:publisher "ISECG" ;\n    dcterms:source doc:front .\npub:strategy')]),
    Case("has-element-agency", "lander-mission", "gersh:Link-hasElement", "mission:lander",
         add="mission:lander ger:hasElement agency:beta ."),
    Case("part-of-programme-mission", "crewed-mission", "gersh:Link-partOfProgramme", "mission:crewed",
         edits=[("ger:partOfProgramme programme:test-programme", "ger:partOfProgramme mission:crewed-precursor")]),
    Case("includes-agency", "crewed-mission", "gersh:Link-includes", "programme:test-programme",
         edits=[("ger:includes mission:crewed", "ger:includes agency:alpha")]),
    Case("uses-service-mission", "other-missions", "gersh:Link-usesService", "mission:cargo",
         edits=[("ger:usesService service:delivery", "ger:usesService mission:flyby")]),
    Case("uses-technology-area", "crewed-mission", "gersh:Link-usesTechnology", "mission:crewed-precursor",
         edits=[("ger:usesTechnology tech:ctx-tech", "ger:usesTechnology agency:alpha")]),
    Case("addresses-agency", "crewed-mission", "gersh:Link-addresses", "programme:test-programme",
         edits=[("ger:addresses tech:ctx-tech", "ger:addresses agency:alpha")]),
    Case("has-contribution-agency", "contribution", "gersh:Link-hasContribution", "mission:host",
         edits=[("ger:hasContribution contribution:host--beta", "ger:hasContribution agency:beta")]),
    Case("destination-agency", "lander-mission", "gersh:Link-destination", "mission:lander",
         edits=[("ger:destination dest:moon", "ger:destination agency:beta")]),
    Case("landing-site-orbit", "lander-mission", "gersh:Link-landingSite", "mission:lander",
         edits=[("ger:landingSite dest:south-pole", "ger:landingSite dest:lunar-orbit")]),
    Case("status-string", "lander-mission", "gersh:Link-status", "mission:lander",
         edits=[("ger:status ger:Completed", 'ger:status "completed"')]),
    Case("status-not-a-status", "elements", "gersh:Link-status", "element:station",
         edits=[("ger:status ger:InDevelopment", "ger:status ger:Landed")]),
    Case("two-statuses", "lander-mission", "gersh:Link-statusSingle", "mission:lander", W,
         edits=[("ger:status ger:Completed", "ger:status ger:Completed , ger:Planned")]),
    Case("held-at-destination", "activities", "gersh:Link-heldAt", "campaign:analogue",
         edits=[("ger:heldAt facility:test-facility", "ger:heldAt dest:moon")]),
    Case("topic-agency", "organisations", "gersh:Link-topic", "group:team",
         edits=[("ger:topic tech:ctx-tech", "ger:topic agency:alpha")]),
    Case("leads-string", "organisations", "gersh:Link-leads", "orgn:company",
         add='orgn:company ger:leads "the lander" .'),
    Case("homepage-string", "organisations", "gersh:Link-homepage", "orgn:company",
         add='orgn:company foaf:homepage "www.company.example" .'),
    Case("homepage-not-http", "organisations", "gersh:Link-homepage", "orgn:company",
         add="orgn:company foaf:homepage <ftp://files.company.example/> ."),
    Case("is-part-of-string", "publications", "gersh:Link-isPartOf", "pub:summary",
         edits=[("dcterms:isPartOf pub:test-doc", 'dcterms:isPartOf "the roadmap"')]),
    Case("references-string", "publications", "gersh:Link-references", "pub:strategy",
         edits=[("dcterms:references pub:test-doc ;\n    dcterms:source doc:front .\n",
                 'dcterms:references "the roadmap" ;\n    dcterms:source doc:front .\n')]),
    Case("used-string", "activities", "gersh:Link-used", "campaign:analogue",
         edits=[("prov:used element:analogue-rover", 'prov:used "a rover"')]),
    Case("derived-from-string", "activities", "gersh:Link-wasDerivedFrom", "event:workshop",
         edits=[("prov:wasDerivedFrom event:meeting", 'prov:wasDerivedFrom "the meeting"')]),
    Case("see-also-string", "activities", "gersh:Link-seeAlso", "event:conference",
         edits=[("rdfs:seeAlso event:meeting", 'rdfs:seeAlso "the meeting"')]),
    Case("sub-organisation-of-destination", "organisations", "gersh:Link-subOrganizationOf", "orgn:institute",
         edits=[("org:subOrganizationOf agency:alpha", "org:subOrganizationOf dest:moon")]),

    # --- 3. organisations
    Case("organisation-also-destination", "organisations", "gersh:OrganizationShape", "orgn:company",
         add="orgn:company a ger:Destination .", component="NotConstraintComponent"),
    Case("organisation-no-label", "organisations", "gersh:Organization-label", "orgn:company",
         edits=[('    rdfs:label "Test Company"@en ;\n', "")]),
    Case("organisation-two-labels", "organisations", "gersh:Organization-label", "orgn:company",
         add='orgn:company rdfs:label "Company Test"@en .'),
    Case("organisation-label-french", "organisations", "gersh:Organization-label", "orgn:university",
         edits=[('"Test University"@en', '"Université de test"@fr')], component="LanguageInConstraintComponent"),
    Case("country-destination", "organisations", "gersh:Organization-country", "orgn:ministry",
         edits=[("ger:country country:alphaland", "ger:country dest:moon")]),
    Case("formed-twice", "organisations", "gersh:Organization-formed", "group:wg", W,
         edits=[('ger:formed "2010"^^xsd:gYear', 'ger:formed "2010"^^xsd:gYear , "2011"^^xsd:gYear')]),
    Case("dissolved-twice", "organisations", "gersh:Organization-dissolved", "group:wg", W,
         edits=[('ger:dissolved "2015-06"^^xsd:gYearMonth', 'ger:dissolved "2015-06"^^xsd:gYearMonth , "2016"^^xsd:gYear')]),
    Case("chaired-by-destination", "organisations", "gersh:Organization-chairedBy", "group:wg",
         edits=[("ger:chairedBy agency:alpha", "ger:chairedBy dest:moon")]),
    Case("founding-member-count-twice", "organisations", "gersh:Organization-foundingMemberCount", "orgn:founders",
         edits=[("ger:foundingMemberCount 14", "ger:foundingMemberCount 14 , 15")]),
    Case("renamed-to-string", "organisations", "gersh:Organization-renamedTo", "group:wg",
         edits=[("ger:renamedTo group:wg-renamed", 'ger:renamedTo "the new group"')]),
    Case("unit-of-a-unit", "organisations", "gersh:Organization-unitOf", "group:team",
         edits=[("org:unitOf orgn:test-group ;\n    ger:topic", "org:unitOf group:wg ;\n    ger:topic")]),
    Case("has-membership-agency", "organisations", "gersh:Organization-hasMembership", "orgn:company",
         add="orgn:company org:hasMembership agency:alpha ."),
    Case("space-agency-also-company", "organisations", "gersh:SpaceAgencyShape", "agency:alpha", W,
         add="agency:alpha a ger:Company ."),
    Case("space-agency-no-country", "organisations", "gersh:SpaceAgency-country", "agency:beta", I),  # broken in CONTEXT
    Case("coordination-group-also-agency", "organisations", "gersh:CoordinationGroupShape", "orgn:founders", W,
         add="orgn:founders a ger:SpaceAgency ."),
    Case("coordination-group-no-formed", "organisations", "gersh:CoordinationGroup-formed", "orgn:founders", I,
         edits=[('    ger:formed "2001"^^xsd:gYear ;\n', "")]),
    Case("company-also-government-office", "organisations", "gersh:CompanyShape", "orgn:company", W,
         add="orgn:company a ger:GovernmentOffice ."),
    Case("institute-also-company", "organisations", "gersh:ResearchInstituteShape", "orgn:institute", W,
         add="orgn:institute a ger:Company ."),
    Case("university-also-company", "organisations", "gersh:UniversityShape", "orgn:university", W,
         add="orgn:university a ger:Company ."),
    Case("international-body-also-office", "organisations", "gersh:InternationalBodyShape", "orgn:un-office", W,
         add="orgn:un-office a ger:GovernmentOffice ."),
    Case("government-office-also-agency", "organisations", "gersh:GovernmentOfficeShape", "orgn:ministry", W,
         add="orgn:ministry a ger:SpaceAgency ."),
    Case("government-office-no-country", "organisations", "gersh:GovernmentOffice-country", "orgn:ministry", I,
         edits=[("    ger:country country:alphaland ;\n", "")]),
    Case("working-group-no-unit", "organisations", "gersh:WorkingGroup-unitOf", "group:wg-renamed", W,
         edits=[("    org:unitOf orgn:test-group ;\n    dcterms:source doc:front .\ngroup:team",
                 "    dcterms:source doc:front .\ngroup:team")]),
    Case("team-no-unit", "organisations", "gersh:Team-unitOf", "group:team", I,
         edits=[("    org:unitOf orgn:test-group ;\n    ger:topic", "    ger:topic")]),
    Case("country-no-label", "organisations", "gersh:Country-label", "country:gammaland",
         add="country:gammaland a ger:Country ; dcterms:source doc:front ."),

    # --- 3. memberships, intervals, instants
    Case("membership-no-label", "membership", "gersh:Membership-label", "membership:alpha",
         edits=[('    rdfs:label "Alpha membership in the test group"@en ;\n', "")]),
    Case("membership-no-member", "membership", "gersh:Membership-member", "membership:alpha",
         edits=[("    org:member agency:alpha ;\n", "")]),
    Case("membership-of-itself", "membership", "gersh:Membership-member", "membership:alpha",
         edits=[("org:member agency:alpha", "org:member orgn:test-group")], component="DisjointConstraintComponent"),
    Case("membership-two-organisations", "membership", "gersh:Membership-organization", "membership:alpha",
         edits=[("org:organization orgn:test-group", "org:organization orgn:test-group , agency:beta")]),
    Case("membership-of-an-agency", "membership", "gersh:Membership-organizationKind", "membership:alpha", W,
         edits=[("org:organization orgn:test-group", "org:organization agency:beta")]),
    Case("membership-two-intervals", "membership", "gersh:Membership-memberDuring", "membership:alpha",
         add="""membership:alpha org:memberDuring membership:alpha-interval-2 .
membership:alpha-interval-2 a time:Interval ; rdfs:label "Second interval"@en ; dcterms:source doc:members ."""),
    Case("membership-no-interval", "membership", "gersh:Membership-memberDuringGiven", "membership:alpha", W,
         edits=[("    org:memberDuring membership:alpha-interval ;\n", "")]),
    Case("listed-in-a-destination", "membership", "gersh:Membership-listedIn", "membership:alpha",
         edits=[("ger:listedIn doc:members", "ger:listedIn dest:moon")]),
    Case("member-list-undated", "membership", "gersh:MemberListDated-statusDate", "doc:members", W,
         edits=[('    ger:statusDate "2021-03"^^xsd:gYearMonth ;\n', "")]),
    Case("interval-two-labels", "membership", "gersh:Interval-label", "membership:alpha-interval",
         add='membership:alpha-interval rdfs:label "Another label"@en .'),
    Case("interval-two-beginnings", "membership", "gersh:Interval-hasBeginning", "membership:alpha-interval",
         add="membership:alpha-interval time:hasBeginning membership:alpha-end ."),
    Case("interval-end-literal", "membership", "gersh:Interval-hasEnd", "membership:alpha-interval",
         edits=[("time:hasEnd membership:alpha-end", 'time:hasEnd "2023"^^xsd:gYear')]),
    Case("interval-no-label", "membership", "gersh:NamedTimeShape", "membership:alpha-interval",
         edits=[('    rdfs:label "Alpha membership in the test group: interval"@en ;\n', "")], component="OrConstraintComponent"),
    Case("instant-stray-property", "membership", "gersh:InstantShape", "membership:alpha-end",
         add='membership:alpha-end ger:launchDate "2023"^^xsd:gYear .', component="ClosedConstraintComponent"),
    Case("instant-two-labels", "membership", "gersh:Instant-label", "membership:alpha-end",
         add='membership:alpha-end rdfs:label "End"@en .'),
    Case("instant-date-is-a-year", "membership", "gersh:Instant-inXSDDate", "membership:alpha-end",
         add='membership:alpha-end time:inXSDDate "2023"^^xsd:gYear .'),
    Case("instant-month-is-a-date", "membership", "gersh:Instant-inXSDgYearMonth", "membership:alpha-end",
         add='membership:alpha-end time:inXSDgYearMonth "2023-03-01"^^xsd:date .'),
    Case("instant-two-years", "membership", "gersh:Instant-inXSDgYear", "membership:alpha-end",
         add='membership:alpha-end time:inXSDgYear "2024"^^xsd:gYear .'),
    Case("instant-says-nothing", "membership", "gersh:InstantDatedShape", "membership:alpha-end", W,
         edits=[('    time:inXSDgYear "2023"^^xsd:gYear ;\n    ger:notBefore "2022"^^xsd:gYear ;\n', "")]),
    Case("bound-unexplained", "membership", "gersh:InstantBound-derivationRule", "membership:alpha-begin", I,
         edits=[('    ger:derivationRule "Not on the 2018 list, on the list of March 2021." ;\n', "")]),
    Case("interval-ends-before-it-begins", "membership", "gersh:IntervalOrder-endNotBeforeBeginning",
         "membership:alpha-interval",
         edits=[('time:inXSDgYear "2023"^^xsd:gYear ;\n    ger:notBefore "2022"^^xsd:gYear',
                 'time:inXSDgYear "2018"^^xsd:gYear ;\n    ger:notBefore "2018"^^xsd:gYear')]),
    Case("interval-ends-before-exact-beginning", "membership", "gersh:IntervalOrder-endNotBeforeBeginning",
         "membership:alpha-interval",
         edits=[('ger:notBefore "2019"^^xsd:gYear ;\n    ger:notAfter "2020-12-31"^^xsd:date',
                 'time:inXSDDate "2020-03-15"^^xsd:date'),
                ('time:inXSDgYear "2023"^^xsd:gYear ;\n    ger:notBefore "2022"^^xsd:gYear',
                 'ger:notAfter "2020-02"^^xsd:gYearMonth')]),
    Case("instant-bounds-crossed", "membership", "gersh:InstantBounds-inOrder", "membership:alpha-begin",
         edits=[('ger:notBefore "2019"^^xsd:gYear', 'ger:notBefore "2021"^^xsd:gYear')]),
    Case("instant-value-outside-bound", "membership", "gersh:BoundedValue-withinBounds", "membership:alpha-end",
         edits=[('ger:notBefore "2022"^^xsd:gYear', 'ger:notBefore "2024-01"^^xsd:gYearMonth')]),
    Case("listed-before-joining", "membership", "gersh:MembershipListing-heldAtListDate", "membership:alpha",
         edits=[('ger:notBefore "2019"^^xsd:gYear ;\n    ger:notAfter "2020-12-31"^^xsd:date',
                 'ger:notBefore "2021-06"^^xsd:gYearMonth ;\n    ger:notAfter "2022-12-31"^^xsd:date')]),
    Case("listed-after-leaving", "membership", "gersh:MembershipListing-heldAtListDate", "membership:alpha",
         edits=[('time:inXSDgYear "2023"^^xsd:gYear ;\n    ger:notBefore "2022"^^xsd:gYear',
                 'time:inXSDDate "2020-12-31"^^xsd:date')]),

    # --- 3. missions
    Case("mission-also-programme", "lander-mission", "gersh:MissionShape", "mission:lander",
         add="mission:lander a ger:Programme ."),
    Case("mission-no-label", "sample-return", "gersh:Mission-label", "mission:sample",
         edits=[('    rdfs:label "Test sample return mission"@en ;\n', "")]),
    Case("mission-untagged-label", "sample-return", "gersh:Mission-label", "mission:sample",
         edits=[('"Test sample return mission"@en', '"Test sample return mission"')]),
    Case("launch-vehicle-not-a-rocket", "crewed-mission", "gersh:Mission-launchVehicle", "mission:crewed",
         edits=[("ger:launchVehicle element:crewed-rocket", "ger:launchVehicle mission:crewed-precursor")]),
    Case("predecessor-also-successor", "crewed-mission", "gersh:Mission-predecessor", "mission:crewed",
         add="mission:crewed ger:successor mission:crewed-precursor ."),
    Case("successor-not-a-mission", "crewed-mission", "gersh:Mission-successor", "mission:crewed-precursor",
         edits=[("ger:successor mission:crewed", "ger:successor programme:test-programme")]),
    Case("outcome-not-an-outcome", "lander-mission", "gersh:Mission-outcome", "mission:lander",
         edits=[("ger:outcome ger:Landed", "ger:outcome ger:Completed")]),
    Case("two-crew-sizes", "crewed-mission", "gersh:Mission-crewSize", "mission:crewed", W,
         edits=[("ger:crewSize 4", "ger:crewSize 4 , 3")]),
    Case("two-launch-dates", "lander-mission", "gersh:Mission-launchDate", "mission:lander", W,
         edits=[('ger:launchDate "2024-05-03"^^xsd:date', 'ger:launchDate "2024-05-03"^^xsd:date , "2024-05"^^xsd:gYearMonth')]),
    Case("two-launch-bounds", "crewed-mission", "gersh:Mission-launchNotBefore", "mission:crewed", W,
         edits=[('ger:launchNotBefore "2025"^^xsd:gYear', 'ger:launchNotBefore "2025"^^xsd:gYear , "2024"^^xsd:gYear')]),
    Case("two-landing-dates", "sample-return", "gersh:Mission-landingDate", "mission:sample", W,
         edits=[('ger:landingDate "2020-12-01"^^xsd:date', 'ger:landingDate "2020-12-01"^^xsd:date , "2020-12"^^xsd:gYearMonth')]),
    Case("two-return-dates", "sample-return", "gersh:Mission-returnDate", "mission:sample", W,
         edits=[('ger:returnDate "2020-12-17"^^xsd:date', 'ger:returnDate "2020-12-17"^^xsd:date , "2020-12-16"^^xsd:date')]),
    Case("robotic-and-crewed", "sample-return", "gersh:RoboticMissionShape", "mission:sample",
         add="mission:sample a ger:CrewedMission ."),
    Case("robotic-with-crew", "sample-return", "gersh:RoboticMission-crewSize", "mission:sample",
         add="mission:sample ger:crewSize 2 ."),
    Case("crewed-without-crew", "crewed-mission", "gersh:CrewedMission-crewSize", "mission:crewed",
         edits=[("ger:crewSize 4", "ger:crewSize 0")]),
    Case("orbiter-mission-nowhere", "crewed-mission", "gersh:OrbiterMission-destination", "mission:crewed-precursor", I,
         edits=[("    ger:destination dest:lunar-orbit ;\n    ger:usesTechnology", "    ger:usesTechnology")]),
    Case("lander-mission-nowhere", "lander-mission", "gersh:LanderMission-destination", "mission:lander", I,
         edits=[("    ger:destination dest:moon ;\n    ger:landingSite dest:south-pole ;\n", "")]),
    Case("rover-mission-without-rover", "other-missions", "gersh:RoverMission-rover", "mission:rover", I,
         edits=[("    ger:hasElement element:rover-rover ;\n", ""), ("    ger:elementOf mission:rover ;\n", "")], component="QualifiedMinCountConstraintComponent"),
    Case("sample-return-nowhere", "sample-return", "gersh:SampleReturnMission-destination", "mission:sample", W,
         edits=[("    ger:destination dest:moon ;\n", "")]),
    Case("flyby-that-lands", "other-missions", "gersh:FlybyMission-noLanding", "mission:flyby", W,
         add='mission:flyby ger:landingDate "2025"^^xsd:gYear .'),
    Case("demonstration-of-nothing", "crewed-mission", "gersh:TechnologyDemonstrationMission-what",
         "mission:crewed-precursor", I,
         edits=[("    ger:usesTechnology tech:ctx-tech ;\n", "")]),
    Case("cargo-mission-nowhere", "other-missions", "gersh:CargoMission-delivery", "mission:cargo", I,
         edits=[("    ger:destination dest:south-pole ;\n", "")]),
    Case("programme-no-label", "crewed-mission", "gersh:Programme-label", "programme:test-programme",
         edits=[('    rdfs:label "Test programme"@en ;\n', "")]),
    Case("campaign-two-labels", "activities", "gersh:Campaign-label", "campaign:polar",
         add='campaign:polar rdfs:label "Polar campaign"@en .'),
    Case("analogue-campaign-nowhere", "activities", "gersh:AnalogueCampaign-where", "campaign:analogue", I,
         edits=[("    ger:heldAt facility:test-facility ;\n", ""),
                ('    ger:location "Cologne, Germany" ;\n    prov:used', "    prov:used")]),
    Case("service-no-label", "other-missions", "gersh:Service-label", "service:delivery",
         edits=[('    rdfs:label "Test payload delivery service"@en ;\n', "")]),
    Case("service-without-provider", "other-missions", "gersh:Service-provider", "service:delivery", I,
         edits=[("    ger:leadAgency agency:alpha ;\n    ger:destination dest:moon ;\n    ger:startDate",
                 "    ger:destination dest:moon ;\n    ger:startDate")]),
    Case("event-label-german", "activities", "gersh:Event-label", "event:workshop",
         edits=[('"Test workshop 2022"@en', '"Testworkshop 2022"@de')]),
    Case("event-undated", "activities", "gersh:Event-when", "event:workshop", I,
         edits=[('    ger:startDate "2022"^^xsd:gYear ;\n', "")]),
    Case("meeting-by-nobody", "activities", "gersh:Meeting-organisedBy", "event:meeting", I,
         edits=[("    ger:organisedBy orgn:test-group ;\n", "")]),
    Case("workshop-by-nobody", "activities", "gersh:Workshop-organisedBy", "event:workshop", I,
         edits=[("    ger:organisedBy agency:alpha ;\n    ger:startDate \"2022\"", "    ger:startDate \"2022\"")]),
    Case("conference-nowhere", "activities", "gersh:Conference-where", "event:conference", I,
         edits=[('    ger:location "Milan, Italy" ;\n', "")]),

    # --- 3. elements
    Case("element-also-mission", "elements", "gersh:MissionElementShape", "element:satellite",
         add="element:satellite a ger:Mission ."),
    Case("element-no-label", "elements", "gersh:MissionElement-label", "element:habitat",
         edits=[('    rdfs:label "Test surface habitat"@en ;\n', "")]),
    Case("element-of-a-destination", "elements", "gersh:MissionElement-elementOf", "element:payload",
         edits=[("ger:elementOf element:orbiter", "ger:elementOf dest:moon")]),
    Case("spacecraft-unlinked", "elements", "gersh:Spacecraft-context", "element:satellite", I,
         edits=[("    ger:destination dest:lunar-orbit ;\n    dcterms:source doc:front .\nelement:orbiter",
                 "    dcterms:source doc:front .\nelement:orbiter")]),
    Case("orbiter-at-a-surface", "elements", "gersh:Orbiter-destination", "element:orbiter", W,
         edits=[("    ger:destination dest:lunar-orbit ;\n    dcterms:source doc:front .\nelement:payload",
                 "    ger:destination dest:south-pole ;\n    dcterms:source doc:front .\nelement:payload")]),
    Case("lander-in-orbit", "lander-mission", "gersh:Lander-destination", "element:lander-lander", W,
         add="element:lander-lander ger:destination dest:lunar-orbit ."),
    Case("rover-in-orbit", "other-missions", "gersh:Rover-destination", "element:rover-rover", W,
         edits=[("    ger:destination dest:moon ;\n    dcterms:source doc:front .\nmission:flyby",
                 "    ger:destination dest:lunar-orbit ;\n    dcterms:source doc:front .\nmission:flyby")]),
    Case("crew-vehicle-also-rocket", "elements", "gersh:CrewVehicleShape", "element:capsule", W,
         add="element:capsule a ger:LaunchVehicle ."),
    Case("rocket-as-element", "crewed-mission", "gersh:LaunchVehicle-elementOf", "element:crewed-rocket", W,
         add="element:crewed-rocket ger:elementOf mission:crewed ."),
    Case("station-nowhere", "elements", "gersh:Station-destination", "element:station", I,
         edits=[("    ger:destination dest:lunar-orbit ;\n    ger:status", "    ger:status")]),
    Case("module-of-nothing", "elements", "gersh:StationModule-station", "element:station-module", W,
         edits=[("    ger:elementOf element:station ;\n    dcterms:source doc:front .\nelement:station-arm",
                 "    dcterms:source doc:front .\nelement:station-arm"),
                ("ger:hasElement element:station-module , element:station-arm", "ger:hasElement element:station-arm")]),
    Case("surface-system-in-orbit", "elements", "gersh:SurfaceSystem-destination", "element:habitat", W,
         edits=[("ger:destination dest:south-pole", "ger:destination dest:lunar-orbit")]),
    Case("instrument-unattached", "elements", "gersh:Instrument-carrier", "element:payload", I,
         edits=[("    ger:elementOf element:orbiter ;\n", "")]),
    Case("robotic-arm-also-rover", "elements", "gersh:RoboticSystemShape", "element:station-arm", W,
         add="element:station-arm a ger:Rover ."),
    Case("suit-in-orbit", "elements", "gersh:SpaceSuit-destination", "element:suit", W,
         edits=[("    ger:destination dest:moon ;\n    dcterms:source doc:front .\nelement:capsule",
                 "    ger:destination dest:lunar-orbit ;\n    dcterms:source doc:front .\nelement:capsule")]),

    # --- 3. contributions
    Case("contribution-stray-property", "contribution", "gersh:ContributionShape", "contribution:host--beta",
         add="contribution:host--beta ger:leadAgency agency:alpha .", component="ClosedConstraintComponent"),
    Case("contribution-no-label", "contribution", "gersh:Contribution-label", "contribution:host--beta",
         edits=[('    rdfs:label "Beta contribution to the test host mission"@en ;\n', "")]),
    Case("contribution-to-nothing", "contribution", "gersh:Contribution-contributionTo", "contribution:host--beta",
         edits=[("    ger:contributionTo mission:host ;\n", "")]),
    Case("contribution-to-two", "contribution", "gersh:Contribution-contributionTo", "contribution:host--beta",
         add="contribution:host--beta ger:contributionTo mission:other ."),
    Case("contribution-to-a-destination", "contribution", "gersh:Contribution-contributionToKind",
         "contribution:host--beta", W,
         edits=[("ger:contributionTo mission:host", "ger:contributionTo dest:moon")]),
    Case("contribution-two-contributors", "contribution", "gersh:Contribution-contributor", "contribution:host--beta",
         edits=[("ger:contributor agency:beta", "ger:contributor agency:beta , agency:alpha")]),
    Case("contribution-by-a-destination", "contribution", "gersh:Contribution-contributor", "contribution:host--beta",
         edits=[("ger:contributor agency:beta", "ger:contributor dest:moon")]),
    Case("contributed-an-agency", "contribution", "gersh:Contribution-contributedElement", "contribution:host--beta",
         edits=[("ger:contributedElement element:host-instrument", "ger:contributedElement agency:beta")]),
    Case("contribution-by-the-lead", "contribution", "gersh:ContributionLead-notByLead", "contribution:host--beta", W,
         edits=[("ger:leadAgency agency:alpha ;\n    ger:destination dest:moon ;\n    ger:hasContribution",
                 "ger:leadAgency agency:beta ;\n    ger:destination dest:moon ;\n    ger:hasContribution")]),

    # --- 3. destinations
    Case("destination-also-mission", "lander-mission", "gersh:DestinationShape", "dest:moon",
         add="dest:moon a ger:Mission ."),
    Case("destination-two-labels", "lander-mission", "gersh:Destination-label", "dest:lunar-orbit",
         add='dest:lunar-orbit rdfs:label "lunar orbit"@en .'),
    Case("part-of-an-agency", "lander-mission", "gersh:Destination-partOf", "dest:south-pole",
         add="dest:south-pole ger:partOf agency:alpha ."),
    Case("part-of-cycle", "lander-mission", "gersh:DestinationPartOf-acyclic", "dest:moon",
         add="dest:moon ger:partOf dest:south-pole ."),
    Case("body-also-orbit", "lander-mission", "gersh:CelestialBodyShape", "dest:moon",
         add="dest:moon a ger:Orbit ."),
    Case("body-inside-a-region", "lander-mission", "gersh:CelestialBody-partOf", "dest:phobos", W,
         add='dest:phobos a ger:CelestialBody ; rdfs:label "Phobos"@en ; ger:partOf dest:south-pole ; dcterms:source doc:front .'),
    Case("orbit-also-region", "lander-mission", "gersh:OrbitShape", "dest:lunar-orbit",
         add="dest:lunar-orbit a ger:SurfaceRegion ."),
    Case("orbit-around-nothing", "lander-mission", "gersh:Orbit-partOf", "dest:halo-orbit", I,
         add='dest:halo-orbit a ger:Orbit ; rdfs:label "Halo orbit"@en ; dcterms:source doc:front .'),
    Case("region-on-nothing", "lander-mission", "gersh:SurfaceRegion-partOf", "dest:crater", W,
         add='dest:crater a ger:SurfaceRegion ; rdfs:label "Crater"@en ; dcterms:source doc:front .'),
    Case("region-in-an-orbit", "lander-mission", "gersh:SurfaceRegion-partOfKind", "dest:crater",
         add='dest:crater a ger:SurfaceRegion ; rdfs:label "Crater"@en ; ger:partOf dest:lunar-orbit ; dcterms:source doc:front .'),

    # --- 3. concepts
    Case("concept-also-mission", "concepts", "gersh:ConceptShape", "theme:origins",
         add="theme:origins a ger:Mission ."),
    Case("concept-no-label", "concepts", "gersh:Concept-label", "theme:origins",
         edits=[('    rdfs:label "Origins"@en ;\n', "")]),
    Case("in-scheme-agency", "concepts", "gersh:Concept-inScheme", "principle:openness",
         edits=[("skos:inScheme scheme:misc ;\n    skos:definition", "skos:inScheme agency:alpha ;\n    skos:definition")]),
    Case("top-concept-of-agency", "goals", "gersh:Concept-topConceptOf", "goal:explore",
         edits=[("skos:topConceptOf scheme:goals", "skos:topConceptOf agency:alpha")]),
    Case("broader-string", "technologies", "gersh:Concept-broader", "tech:fuel-cells",
         edits=[("skos:broader area:power", 'skos:broader "power"')]),
    Case("narrower-agency", "technologies", "gersh:Concept-narrower", "area:power",
         add="area:power skos:narrower agency:alpha ."),
    Case("scheme-no-label", "concepts", "gersh:ConceptScheme-label", "scheme:misc",
         edits=[('    rdfs:label "Test principles, benefits, themes and phases"@en ;\n', "")]),
    Case("scheme-top-concept-agency", "concepts", "gersh:ConceptScheme-hasTopConcept", "scheme:misc",
         add="scheme:misc skos:hasTopConcept agency:alpha ."),
    Case("scheme-empty", "concepts", "gersh:ConceptScheme-concepts", "scheme:empty", W,
         add='scheme:empty a skos:ConceptScheme ; rdfs:label "Empty scheme"@en ; dcterms:source doc:front .'),
    Case("goal-objective-agency", "goals", "gersh:Goal-hasObjective", "goal:explore",
         add="goal:explore ger:hasObjective agency:alpha ."),
    Case("goal-without-objectives", "goals", "gersh:Goal-objectives", "goal:explore", W,
         edits=[("    ger:hasObjective objective:map ;\n", ""),
                ("    ger:objectiveOf goal:explore ;\n    dcterms:source doc:front .\nscheme:lunar",
                 "    dcterms:source doc:front .\nscheme:lunar"),
                ("    ger:objectiveOf goal:explore ;\n    ger:performanceTarget", "    ger:performanceTarget")]),
    Case("goal-outside-scheme", "goals", "gersh:Goal-inScheme", "goal:explore",
         edits=[("    skos:inScheme scheme:goals ;\n    skos:topConceptOf", "    skos:topConceptOf")]),
    Case("objective-of-an-objective", "goals", "gersh:Objective-objectiveOf", "lso:1",
         edits=[("ger:objectiveOf goal:explore ;\n    ger:performanceTarget", "ger:objectiveOf objective:map ;\n    ger:performanceTarget")]),
    Case("objective-target-agency", "goals", "gersh:Objective-performanceTarget", "objective:map",
         add="objective:map ger:performanceTarget agency:alpha ."),
    Case("objective-without-goal", "goals", "gersh:Objective-goal", "objective:map", I,
         edits=[("    ger:hasObjective objective:map ;\n", ""),
                ("    ger:objectiveOf goal:explore ;\n    dcterms:source doc:front .\nscheme:lunar",
                 "    dcterms:source doc:front .\nscheme:lunar")]),
    Case("lunar-objective-without-target", "goals", "gersh:LunarSurfaceObjective-target", "lso:1", W,
         edits=[("    ger:performanceTarget target:lso-1 ;\n", ""), ("    ger:targetOf lso:1 ;\n", "")]),
    Case("target-stray-property", "goals", "gersh:PerformanceTargetShape", "target:lso-1",
         add="target:lso-1 ger:status ger:Planned .", component="ClosedConstraintComponent"),
    Case("target-no-label", "goals", "gersh:PerformanceTarget-label", "target:lso-1",
         edits=[('    rdfs:label "Performance measure target of test objective 1"@en ;\n', "")]),
    Case("target-of-nothing", "goals", "gersh:PerformanceTarget-targetOf", "target:lso-1",
         edits=[("    ger:targetOf lso:1 ;\n", "")]),
    Case("target-of-a-goal", "goals", "gersh:PerformanceTarget-targetOf", "target:lso-1",
         edits=[("ger:targetOf lso:1", "ger:targetOf goal:explore")]),
    Case("target-without-text", "goals", "gersh:PerformanceTarget-targetText", "target:lso-1",
         edits=[('    ger:targetText "at least three missions in five years" ;\n', "")]),
    Case("target-two-quantities", "goals", "gersh:PerformanceTarget-targetQuantity", "target:lso-1",
         add="target:lso-1 ger:targetQuantity [ a qudt:QuantityValue ; qudt:numericValue 5 ; qudt:unit unit:YR ] ."),
    Case("comparator-symbol", "goals", "gersh:PerformanceTarget-comparator", "target:lso-1",
         edits=[("ger:comparator ger:AtLeast", 'ger:comparator ">="')]),
    Case("comparator-without-quantity", "goals", "gersh:ComparedTarget-targetQuantity", "target:lso-1",
         edits=[('    ger:targetQuantity [ a qudt:QuantityValue ; qudt:numericValue "3"^^xsd:decimal ; qudt:unit unit:NUM ] ;\n', "")]),
    Case("quantity-stray-property", "goals", "gersh:QuantityValueShape", ("target:lso-1", "ger:targetQuantity"),
         edits=[("qudt:unit unit:NUM ]", 'qudt:unit unit:NUM ; ger:targetText "three" ]')], component="ClosedConstraintComponent"),
    Case("quantity-in-words", "goals", "gersh:QuantityValue-numericValue", ("target:lso-1", "ger:targetQuantity"),
         edits=[('qudt:numericValue "3"^^xsd:decimal', 'qudt:numericValue "three"')]),
    Case("quantity-unit-string", "goals", "gersh:QuantityValue-unit", ("target:lso-1", "ger:targetQuantity"),
         edits=[("qudt:unit unit:NUM", 'qudt:unit "missions"')]),
    Case("quantity-unit-undeclared", "goals", "gersh:QuantityValue-unitDeclared", ("target:lso-1", "ger:targetQuantity"), W,
         edits=[("qudt:unit unit:NUM", "qudt:unit unit:MissionCount")]),
    Case("quantity-kind-string", "goals", "gersh:QuantityValue-hasQuantityKind", ("target:lso-1", "ger:targetQuantity"),
         edits=[("qudt:unit unit:NUM ]", 'qudt:unit unit:NUM ; qudt:hasQuantityKind "count" ]')]),
    Case("new-comparator", "goals", "gersh:ComparatorShape", "ger:Roughly",
         add='ger:Roughly a ger:Comparator ; rdfs:label "roughly"@en .', component="InConstraintComponent"),
    Case("principle-outside-scheme", "concepts", "gersh:ExplorationPrinciple-inScheme", "principle:openness",
         edits=[("    skos:inScheme scheme:misc ;\n    skos:definition", "    skos:definition")]),
    Case("benefit-outside-scheme", "concepts", "gersh:BenefitCategory-inScheme", "benefit:science",
         edits=[("    skos:inScheme scheme:misc ;\n    skos:scopeNote", "    skos:scopeNote")]),
    Case("theme-outside-scheme", "concepts", "gersh:ScienceTheme-inScheme", "theme:origins",
         edits=[("    skos:inScheme scheme:misc ;\n    dcterms:source doc:front .\nphase:1",
                 "    dcterms:source doc:front .\nphase:1")]),
    Case("phase-two-numbers", "concepts", "gersh:ScenarioPhase-phaseNumber", "phase:1",
         edits=[("ger:phaseNumber 1", "ger:phaseNumber 1 , 2")]),
    Case("phase-unnumbered", "concepts", "gersh:ScenarioPhase-phaseNumberGiven", "phase:1", W,
         edits=[("    ger:phaseNumber 1 ;\n", "")]),
    Case("area-outside-scheme", "technologies", "gersh:TechnologyArea-inScheme", "area:power",
         edits=[("    skos:inScheme scheme:areas ;\n    skos:topConceptOf", "    skos:topConceptOf")]),
    Case("technology-in-a-technology", "technologies", "gersh:Technology-inArea", "tech:fuel-cells",
         edits=[("ger:inArea area:power ;\n    skos:broader", "ger:inArea tech:batteries ;\n    skos:broader")]),
    Case("critical-technology-without-horizons", "technologies", "gersh:CriticalTechnology-horizons",
         "tech:batteries", W,
         edits=[('    ger:stateToday "ISS: lithium-ion" ;\n    ger:needMoon "Lunar night temperatures" ;\n    ger:needMars "Long life" ;\n', "")]),
    Case("two-states-today", "technologies", "gersh:CriticalTechnology-stateToday", "tech:batteries", W,
         add='tech:batteries ger:stateToday "Apollo: silver-zinc" .'),
    Case("two-moon-needs", "technologies", "gersh:CriticalTechnology-needMoon", "tech:batteries", W,
         add='tech:batteries ger:needMoon "Two weeks of darkness" .'),
    Case("two-mars-needs", "technologies", "gersh:CriticalTechnology-needMars", "tech:batteries", W,
         add='tech:batteries ger:needMars "Dust storms" .'),
    Case("critical-technology-without-area", "technologies", "gersh:CriticalTechnology-area", "tech:batteries", W,
         edits=[("    ger:inArea area:power ;\n    ger:stateToday", "    ger:stateToday")]),
    Case("trl-10", "technologies", "gersh:TechnologyReadinessLevelShape", "ger:TRL10",
         add='ger:TRL10 a ger:TechnologyReadinessLevel ; rdfs:label "TRL 10"@en .', component="InConstraintComponent"),
    Case("new-status", "lander-mission", "gersh:MissionStatusShape", "ger:Paused",
         add='ger:Paused a ger:MissionStatus ; rdfs:label "paused"@en .', component="InConstraintComponent"),
    Case("new-outcome", "lander-mission", "gersh:MissionOutcomeShape", "ger:Exploded",
         add='ger:Exploded a ger:MissionOutcome ; rdfs:label "exploded"@en .', component="InConstraintComponent"),
    Case("assessment-stray-property", "technologies", "gersh:TRLAssessmentShape", "assessment:batteries-2021",
         add="assessment:batteries-2021 ger:status ger:Completed .", component="ClosedConstraintComponent"),
    Case("assessment-no-label", "technologies", "gersh:TRLAssessment-label", "assessment:batteries-2021",
         edits=[('    rdfs:label "TRL of low-temperature batteries assessed by Alpha, 2021"@en ;\n', "")]),
    Case("assessment-of-nothing", "technologies", "gersh:TRLAssessment-assessedTechnology", "assessment:batteries-2021",
         edits=[("    ger:assessedTechnology tech:batteries ;\n", "")]),
    Case("assessment-of-two", "technologies", "gersh:TRLAssessment-assessedTechnology", "assessment:batteries-2021",
         edits=[("ger:assessedTechnology tech:batteries", "ger:assessedTechnology tech:batteries , tech:fuel-cells")]),
    Case("assessment-of-an-agency", "technologies", "gersh:TRLAssessment-assessedTechnology", "assessment:batteries-2021",
         edits=[("ger:assessedTechnology tech:batteries", "ger:assessedTechnology agency:alpha")]),
    Case("assessment-level-number", "technologies", "gersh:TRLAssessment-assessedLevel", "assessment:batteries-2021",
         edits=[("ger:assessedLevel ger:TRL6", "ger:assessedLevel 6")]),
    Case("assessment-level-10", "technologies", "gersh:TRLAssessment-assessedLevel", "assessment:batteries-2021",
         edits=[("ger:assessedLevel ger:TRL6", "ger:assessedLevel ger:TRL10")]),
    Case("assessment-no-level", "technologies", "gersh:TRLAssessment-assessedLevel", "assessment:batteries-2021",
         edits=[("    ger:assessedLevel ger:TRL6 ;\n", "")]),
    Case("assessment-no-assessor", "technologies", "gersh:TRLAssessment-assessor", "assessment:batteries-2021",
         edits=[("    ger:assessor agency:alpha ;\n", "")]),
    Case("assessment-undated", "technologies", "gersh:TRLAssessment-assessmentDate", "assessment:batteries-2021",
         edits=[('    ger:assessmentDate "2021"^^xsd:gYear ;\n', "")]),
    Case("assessment-two-dates", "technologies", "gersh:TRLAssessment-assessmentDate", "assessment:batteries-2021",
         edits=[('ger:assessmentDate "2021"^^xsd:gYear', 'ger:assessmentDate "2021"^^xsd:gYear , "2022"^^xsd:gYear')]),
    Case("assessment-no-basis", "technologies", "gersh:TRLAssessment-basis", "assessment:batteries-2021",
         edits=[('    ger:basis "Thermal vacuum test of a breadboard" ;\n', "")]),

    # --- 3. documents
    Case("document-no-label", "publications", "gersh:DocumentShape", "pub:strategy",
         edits=[('    rdfs:label "Beta exploration strategy"@en ;\n', "")], component="OrConstraintComponent"),
    Case("section-no-label", "membership", "gersh:DocumentShape", "doc:members",
         edits=[('    rdfs:label "Test roadmap, member list"@en ;\n', "")]),
    Case("document-two-labels", "publications", "gersh:Document-label", "pub:strategy",
         add='pub:strategy rdfs:label "Strategy"@en .'),
    Case("document-issued-twice", "publications", "gersh:Document-issued", "pub:strategy", W,
         edits=[('dcterms:issued "2022"^^xsd:gYear', 'dcterms:issued "2022"^^xsd:gYear , "2022-03"^^xsd:gYearMonth')]),
    Case("publication-two-editions", "publications", "gersh:Publication-edition", "pub:supplement",
         add="pub:supplement ger:edition 1 , 2 ."),
    Case("produced-by-destination", "publications", "gersh:Publication-producedBy", "pub:gap-assessment",
         edits=[("ger:producedBy orgn:test-group", "ger:producedBy dest:moon")]),
    Case("publication-two-status-dates", "publications", "gersh:Publication-statusDate", "pub:annual-report",
         edits=[('ger:statusDate "2021-03"^^xsd:gYearMonth', 'ger:statusDate "2021-03"^^xsd:gYearMonth , "2021-04"^^xsd:gYearMonth')]),
    Case("publication-without-publisher", "publications", "gersh:Publication-publisherGiven", "pub:technical-report", I,
         edits=[("    dcterms:publisher orgn:test-group ;\n    dcterms:source doc:front .\npub:strategy",
                 "    dcterms:source doc:front .\npub:strategy")]),
    Case("edition-without-number", "lander-mission", "gersh:RoadmapEdition-edition", "pub:test-doc", I),  # broken in CONTEXT
    Case("supplement-of-nothing", "publications", "gersh:RoadmapSupplement-supplements", "pub:supplement", I,
         edits=[("    dcterms:references pub:test-doc ;\n    dcterms:publisher orgn:test-group ;\n    dcterms:issued \"2020\"",
                 "    dcterms:publisher orgn:test-group ;\n    dcterms:issued \"2020\"")]),
    Case("summary-of-nothing", "publications", "gersh:ExecutiveSummary-summarises", "pub:summary", W,
         edits=[("    dcterms:isPartOf pub:test-doc ;\n", "")]),
    Case("annual-report-undated", "publications", "gersh:AnnualReport-issued", "pub:annual-report", I,
         edits=[('    dcterms:issued "2021-04"^^xsd:gYearMonth ;\n    ger:statusDate "2021-03"^^xsd:gYearMonth ;\n', "")]),
    Case("white-paper-about-nothing", "publications", "gersh:WhitePaper-topic", "pub:white-paper", I,
         edits=[("    ger:topic tech:ctx-tech ;\n    dcterms:publisher orgn:test-group ;\n    dcterms:source doc:front .\npub:gap",
                 "    dcterms:publisher orgn:test-group ;\n    dcterms:source doc:front .\npub:gap")]),
    Case("gap-assessment-of-nothing", "publications", "gersh:GapAssessmentReport-topic", "pub:gap-assessment", W,
         edits=[("    ger:topic tech:ctx-tech ;\n    ger:producedBy", "    ger:producedBy")]),
    Case("technical-report-by-nobody", "publications", "gersh:TechnicalReport-producer", "pub:technical-report", I,
         edits=[("    dcterms:publisher orgn:test-group ;\n    dcterms:source doc:front .\npub:strategy",
                 "    dcterms:source doc:front .\npub:strategy")]),
    Case("section-of-nothing", "membership", "gersh:Section-isPartOf", "doc:members",
         edits=[("    dcterms:isPartOf pub:test-doc ;\n", "")]),
    Case("section-two-status-dates", "membership", "gersh:Section-statusDate", "doc:members",
         edits=[('ger:statusDate "2021-03"^^xsd:gYearMonth', 'ger:statusDate "2021-03"^^xsd:gYearMonth , "2021-04"^^xsd:gYearMonth')]),
    Case("place-no-label", "activities", "gersh:Location-label", "facility:launch-site",
         edits=[('    rdfs:label "Test launch site"@en ;\n', "")]),
    Case("facility-also-destination", "activities", "gersh:AnalogueFacilityShape", "facility:test-facility",
         add="facility:test-facility a ger:Destination ."),
    Case("facility-nowhere", "activities", "gersh:AnalogueFacility-location", "facility:test-facility", I,
         edits=[('    ger:location "Cologne, Germany" ;\n    ger:leadAgency agency:alpha ;\n', "")]),

    # --- 3. the write log
    Case("write-stray-property", "write-log", "gersh:WriteShape", "write:w1",
         add="write:w1 dcterms:source doc:front .", component="ClosedConstraintComponent"),
    Case("write-no-label", "write-log", "gersh:Write-label", "write:w1",
         edits=[('    rdfs:label "SPARQL Update by alpha at 2026-01-01T00:00:01+00:00"@en ;\n', "")]),
    Case("write-by-nobody", "write-log", "gersh:Write-provider", "write:w1",
         edits=[("    prov:wasAssociatedWith provider:alpha ;\n", "")]),
    Case("write-ends-before-it-starts", "write-log", "gersh:Write-started", "write:w1",
         edits=[('prov:endedAtTime "2026-01-01T00:00:01+00:00"', 'prov:endedAtTime "2025-12-31T23:59:59+00:00"')], component="LessThanOrEqualsConstraintComponent"),
    Case("write-never-ended", "write-log", "gersh:Write-ended", "write:w1",
         edits=[('    prov:endedAtTime "2026-01-01T00:00:01+00:00"^^xsd:dateTime ;\n', "")]),
    Case("write-no-operation", "write-log", "gersh:Write-operation", "write:w1",
         edits=[('    ger:operation "SPARQL Update" ;\n', "")]),
    Case("write-negative-count", "write-log", "gersh:Write-triplesAdded", "write:w1",
         edits=[('ger:triplesAdded "3"^^xsd:nonNegativeInteger', "ger:triplesAdded -3")]),
    Case("write-removed-count-missing", "write-log", "gersh:Write-triplesRemoved", "write:w1",
         edits=[('    ger:triplesRemoved "0"^^xsd:nonNegativeInteger ;\n', "")]),
    Case("write-graph-string", "write-log", "gersh:Write-changedGraph", "write:w1",
         edits=[("ger:changedGraph <https://w3id.org/ger-kg/id/publication/test-doc>", 'ger:changedGraph "test-doc"')]),
    Case("provider-no-label", "write-log", "gersh:DataProvider-label", "provider:alpha",
         edits=[('a ger:DataProvider ;\n    rdfs:label "alpha" .', "a ger:DataProvider .")]),

    # --- 4. dates in order
    Case("landing-before-launch", "lander-mission", "gersh:AfterLaunch-notBeforeLaunch", "mission:lander",
         edits=[('ger:landingDate "2024-06"^^xsd:gYearMonth', 'ger:landingDate "2024-04"^^xsd:gYearMonth')]),
    Case("arrival-before-earliest-launch", "crewed-mission", "gersh:AfterLaunch-notBeforeLaunch", "mission:crewed",
         add='mission:crewed ger:arrivalDate "2024-12"^^xsd:gYearMonth .'),
    Case("end-before-launch", "crewed-mission", "gersh:AfterLaunch-notBeforeLaunch", "mission:crewed-precursor",
         edits=[('ger:endDate "2022-12-11"^^xsd:date', 'ger:endDate "2021"^^xsd:gYear')]),
    Case("return-before-landing", "sample-return", "gersh:AfterLaunch-returnAfterLanding", "mission:sample",
         edits=[('ger:returnDate "2020-12-17"^^xsd:date', 'ger:returnDate "2020-11-30"^^xsd:date')]),
    Case("launch-window-empty", "crewed-mission", "gersh:LaunchWindow-inOrder", "mission:crewed", W,
         edits=[('ger:launchNotAfter "2026"^^xsd:gYear', 'ger:launchNotAfter "2024-12"^^xsd:gYearMonth')]),
    Case("end-before-start", "activities", "gersh:EndAfterStart-inOrder", "campaign:analogue",
         edits=[('ger:endDate "2022-06-20"^^xsd:date', 'ger:endDate "2022-05"^^xsd:gYearMonth')]),
    Case("dissolved-before-formed", "organisations", "gersh:EndAfterStart-inOrder", "group:wg",
         edits=[('ger:dissolved "2015-06"^^xsd:gYearMonth', 'ger:dissolved "2009"^^xsd:gYear')]),
]

# Cases whose break is in CONTEXT (shared by every example): the edit is made there.
_CONTEXT_BREAKS = {
    "space-agency-no-country": ("    ger:country country:betaland ;\n", ""),
    "edition-without-number": ("    ger:edition 1 ;\n", ""),
}

# What must NOT be reported: comparisons at different precisions, several launch dates from documents of
# different dates, a homepage without a label.
NEGATIVE_CASES = [
    Case("year-contains-the-landing-month", "lander-mission", "gersh:AfterLaunch-notBeforeLaunch", "mission:lander",
         edits=[('ger:landingDate "2024-06"^^xsd:gYearMonth', 'ger:landingDate "2024"^^xsd:gYear')]),
    Case("landing-after-an-earlier-launch-date", "lander-mission", "gersh:AfterLaunch-notBeforeLaunch", "mission:lander",
         edits=[('ger:launchDate "2024-05-03"^^xsd:date', 'ger:launchDate "2024-05-03"^^xsd:date , "2023"^^xsd:gYear'),
                ('ger:landingDate "2024-06"^^xsd:gYearMonth', 'ger:landingDate "2024-01"^^xsd:gYearMonth')]),
    Case("end-in-the-beginning-year", "membership", "gersh:IntervalOrder-endNotBeforeBeginning",
         "membership:alpha-interval",
         edits=[('ger:notBefore "2019"^^xsd:gYear ;\n    ger:notAfter "2020-12-31"^^xsd:date',
                 'time:inXSDDate "2019-06-01"^^xsd:date'),
                ('time:inXSDgYear "2023"^^xsd:gYear ;\n    ger:notBefore "2022"^^xsd:gYear', 'time:inXSDgYear "2019"^^xsd:gYear')]),
    Case("bounds-at-different-precision", "membership", "gersh:InstantBounds-inOrder", "membership:alpha-begin",
         edits=[('ger:notBefore "2019"^^xsd:gYear', 'ger:notBefore "2020-12"^^xsd:gYearMonth'),
                ('ger:notAfter "2020-12-31"^^xsd:date', 'ger:notAfter "2020"^^xsd:gYear')]),
    Case("homepage-needs-no-label", "organisations", "gersh:DocumentShape", "https://www.alpha.example/",
         add="<https://www.alpha.example/> a foaf:Document ."),
    Case("link-to-a-resource-described-elsewhere", "lander-mission", "gersh:Org-leadAgency", "mission:lander",
         edits=[("ger:leadAgency agency:alpha", "ger:leadAgency agency:described-in-another-graph")]),
    Case("contribution-by-another-agency", "contribution", "gersh:ContributionLead-notByLead",
         "contribution:host--beta", W),
]


def case_text(case: Case) -> str:
    if case.id in _CONTEXT_BREAKS:
        old, new = _CONTEXT_BREAKS[case.id]
        assert old in CONTEXT
        return CONTEXT.replace(old, new, 1) + BASES[case.base] + case.add
    return case.text()


def case_data(case: Case, ontology: Graph, context: Graph) -> Graph:
    """The broken example on a graph of its own, with the ontology (and the shared CONTEXT, parsed once)."""
    if case.id in _CONTEXT_BREAKS:
        return data_graph(case_text(case), ontology)
    g = Graph()
    for t in context:
        g.add(t)
    g.parse(data=PREFIXES + case.text()[len(CONTEXT):], format="turtle")
    return g


#################################################################
# Fixtures and helpers
#################################################################

@pytest.fixture(scope="module")
def shapes() -> Graph:
    return validation.load_shapes([SHAPES_FILE])


SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """What of the ontology the shapes look at: the class hierarchy, and the individuals it defines (technology
    readiness levels, statuses, outcomes, comparators, their schemes, units), with the one OWL 2 RL inference
    they need (skos:prefLabel is a sub-property of rdfs:label). The declarations of the classes and properties
    are left out: validating their annotations in every case would only make the cases slow."""
    full = Graph()
    for path in sources.ontology_files(ROOT):
        full.parse(path, format="turtle")
    schema_kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.Ontology,
                    OWL.FunctionalProperty, OWL.TransitiveProperty, RDFS.Datatype, RDFS.Class, RDF.Property}
    g = Graph()
    for t in full.triples((None, RDFS.subClassOf, None)):
        g.add(t)
    for s in set(full.subjects(RDF.type, None)):
        if isinstance(s, URIRef) and not set(full.objects(s, RDF.type)) & schema_kinds:
            for t in full.triples((s, None, None)):
                g.add(t)
            for label in full.objects(s, SKOS.prefLabel):
                g.add((s, RDFS.label, label))
    return g


@pytest.fixture(scope="module")
def full_ontology() -> Graph:
    g = Graph()
    for path in sources.ontology_files(ROOT):
        g.parse(path, format="turtle")
    return g


TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


def targeted_shapes(shapes: Graph) -> set:
    """The named shapes that select focus nodes of their own: node shapes, and the property shapes of section 2."""
    return {s for p in TARGETS for s in shapes.subjects(p, None) if isinstance(s, URIRef)}


@pytest.fixture(scope="module")
def node_shape_of(shapes):
    """The shape with targets that each named shape or SPARQL constraint is validated through."""
    owner = {}
    for top in targeted_shapes(shapes):
        owner[top] = top
        for p in (SH.property, SH.sparql):
            for part in shapes.objects(top, p):
                owner.setdefault(part, top)
    return owner


def _closure(g: Graph, node, out: Graph, seen: set):
    if node in seen:
        return
    seen.add(node)
    for s, p, o in g.triples((node, None, None)):
        out.add((s, p, o))
        if isinstance(o, BNode) or p in (SH.property, SH.sparql, SH.prefixes):
            _closure(g, o, out, seen)


@pytest.fixture(scope="module")
def shape_subset(shapes):
    """One node shape with its property shapes, SPARQL constraints and prefix declarations, as a shapes graph."""
    cache = {}

    def get(node_shape: URIRef) -> Graph:
        if node_shape not in cache:
            out, seen = Graph(), set()
            _closure(shapes, node_shape, out, seen)
            _closure(shapes, SHAPES_IRI, out, seen)
            cache[node_shape] = out
        return cache[node_shape]
    return get


@pytest.fixture(scope="module")
def context(ontology) -> Graph:
    return data_graph(CONTEXT, ontology)


def check(data: Graph, shapes_graph: Graph) -> Graph:
    """Validate a graph made for one case (in place: it is thrown away afterwards); the report graph."""
    _, report_graph, _ = pyshacl.validate(data, shacl_graph=shapes_graph, advanced=True, allow_warnings=True,
                                          inplace=True)
    return report_graph


def results(report_graph: Graph):
    """(focus, severity, source shape, source constraint, component) of every result of a report."""
    for r in report_graph.subjects(RDF.type, SH.ValidationResult):
        yield (report_graph.value(r, SH.focusNode), report_graph.value(r, SH.resultSeverity),
               report_graph.value(r, SH.sourceShape), report_graph.value(r, SH.sourceConstraint),
               report_graph.value(r, SH.sourceConstraintComponent))


def data_graph(text: str, ontology: Graph) -> Graph:
    """The example with the ontology (the build validates them together: the vocabularies' concepts and units
    are instances that pyshacl's ont_graph would not mix in)."""
    g = Graph()
    for t in ontology:
        g.add(t)
    g.parse(data=PREFIXES + text, format="turtle")
    return g


def focus_node(case: Case, data: Graph):
    if isinstance(case.focus, tuple):
        subject, predicate = case.focus
        node = data.value(iri(subject), iri(predicate))
        assert node is not None, f"{case.id}: no {predicate} on {subject}"
        return node
    return iri(case.focus)


def reported(report_graph: Graph, focus, shape: URIRef, severity: URIRef | None = None,
             component: URIRef | None = None) -> bool:
    return any(f == focus and (severity is None or sev == severity) and shape in (src, constraint)
               and (component is None or comp == component)
               for f, sev, src, constraint, comp in results(report_graph))


def expected_component(case: Case, shapes: Graph) -> URIRef | None:
    if case.component:
        return SH[case.component]
    if (iri(case.shape), RDF.type, SH.SPARQLConstraint) in shapes:
        return SH.SPARQLConstraintComponent
    return None


@pytest.fixture(scope="module")
def base_report(shapes, ontology):
    """All valid examples together, validated against all the shapes."""
    return validation.validate(data_graph(CONTEXT + "".join(BASES.values()), ontology), shapes)


#################################################################
# The valid examples, and the cases
#################################################################

def test_valid_examples_give_no_result_at_all(base_report):
    found = sorted(f"{sev.split('#')[-1]} {src or ''} {constraint or ''} on {focus}"
                   for focus, sev, src, constraint, _ in results(base_report.graph))
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_shape_reports_the_break(case, shapes, ontology, context, node_shape_of, shape_subset, base_report):
    shape = iri(case.shape)
    assert shape in node_shape_of, f"{case.shape} is not a named shape or constraint of a node shape"
    data = case_data(case, ontology, context)
    focus = focus_node(case, data)
    report = check(data, shape_subset(node_shape_of[shape]))
    severity = SH[case.severity]
    assert reported(report, focus, shape, severity, expected_component(case, shapes)), (
        f"{case.shape} did not report sh:{case.severity} on {focus}:\n{report.serialize(format='turtle')}")
    if not isinstance(focus, BNode):
        assert not reported(base_report.graph, focus, shape), f"{case.shape} already reports on the valid example"


@pytest.mark.parametrize("case", NEGATIVE_CASES, ids=lambda c: c.id)
def test_shape_does_not_report(case, ontology, context, node_shape_of, shape_subset):
    shape = iri(case.shape)
    data = case_data(case, ontology, context)
    report = check(data, shape_subset(node_shape_of[shape]))
    assert not reported(report, focus_node(case, data), shape), report.serialize(format="turtle")


def test_messages_are_filled_in(shapes, ontology, shape_subset, node_shape_of):
    """SPARQL messages name the values they are about ({?var} placeholders are filled in)."""
    case = next(c for c in CASES if c.id == "landing-before-launch")
    data = data_graph(case_text(case), ontology)
    report = validation.validate(data, shape_subset(node_shape_of[iri(case.shape)]))
    messages = [str(m) for m in report.graph.objects(None, SH.resultMessage)]
    assert any("2024-04" in m and "2024-05-03" in m for m in messages), messages
    assert not any("{?" in m for m in messages), messages


#################################################################
# Coverage of the shapes, the ontology and the data
#################################################################

def test_every_shape_and_sparql_constraint_has_a_case(shapes, node_shape_of):
    """Every node shape, every property shape with a target of its own, every SPARQL constraint."""
    covered_shapes = {node_shape_of[iri(c.shape)] for c in CASES}
    covered = {iri(c.shape) for c in CASES}
    node_shapes = {s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
    constraints = set(shapes.subjects(RDF.type, SH.SPARQLConstraint))
    assert sorted(node_shapes - covered_shapes) == []
    assert sorted(targeted_shapes(shapes) - covered_shapes) == []
    assert sorted(constraints - covered) == []


def _paths(shapes: Graph, node):
    if isinstance(node, URIRef):
        yield node
    elif isinstance(node, BNode):
        for key in (SH.alternativePath, SH.inversePath, SH.oneOrMorePath, SH.zeroOrMorePath, SH.zeroOrOnePath):
            value = shapes.value(node, key)
            if value is None:
                continue
            parts = Collection(shapes, value) if key == SH.alternativePath else [value]
            for part in parts:
                yield from _paths(shapes, part)


def _constrained_properties(shapes: Graph) -> set:
    return {p for path in shapes.objects(None, SH.path) for p in _paths(shapes, path)}


def _targeted_classes(shapes: Graph) -> set:
    return set(shapes.objects(None, SH.targetClass))


def _ontology_terms(ontology: Graph, kinds) -> set:
    return {t for kind in kinds for t in ontology.subjects(RDF.type, kind)
            if isinstance(t, URIRef) and str(t).startswith(str(GER))}


def test_every_class_of_the_ontology_has_a_shape(shapes, full_ontology):
    targeted = _targeted_classes(shapes)
    classes = _ontology_terms(full_ontology, [OWL.Class])
    missing = [c for c in classes if c not in targeted]
    assert sorted(missing) == []


def test_every_property_of_the_ontology_is_constrained(shapes, full_ontology):
    properties = _ontology_terms(full_ontology, [OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty])
    assert sorted(properties - _constrained_properties(shapes)) == []


@pytest.fixture(scope="module")
def source_data() -> Graph:
    """What the source documents state (the named graphs of graph/, without the ontology and inferences)."""
    ds = build.load_sources(ROOT, Base())
    g = Graph()
    for ctx in ds.graphs():
        if str(ctx.identifier) != ONTOLOGY_IRI:
            for t in ctx:
                g.add(t)
    return g


def test_every_class_the_data_uses_has_a_shape(shapes, full_ontology, source_data):
    targeted = _targeted_classes(shapes)
    missing = []
    for cls in set(source_data.objects(None, RDF.type)):
        if not targeted & set(full_ontology.transitive_objects(cls, RDFS.subClassOf)):
            missing.append(cls)
    assert sorted(missing) == []


def test_every_property_the_data_uses_is_constrained(shapes, source_data):
    used = set(source_data.predicates())
    assert sorted(used - _constrained_properties(shapes)) == []


def test_every_shape_says_what_to_do_and_how_bad_it_is(shapes):
    """Property shapes and node-level constraints carry sh:message and a deliberate sh:severity; a node shape
    that holds SPARQL constraints has a severity and no message of its own (each constraint has one)."""
    problems = []
    node_level = (SH["not"], SH["or"], SH["and"], SH.xone, SH.closed, SH["in"], SH.pattern, SH.nodeKind)
    for ps in set(shapes.subjects(RDF.type, SH.PropertyShape)):
        if not shapes.value(ps, SH.message) or shapes.value(ps, SH.severity) is None:
            problems.append(f"{ps}: property shape without sh:message or sh:severity")
    for ns in set(shapes.subjects(RDF.type, SH.NodeShape)):
        if not isinstance(ns, URIRef):
            continue
        own = any((ns, p, None) in shapes for p in node_level)
        if own and (not shapes.value(ns, SH.message) or shapes.value(ns, SH.severity) is None):
            problems.append(f"{ns}: node-level constraint without sh:message or sh:severity")
        if (ns, SH.sparql, None) in shapes:
            if shapes.value(ns, SH.severity) is None:
                problems.append(f"{ns}: SPARQL rules without sh:severity")
            if own or shapes.value(ns, SH.message):
                problems.append(f"{ns}: SPARQL rules share a node shape with other messages")
    for c in set(shapes.subjects(RDF.type, SH.SPARQLConstraint)):
        if not shapes.value(c, SH.message) or not shapes.value(c, SH.select):
            problems.append(f"{c}: SPARQL constraint without sh:message or sh:select")
    for sev in set(shapes.objects(None, SH.severity)):
        if sev not in (SH.Violation, SH.Warning, SH.Info):
            problems.append(f"unknown severity {sev}")
    assert problems == []


#################################################################
# The real built data
#################################################################

def test_built_data_conforms(built):
    """The build validates the union of all graphs and their inferences, and refuses violations."""
    assert built.conforms and built.violations == 0


@pytest.fixture(scope="module")
def built_data(built) -> Graph:
    ds = Dataset()
    ds.parse(built.path, format="nquads")
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def _neighbourhood(data: Graph, focus, depth: int = 3) -> Graph:
    """What the shapes can look at from focus: its links out to depth, links in, and the types of all."""
    out, frontier, seen = Graph(), {focus}, set()
    for _ in range(depth + 1):
        following = set()
        for node in frontier - seen:
            seen.add(node)
            for t in data.triples((node, None, None)):
                out.add(t)
                if not isinstance(t[2], Literal):
                    following.add(t[2])
        frontier = following
    for t in data.triples((None, None, focus)):
        out.add(t)
    for node in {n for s, _, o in list(out) for n in (s, o) if not isinstance(n, Literal)}:
        for t in data.triples((node, RDF.type, None)):
            out.add(t)
    return out


def _pick(data: Graph, query: str):
    rows = list(data.query(PREFIXES.replace("@prefix", "PREFIX").replace(" .\n", "\n") + query))
    assert rows, "the built data no longer has what this case corrupts: pick another query for it"
    return rows[0]


REAL_CASES = {
    "mission-lands-before-launch": (
        "SELECT ?this ?launch WHERE { ?this a ger:Mission ; ger:launchDate ?launch . "
        "FILTER (DATATYPE(?launch) = xsd:date) } ORDER BY ?this",
        lambda g, row: g.add((row[0], GER.landingDate, Literal("1990-01-01", datatype=URIRef(str(XSD) + "date")))),
        "gersh:AfterLaunch-notBeforeLaunch"),
    "mission-loses-its-label": (
        "SELECT ?this WHERE { ?this a ger:Mission ; rdfs:label ?l . } ORDER BY ?this",
        lambda g, row: g.remove((row[0], RDFS.label, None)),
        "gersh:Mission-label"),
    "contribution-gets-a-second-contributor": (
        "SELECT ?this WHERE { ?this a ger:Contribution . } ORDER BY ?this",
        lambda g, row: g.add((row[0], GER.contributor, URIRef(DEFAULT_BASE + "/agency/someone-else"))),
        "gersh:Contribution-contributor"),
    "instant-bounds-cross": (
        "SELECT ?this ?upper WHERE { ?this a time:Instant ; ger:notAfter ?upper . } ORDER BY ?this",
        lambda g, row: g.add((row[0], GER.notBefore, Literal("2999", datatype=URIRef(str(XSD) + "gYear")))),
        "gersh:InstantBounds-inOrder"),
    "target-loses-its-text": (
        "SELECT ?this WHERE { ?this a ger:PerformanceTarget ; ger:targetText ?t . } ORDER BY ?this",
        lambda g, row: g.remove((row[0], GER.targetText, None)),
        "gersh:PerformanceTarget-targetText"),
    "contribution-gets-a-status": (
        "SELECT ?this WHERE { ?this a ger:Contribution . } ORDER BY DESC(?this)",
        lambda g, row: g.add((row[0], GER.status, GER.Planned)),
        "gersh:ContributionShape"),
}


@pytest.mark.parametrize("name", sorted(REAL_CASES))
def test_shape_reports_a_break_in_the_built_data(name, built_data, ontology, node_shape_of, shape_subset):
    query, corrupt, shape_curie = REAL_CASES[name]
    row = _pick(built_data, query)
    focus = row[0]
    shape = iri(shape_curie)
    shapes_graph = shape_subset(node_shape_of[shape])
    data = _neighbourhood(built_data, focus) + ontology
    before = validation.validate(data, shapes_graph)
    assert not reported(before.graph, focus, shape), before.text
    corrupt(data, row)
    after = validation.validate(data, shapes_graph)
    assert reported(after.graph, focus, shape, SH.Violation), after.text


ORG = Namespace("http://www.w3.org/ns/org#")

# Every class of the ontology that the built data has instances of: a property its instances must have, and the
# shape that reports a Violation when it is dropped (the most specific required property of the class).
REQUIRED = {
    "Achievement": (GER.feat, "gersh:Achievement-feat"), "AnalogueCampaign": (RDFS.label, "gersh:Campaign-label"),
    "AnalogueFacility": (RDFS.label, "gersh:Location-label"), "AnnualReport": (RDFS.label, "gersh:DocumentShape"),
    "BenefitCategory": (SKOS.inScheme, "gersh:BenefitCategory-inScheme"),
    "Campaign": (RDFS.label, "gersh:Campaign-label"), "CelestialBody": (RDFS.label, "gersh:Destination-label"),
    "Company": (RDFS.label, "gersh:Organization-label"), "Conference": (RDFS.label, "gersh:Event-label"),
    "Contribution": (GER.contributionTo, "gersh:Contribution-contributionTo"),
    "CoordinationGroup": (RDFS.label, "gersh:Organization-label"), "Country": (RDFS.label, "gersh:Country-label"),
    "CrewVehicle": (RDFS.label, "gersh:MissionElement-label"), "CrewedMission": (RDFS.label, "gersh:Mission-label"),
    "CriticalTechnology": (RDFS.label, "gersh:Concept-label"), "Destination": (RDFS.label, "gersh:Destination-label"),
    "EditionChange": (GER.newIn, "gersh:EditionChange-newIn"), "Event": (RDFS.label, "gersh:Event-label"),
    "ExecutiveSummary": (RDFS.label, "gersh:DocumentShape"),
    "ExplorationPrinciple": (SKOS.inScheme, "gersh:ExplorationPrinciple-inScheme"),
    "Feat": (SKOS.inScheme, "gersh:Feat-inScheme"), "GapAssessmentReport": (RDFS.label, "gersh:DocumentShape"),
    "Goal": (SKOS.inScheme, "gersh:Goal-inScheme"), "GovernmentOffice": (RDFS.label, "gersh:Organization-label"),
    "ISECGMembership": (ORG.member, "gersh:Membership-member"),
    "Instrument": (RDFS.label, "gersh:MissionElement-label"),
    "InternationalBody": (RDFS.label, "gersh:Organization-label"), "Lander": (RDFS.label, "gersh:MissionElement-label"),
    "LanderMission": (RDFS.label, "gersh:Mission-label"), "LaunchVehicle": (RDFS.label, "gersh:MissionElement-label"),
    "LunarSurfaceObjective": (RDFS.label, "gersh:Concept-label"), "Meeting": (RDFS.label, "gersh:Event-label"),
    "Mission": (RDFS.label, "gersh:Mission-label"), "MissionElement": (RDFS.label, "gersh:MissionElement-label"),
    "Objective": (RDFS.label, "gersh:Concept-label"), "Orbit": (RDFS.label, "gersh:Destination-label"),
    "Orbiter": (RDFS.label, "gersh:MissionElement-label"), "OrbiterMission": (RDFS.label, "gersh:Mission-label"),
    "PerformanceTarget": (GER.targetText, "gersh:PerformanceTarget-targetText"),
    "Programme": (RDFS.label, "gersh:Programme-label"), "Publication": (RDFS.label, "gersh:DocumentShape"),
    "Requirement": (GER.rationale, "gersh:Requirement-rationale"),
    "ResearchArea": (SKOS.inScheme, "gersh:ResearchArea-inScheme"),
    "ResearchInstitute": (RDFS.label, "gersh:Organization-label"), "RoadmapEdition": (RDFS.label, "gersh:DocumentShape"),
    "RoadmapSupplement": (RDFS.label, "gersh:DocumentShape"), "RoboticMission": (RDFS.label, "gersh:Mission-label"),
    "RoboticSystem": (RDFS.label, "gersh:MissionElement-label"), "Rover": (RDFS.label, "gersh:MissionElement-label"),
    "RoverMission": (RDFS.label, "gersh:Mission-label"), "SampleReturnMission": (RDFS.label, "gersh:Mission-label"),
    "ScenarioPhase": (RDFS.label, "gersh:Concept-label"), "ScienceTheme": (SKOS.inScheme, "gersh:ScienceTheme-inScheme"),
    "Section": (URIRef("http://purl.org/dc/terms/isPartOf"), "gersh:Section-isPartOf"),
    "Service": (RDFS.label, "gersh:Service-label"), "SpaceAgency": (RDFS.label, "gersh:Organization-label"),
    "Spacecraft": (RDFS.label, "gersh:MissionElement-label"),
    "SpinOffTechnology": (GER.appliedIn, "gersh:SpinOffTechnology-appliedIn"),
    "Station": (RDFS.label, "gersh:MissionElement-label"), "StationModule": (RDFS.label, "gersh:MissionElement-label"),
    "SurfaceRegion": (RDFS.label, "gersh:Destination-label"), "SurfaceSystem": (RDFS.label, "gersh:MissionElement-label"),
    "Team": (RDFS.label, "gersh:Organization-label"), "TechnicalReport": (RDFS.label, "gersh:DocumentShape"),
    "Technology": (RDFS.label, "gersh:Concept-label"), "TechnologyArea": (SKOS.inScheme, "gersh:TechnologyArea-inScheme"),
    "TechnologyDemonstrationMission": (RDFS.label, "gersh:Mission-label"),
    "TermOfOffice": (ORG.role, "gersh:TermOfOffice-role"), "University": (RDFS.label, "gersh:Organization-label"),
    "WhitePaper": (RDFS.label, "gersh:DocumentShape"), "WorkingGroup": (RDFS.label, "gersh:Organization-label"),
    "Workshop": (RDFS.label, "gersh:Event-label"),
}


def _classes_with_instances(data: Graph) -> set:
    return {str(c)[len(str(GER)):] for s, c in data.subject_objects(RDF.type)
            if str(c).startswith(str(GER)) and str(s).startswith(DEFAULT_BASE)}


def test_every_class_with_instances_has_a_required_property(built_data):
    assert sorted(_classes_with_instances(built_data) - set(REQUIRED)) == []


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_dropping_a_required_property_is_a_violation(name, built_data, ontology, node_shape_of, shape_subset):
    """One instance of the class (the first by IRI) loses the property: the class's shape reports a Violation.
    REQUIRED also lists the new classes that only some documents use (terms of office, requirements)."""
    prop, shape_curie = REQUIRED[name]
    instances = sorted(s for s in built_data.subjects(RDF.type, GER[name])
                       if str(s).startswith(DEFAULT_BASE) and (s, prop, None) in built_data)
    if not instances:  # a class of the model that no document has instances of yet: its synthetic case stands in
        assert any(iri(c.shape) == iri(shape_curie) for c in CASES), f"no ger:{name} in the data and no case"
        return
    focus, shape = instances[0], iri(shape_curie)
    data = _neighbourhood(built_data, focus, depth=1) + ontology
    data.remove((focus, prop, None))
    after = validation.validate(data, shape_subset(node_shape_of[shape]))
    assert reported(after.graph, focus, shape, SH.Violation), after.text


def test_no_two_terms_share_an_english_label(full_ontology):
    """OBO's duplicate-label check: each class, property and concept of the ontology has a label of its own."""
    by_label = {}
    for term in {s for s in full_ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(str(GER))}:
        for p in (RDFS.label, SKOS.prefLabel):
            for label in full_ontology.objects(term, p):
                if getattr(label, "language", None) == "en":
                    by_label.setdefault(str(label).lower(), set()).add(term)
    assert {k: sorted(v) for k, v in by_label.items() if len(v) > 1} == {}


def test_prepared_sparql_is_reused_with_other_bindings():
    """The shapes' SPARQL is parsed once (gerkg.shacl.prepared); a prepared query evaluated again with other
    bindings answers for those bindings, not the first ones."""
    from rdflib import Graph, URIRef

    from gerkg.shacl import prepared
    prepared.install()
    g = Graph().parse(data="<http://e/a> <http://e/p> 1 . <http://e/b> <http://e/p> 2 .", format="turtle")
    text = "SELECT ?v WHERE { $this <http://e/p> ?v }"
    prepared._translated.cache_clear()
    answers = [[int(r[0]) for r in g.query(text, initBindings={"this": URIRef(f"http://e/{n}")})] for n in "ab"]
    assert answers == [[1], [2]]
    assert prepared._translated.cache_info().hits == 1
