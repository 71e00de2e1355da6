"""The benchmark report: markdown tables, ratios to the bare endpoint, result-count checks, target lines.

Why ratios: absolute times drift with the machine and its load; a peer's time divided by the bare
Flask + pyoxigraph endpoint's, measured in the same run on the same data, does much less.
"""

from __future__ import annotations

import math

import pages

REFERENCE = "bare"
TARGET_SCALES = ("100k", "1M")


def geomean(values) -> float | None:
    values = [v for v in values if v and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def p50_geomean(peer: dict, reference: dict, limit_ms: float) -> tuple[float | None, float | None, bool]:
    """(geometric mean of the per-query p50s over the mix, the same for the reference on the same queries,
    lower bound?). A query the peer did not answer in time (or skipped for its time budget) counts at the
    time limit, which makes the mean a lower bound (marked >=); one it refused (an error) is left out."""
    mine, theirs, bound = [], [], False
    for name, ref in reference["queries"].items():
        if ref.get("group") == "cap" or ref.get("p50_ms") is None:
            continue
        q = peer["queries"].get(name, {})
        if q.get("p50_ms") is None:
            if not q.get("note", "").startswith(("timeout", "skipped")):
                continue
            mine.append(limit_ms)
            bound = True
        else:
            mine.append(q["p50_ms"])
        theirs.append(ref["p50_ms"])
    return geomean(mine), geomean(theirs), bound


def _ratio(a, b) -> float | None:
    return a / b if a and b else None


def summary(scale: dict, limit_ms: float) -> dict[str, dict]:
    """Per peer: p50 geomean, ratio to the reference, throughput, its ratio."""
    peers = scale["peers"]
    ref = peers.get(REFERENCE)
    out = {}
    for key, peer in peers.items():
        mix = peer.get("mix", {})
        row = {"load_s": peer.get("load_s"), "rss_mb": peer.get("rss_mb"), "pss_mb": peer.get("pss_mb"),
               "rps": mix.get("rps") or None, "error": peer.get("error")}
        if mix and not mix.get("requests"):  # nothing finished during the run: fewer than one per run
            row["rps_below"] = 1 / mix.get("seconds", 1)
        row["answered"] = sum(1 for q in peer.get("queries", {}).values()
                              if q.get("group") != "cap" and q.get("count") is not None)
        row["asked"] = sum(1 for q in peer.get("queries", {}).values() if q.get("group") != "cap")
        if ref and "queries" in peer and "queries" in ref:
            gm, ref_gm, bound = p50_geomean(peer, ref, limit_ms)
            row.update(p50_gm=gm, p50_ratio=_ratio(gm, ref_gm), bound=bound,
                       rps_ratio=_ratio(row["rps"], ref.get("mix", {}).get("rps")))
        out[key] = row
    return out


def mismatches(scale: dict) -> list[str]:
    """Queries for which some peer returned another number of results than the reference peer."""
    peers = scale["peers"]
    ref = peers.get(REFERENCE, {}).get("queries", {})
    lines = []
    for name, r in ref.items():
        if r.get("group") == "cap" or r.get("count") is None:
            continue
        for key, peer in peers.items():
            q = peer.get("queries", {}).get(name)
            if q and q.get("count") is not None and q["count"] != r["count"]:
                lines.append(f"{name}: {key} returned {q['count']}, {REFERENCE} {r['count']}")
    return lines


def targets(scales: list[dict], limit_ms: float) -> list[str]:
    lines = []
    for scale in scales:
        if scale["scale"] not in TARGET_SCALES:
            continue
        s = summary(scale, limit_ms)
        ours, ox, rdf = s.get("ger-kg", {}), s.get("oxigraph", {}), s.get("rdflib", {})

        def line(ok, text):
            lines.append(f"{'n/a ' if ok is None else 'PASS' if ok else 'FAIL'}  {scale['scale']}: {text}")

        def fmt(v, spec=".2f"):
            return "-" if v is None else format(v, spec)
        r = ours.get("p50_ratio")
        line(None if r is None else r <= 1.2, f"GER-KG p50 geomean {fmt(r)}x the bare endpoint (target <= 1.2x)")
        r = ours.get("rps_ratio")
        line(None if r is None else r >= 0.8, f"GER-KG throughput at c=8 {fmt(r)}x the bare endpoint (target >= 0.8x)")
        a, b = ours.get("p50_gm"), ox.get("p50_gm")
        line(None if not (a and b) else a < b,
             f"GER-KG p50 geomean {fmt(a, '.2f')} ms vs Oxigraph server {fmt(b, '.2f')} ms (target: lower)")
        a, b = ours.get("rps"), ox.get("rps")
        line(None if not (a and b) else a > b,
             f"GER-KG throughput {fmt(a, '.0f')} req/s vs Oxigraph server {fmt(b, '.0f')} req/s (target: higher)")
        a, b = ours.get("p50_gm"), rdf.get("p50_gm")
        ratio = _ratio(b, a)
        line(None if ratio is None else ratio >= 30,
             f"rdflib-endpoint p50 geomean {'>=' if rdf.get('bound') else ''}{fmt(ratio, '.0f')}x GER-KG's (target >= 30x)")
        a, b = ours.get("rps"), rdf.get("rps") or rdf.get("rps_below")
        ratio = _ratio(a, b)
        line(None if ratio is None else ratio >= 30,
             f"GER-KG throughput {'>=' if rdf.get('rps_below') else ''}{fmt(ratio, '.0f')}x rdflib-endpoint's "
             "(target >= 30x; rdflib's mix holds only the queries it answered in time, which flatters it)")
    return lines


def _ms(v) -> str:
    if v is None:
        return "-"
    return f"{v:.1f}" if v >= 10 else f"{v:.2f}"


def markdown(results: dict) -> str:
    cfg = results["config"]
    limit_ms = cfg["limit_s"] * 1000
    out = ["# GER-KG benchmark", "",
           f"Run {results['started']} on {cfg['machine']}, commit {results.get('commit', '?')}; command: "
           f"`{cfg['command']}`.",
           f"Workers per Python peer: {cfg['workers']}; wrk: {cfg['seconds']} s per query at c=1, "
           f"{cfg['mix_seconds']} s for the mix at c=8 (median of {cfg.get('mix_repeat', 1)} runs); per-query time limit {cfg['limit_s']:g} s; seed "
           f"{cfg['seed']}. Latencies in ms. Ratios are to the bare Flask + pyoxigraph endpoint in the same run.",
           ""]
    goals = targets(results["scales"], limit_ms) or ["(no 100k or 1M scale in this run)"]
    out += ["## Targets", "", "```", *goals, "```", ""]
    ger = results.get("ger")
    if ger:
        out += ["## The GER graph", "",
                "| step | seconds |", "|---|---:|",
                f"| cold build, `ger build --force` (parse, OWL 2 RL, SHACL, write) | {ger['cold_build_s']:.1f} |",
                *[f"| &nbsp; of which {k} | {v:.1f} |" for k, v in ger.get("build_seconds", {}).items()],
                f"| full SHACL validation (the build's validate step) | {ger.get('build_seconds', {}).get('validate', float('nan')):.1f} |",
                f"| warm start, `ger serve` until /health answers (build cached) | {ger['warm_start_s']:.1f} |",
                "", f"Warm service memory: RSS {ger['rss_mb']:.0f} MB, PSS {ger['pss_mb']:.0f} MB "
                f"({cfg['workers']} workers).", ""]
        if ger.get("pages"):
            out += ["### Pages (one client; `tests/bench/pages.py`)", "", *pages.markdown(ger["pages"]), ""]
    if results.get("writes"):
        from writes import markdown as writes_markdown
        out += writes_markdown(results["writes"])
    for scale in results["scales"]:
        out += _scale(scale, cfg, limit_ms)
    return "\n".join(out) + "\n"


def _scale(scale: dict, cfg: dict, limit_ms: float) -> list[str]:
    peers, labels = scale["peers"], cfg["labels"]
    s = summary(scale, limit_ms)
    out = [f"## Scale {scale['scale']}: {scale['triples']:,} triples "
           f"({scale['ger_triples']:,} GER + {scale['synthetic']:,} synthetic)", "",
           "| peer | load s | RSS MB | PSS MB | p50 geomean | vs bare | c=8 req/s | vs bare | answered |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for key, row in s.items():
        if row.get("error"):
            out.append(f"| {labels[key]} | failed: {row['error']} |||||||| ")
            continue
        bound = ">=" if row.get("bound") else ""
        rps = f"<{row['rps_below']:.2f}" if row.get("rps_below") else _num(row["rps"], ".0f")
        out.append(f"| {labels[key]} | {_num(row['load_s'], '.1f')} | {_num(row['rss_mb'], '.0f')} | "
                   f"{_num(row['pss_mb'], '.0f')} | {bound}{_ms(row.get('p50_gm'))} | "
                   f"{bound}{_num(row.get('p50_ratio'), '.2f')}x | {rps} | "
                   f"{_num(row.get('rps_ratio'), '.2f')}x | {row['answered']}/{row['asked']} |")
    out.append("")
    failed = [f"- {labels[key]}, {name}: {q['note']}" for key, peer in peers.items()
              for name, q in peer.get("queries", {}).items() if q.get("count") is None and q.get("note")]
    if failed:
        out += ["Not answered (timeouts and skipped queries count at the time limit in the geomean, which is then a "
                "lower bound, >=; refused queries are left out):", "", *failed, ""]
    bad = mismatches(scale)
    out += ["Result counts: " + ("every peer returned the same number of results for every query it answered."
                                 if not bad else f"**{len(bad)} mismatch(es)**:"), ""]
    out += [f"- {line}" for line in bad] + ([""] if bad else [])
    out += _limits(scale, labels, limit_ms)
    keys = list(peers)
    out += ["Per query at c=1: p50 / p95 / p99 ms, and the number of results (rows, triples, or the ASK answer) "
            "from the bare endpoint; `!` marks a query for which some peer returned another number.", "",
            "| query | results | " + " | ".join(labels[k] for k in keys) + " |",
            "|---|---:|" + "---:|" * len(keys)]
    names = list(dict.fromkeys(name for peer in peers.values() for name in peer.get("queries", {})))
    flagged = {line.split(":")[0] for line in bad}
    for name in names:
        ref = peers.get(REFERENCE, {}).get("queries", {}).get(name, {})
        if ref.get("group") == "cap":
            continue
        cells = []
        for k in keys:
            q = peers[k].get("queries", {}).get(name, {})
            if q.get("p50_ms") is None:
                note = q.get("note") or "-"
                cells.append("error" if note.startswith(("HTTP", "error")) else note.split(":")[0])
            else:
                cells.append(f"{_ms(q['p50_ms'])} / {_ms(q['p95_ms'])} / {_ms(q['p99_ms'])}"
                             + (f" (n={q['samples']})" if q.get("samples", 99) < 5 else ""))
        out.append(f"| {name} | {ref.get('count', '-')}{' !' if name in flagged else ''} | " + " | ".join(cells) + " |")
    out.append("")
    for key, peer in peers.items():
        if peer.get("profile"):
            out += _profile(scale["scale"], labels[key], peer["profile"])
    return out


def _limits(scale: dict, labels: dict, limit_ms: float) -> list[str]:
    """What GER-KG's timeout and row cap cost: the mix with and without them, and a result past the cap."""
    peers = scale["peers"]
    if "ger-kg" not in peers or "ger-kg-nolimits" not in peers:
        return []
    out = ["The limits (30 s timeout, 10,000-row cap) stay in force. Their cost:", ""]
    gm, gm_free, _ = p50_geomean(peers["ger-kg"], peers["ger-kg-nolimits"], limit_ms)
    rps, rps_free = peers["ger-kg"].get("mix", {}).get("rps"), peers["ger-kg-nolimits"].get("mix", {}).get("rps")
    out.append(f"- on the mix, GER-KG with the defaults vs with a one-day timeout and a billion-row cap: p50 geomean "
               f"{_ms(gm)} vs {_ms(gm_free)} ms, throughput {_num(rps, '.0f')} vs {_num(rps_free, '.0f')} req/s.")
    for key, peer in peers.items():
        for name, q in peer.get("queries", {}).items():
            if q.get("group") == "cap" and q.get("p50_ms") is not None:
                out.append(f"- `{name}` on {labels[key]}: {q['count']} rows{' (truncated at the cap)' if q.get('note') == 'truncated' else ''}, "
                           f"p50 {_ms(q['p50_ms'])} ms, p95 {_ms(q['p95_ms'])} ms")
    return out + [""]


def _profile(scale: str, label: str, profile: dict) -> list[str]:
    out = [f"### Where {label} spends its time under the c=8 mix ({scale}, py-spy, {profile['samples']} samples)",
           "", f"Raw stacks: `{profile['path']}`.", "", "| function | self % | total % |", "|---|---:|---:|"]
    out += [f"| `{f}` | {s:.1f} | {t:.1f} |" for f, s, t in profile["top"]]
    return out + [""]


def _num(v, spec) -> str:
    return "-" if v is None else format(v, spec)


if __name__ == "__main__":  # re-render a saved run: python tests/bench/report.py build/bench/results.json
    import json
    import sys
    print(markdown(json.loads(open(sys.argv[1]).read())))
