"""The `ger` command line: every verb has --help, and build, query and dump work on the local graph."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

GER = str(Path(sys.executable).parent / "ger")


def run(*args, check=True):
    return subprocess.run([GER, *args], capture_output=True, text=True, timeout=300, check=check)


@pytest.mark.parametrize("verb", ["serve", "build", "query", "dump"])
def test_every_verb_has_help(verb):
    out = run(verb, "--help").stdout
    assert out.startswith("usage: ger " + verb)


def test_build_reports_graphs(built):
    out = run("build").stdout
    assert "triples" in out and "https://w3id.org/ger-kg/id/publication/ger-2024" in out


def test_query_prints_tsv_and_csv(built):
    out = run("query", "SELECT ?l WHERE { <https://w3id.org/ger-kg/id/agency/jaxa> "
                       "<http://www.w3.org/2000/01/rdf-schema#label> ?l }").stdout
    assert out.splitlines() == ["?l", '"Japan Aerospace Exploration Agency"@en']
    csv = run("query", "--format", "csv", "ASK { ?s ?p ?o }").stdout
    assert csv.split() == ["_askResult", "true"]


def test_query_syntax_error_exits_2(built):
    result = run("query", "SELECT WHERE", check=False)
    assert result.returncode == 2 and "syntax error" in result.stderr


def test_dump_writes_a_dataset(built, tmp_path):
    target = tmp_path / "ger.nq"
    run("dump", "--format", "nq", "-o", str(target))
    ds = rdflib.Dataset()
    ds.parse(target, format="nquads")
    assert sum(len(g) for g in ds.graphs()) > 7000
