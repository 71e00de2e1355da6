"""`ger validate`, the validator CI pipelines run: exit codes, report formats, parse errors with their
position, the partner's data checked together with the GER graph, extra shapes, inference."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rdflib

GER = str(Path(sys.executable).parent / "ger")
PARTNER = Path(__file__).parent / "data" / "partner"
ROOT = Path(__file__).resolve().parents[1]


def validate(*args):
    return subprocess.run([GER, "validate", *map(str, args)], capture_output=True, text=True, timeout=300)


def test_partner_data_with_its_alignment_conforms(built):
    result = validate(PARTNER / "missions.ttl", PARTNER / "alignment.ttl", "--inference", "owlrl")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "violation" not in result.stdout.splitlines()[0].lower()  # warnings and advice may remain


def test_broken_partner_data_is_explained_grouped_by_focus_node(built):
    result = validate(PARTNER / "broken.ttl", PARTNER / "alignment.ttl", "--inference", "owlrl")
    assert result.returncode == 1
    out = result.stdout
    nameless = out.index("https://example.org/esa-example/nameless")
    assert "broken.ttl" in out[nameless:nameless + 300]  # the file that defines the node
    assert "no-such-agency" in out  # a link to an agency GER-KG does not know
    assert "Violation" in out and "label" in out.lower()
    assert "https://example.org/esa-example/backwards" in out  # landing before launch


def test_only_the_providers_nodes_are_reported(built):
    # Validated together with the GER graph, the report speaks of what the files describe: the GER graph's
    # own warnings and advice are not the provider's to fix and must not fail the provider's CI.
    result = validate(PARTNER / "missions.ttl", PARTNER / "alignment.ttl", "--inference", "owlrl", "--report", "json")
    described = {str(s) for path in ("missions.ttl", "alignment.ttl")
                 for s in rdflib.Graph().parse(PARTNER / path).subjects()}
    focus = {r["focus"] for r in json.loads(result.stdout)["results"]}
    assert focus and focus <= described


def test_our_own_graph_conforms(built):
    result = validate(*sorted(p for p in (ROOT / "graph").glob("*/") if p.name != "queries"), "--alone",
                      "--inference", "owlrl")
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.parametrize("report,check", [
    ("json", lambda out: json.loads(out)["conforms"] is False and json.loads(out)["violations"] > 0),
    ("turtle", lambda out: (None, rdflib.URIRef("http://www.w3.org/ns/shacl#conforms"), rdflib.Literal(False))
     in rdflib.Graph().parse(data=out, format="turtle")),
    ("jsonld", lambda out: len(rdflib.Graph().parse(data=out, format="json-ld")) > 5),
])
def test_report_formats(built, report, check):
    result = validate(PARTNER / "broken.ttl", PARTNER / "alignment.ttl", "--inference", "owlrl",
                      "--report", report)
    assert result.returncode == 1
    assert check(result.stdout)


def test_junit_report_has_a_case_per_shape_and_focus_node(built, tmp_path):
    target = tmp_path / "report.xml"
    result = validate(PARTNER / "broken.ttl", PARTNER / "alignment.ttl", "--inference", "owlrl",
                      "--report", "junit", "-o", target)
    assert result.returncode == 1
    suite = ET.parse(target).getroot()
    cases = suite.findall("testcase")
    assert int(suite.get("tests")) == len(cases) > int(suite.get("failures")) > 0
    failed = {c.get("name") for c in cases if c.find("failure") is not None}
    assert "https://example.org/esa-example/nameless" in failed
    assert "https://example.org/esa-example/catalogue" not in failed


def test_warnings_fail_only_with_strict(built, tmp_path):
    data = tmp_path / "warn.ttl"
    # A sample return mission without a destination is suspicious (a warning), not wrong.
    data.write_text("""
@prefix ger: <https://w3id.org/ger-kg/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://example.org/m> a ger:SampleReturnMission, ger:RoboticMission ; rdfs:label "Example Return"@en ;
    dcterms:source <https://example.org/m> .
""")
    lenient = validate(data)
    strict = validate(data, "--strict")
    assert lenient.returncode == 0, lenient.stdout
    assert "Warning" in lenient.stdout
    assert strict.returncode == 1


@pytest.mark.parametrize("content,suffix,where", [
    ("@prefix ex: <http://e/> .\n\nex:a ex:b ex:c ;\n   ex:d \"unterminated .\n", ".ttl", "line 4"),
    ("<http://e/a> <http://e/b> .\n", ".nt", "line 1"),
    ('{"@id": "http://e/a", "http://e/b": [}', ".jsonld", "line 1"),
    ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<rdf:Description rdf:about="http://e/a">'
     '</rdf:RDF>', ".rdf", "line 2"),
])
def test_unreadable_input_exits_2_and_says_where(tmp_path, content, suffix, where):
    path = tmp_path / f"bad{suffix}"
    path.write_text(content)
    result = validate(path)
    assert result.returncode == 2
    assert str(path) in result.stderr and where in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_errors_exit_2(tmp_path):
    assert validate(tmp_path / "missing.ttl").returncode == 2
    assert validate("--report", "pdf", tmp_path).returncode == 2
    (tmp_path / "x.data").write_text("")
    assert validate(tmp_path / "x.data").returncode == 2


def test_format_option_and_folders(built, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "partner.txt").write_text((PARTNER / "missions.ttl").read_text())
    result = validate(tmp_path / "sub" / "partner.txt", PARTNER / "alignment.ttl", "--format", "ttl",
                      "--inference", "owlrl")
    assert result.returncode == 0, result.stdout
    (tmp_path / "folder").mkdir()
    for name in ("missions.ttl", "alignment.ttl"):
        (tmp_path / "folder" / name).write_text((PARTNER / name).read_text())
    assert validate(tmp_path / "folder", "--inference", "owlrl").returncode == 0


def test_extra_shapes_are_checked(built, tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text("""
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix schema: <https://schema.org/> .
<https://example.org/shapes#NeedsDescription> a sh:NodeShape ; sh:targetClass schema:SpaceMission ;
    sh:property [ sh:path schema:description ; sh:minCount 1 ; sh:message "Describe every mission." ] .
""")
    result = validate(PARTNER / "missions.ttl", PARTNER / "alignment.ttl", "--inference", "owlrl",
                      "--shapes", extra)
    assert result.returncode == 1 and "Describe every mission." in result.stdout


def test_pre_commit_hook_is_declared():
    text = (ROOT / ".pre-commit-hooks.yaml").read_text()
    assert "id: ger-validate" in text and "entry: ger validate" in text
