"""`make bench`: GER-KG side by side with a bare Flask + pyoxigraph endpoint, Oxigraph server and
rdflib-endpoint, on GER-shaped data of about 10k, 100k and 1M triples, over HTTP on 127.0.0.1.

Why: to know what the service costs on top of its store, how it scales, and whether it keeps its targets
(p50 within 1.2x and throughput within 0.8x of the bare endpoint, ahead of Oxigraph server, 30x rdflib).
Per scale and peer: load time until a trivial query answers, memory of the process tree, p50/p95/p99 per
query at concurrency 1 and the throughput of the whole mix at concurrency 8 (both with wrk), and the number
of results per query (a Python client), which must agree across peers. Also: the GER graph's cold build,
SHACL validation and warm start, and what the timeout and row cap cost.

Settings (environment):
  BENCH_SCALES=10k,100k,1M      BENCH_PEERS=ger-kg,ger-kg-nolimits,bare,oxigraph,rdflib
  BENCH_QUICK=1                 10k only, ten competency questions, short runs, no GER graph timings
  BENCH_SECONDS=1               wrk run per query at c=1 (longer for slow queries)
  BENCH_MIX_SECONDS=5           wrk run of the mix at c=8, the median of BENCH_MIX_REPEAT=3 runs
                                (BENCH_SLOW_MIX_SECONDS=20, one run, for rdflib)
  BENCH_LIMIT=10                seconds a query may take; BENCH_SLOW_BUDGET=240: seconds rdflib gets per
                                scale to answer the mix once
  BENCH_WORKERS=2*cores  BENCH_SEED=1  BENCH_GER=0 (skip the GER graph timings)
  BENCH_WRITES=0                skip the write latencies (writes.py: 1, 100, 10,000 triples, valid and invalid)
  BENCH_PROFILE=1               py-spy profile of GER-KG under the c=8 mix
  BENCH_REPORT=build/bench/results.md
"""

from __future__ import annotations

import datetime
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import measure  # noqa: E402
import pages  # noqa: E402
import peers  # noqa: E402
import report  # noqa: E402
import writes  # noqa: E402

ROOT = HERE.parents[1]
OUT = ROOT / "build" / "bench"
QUICK = os.environ.get("BENCH_QUICK") == "1"
ENV = os.environ.get
SCALES = ENV("BENCH_SCALES", "10k" if QUICK else "10k,100k,1M").split(",")
PEERS = ENV("BENCH_PEERS", "ger-kg,bare,oxigraph,rdflib" if QUICK else ",".join(peers.PEERS)).split(",")
SEED = int(ENV("BENCH_SEED", "1"))
WORKERS = int(ENV("BENCH_WORKERS", str(2 * (os.cpu_count() or 1))))
SECONDS = int(ENV("BENCH_SECONDS", "1"))
MIX_SECONDS = int(ENV("BENCH_MIX_SECONDS", "2" if QUICK else "5"))
LIMIT = float(ENV("BENCH_LIMIT", "10"))
SLOW_BUDGET = float(ENV("BENCH_SLOW_BUDGET", "240"))
SLOW_MIX_SECONDS = int(ENV("BENCH_SLOW_MIX_SECONDS", "20"))
MIX_REPEAT = int(ENV("BENCH_MIX_REPEAT", "1" if QUICK else "3"))
GER_TIMINGS = ENV("BENCH_GER", "0" if QUICK else "1") != "0"
PROFILE = ENV("BENCH_PROFILE") == "1"
REPORT = Path(ENV("BENCH_REPORT", str(OUT / "results.md")))
READY_TIMEOUT = 900  # seconds a peer may take to load the largest scale


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def ger_bin() -> str:
    return str(Path(sys.executable).with_name("ger"))


def queries() -> list[measure.Query]:
    competency = measure.load_queries(ROOT / "graph" / "queries", "competency")
    researcher = measure.load_queries(HERE / "queries", "researcher")
    cap = measure.load_queries(HERE / "queries" / "cap", "cap")
    return (competency[:10] if QUICK else competency) + researcher + cap


def dataset(scale: str, ger_dataset: Path) -> tuple[Path, dict]:
    """The generated data for a scale, from the cache when the generator, seed and GER graph are unchanged."""
    key = {"scale": scale, "seed": SEED, "generator": _digest(HERE / "generate.py"), "ger": _digest(ger_dataset)}
    path = OUT / "data" / f"ger-{scale}-seed{SEED}.nq"
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists() and json.loads(meta.read_text()).get("key") == key:
        return path, json.loads(meta.read_text())["counts"]
    log(f"generating {scale} into {path}")
    started = time.perf_counter()
    counts = generate.generate(generate.parse_scale(scale), SEED, path, ger_dataset)
    counts["generate_s"] = time.perf_counter() - started
    meta.write_text(json.dumps({"key": key, "counts": counts}))
    return path, counts


def _digest(path: Path) -> str:
    import hashlib
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def run_peer(peer: peers.Peer, data: Path, scale: str, mix: list[measure.Query]) -> dict:
    def start(suffix=""):
        log(f"{scale} {peer.key}: starting{suffix}")
        return peers.start(peer, data, WORKERS, OUT / "logs" / f"{scale}-{peer.key}{suffix}.log", LIMIT, READY_TIMEOUT)
    server = start()
    try:
        row = {"load_s": server.load_seconds}
        log(f"{scale} {peer.key}: answering in {server.load_seconds:.1f} s; counting results")
        row["queries"] = count_results(server, peer, mix)
        if not peer.slow and any(q["note"] == "timeout" for q in row["queries"].values()):
            # A query past the time limit may still be running in the server and would take a core from
            # the measurements that follow: start the server afresh.
            server.stop()
            server = start(" again, after a timeout")
        log(f"{scale} {peer.key}: latency per query at c=1")
        requests = OUT / "requests" / peer.key
        for q in mix:
            rec = row["queries"].get(q.name)
            if rec and rec["count"] is not None:
                rec.update(latency(server.url, q, requests / f"{q.name}.tsv", rec["seconds"]))
        answered = [q for q in mix if q.group != "cap" and row["queries"].get(q.name, {}).get("count") is not None]
        log(f"{scale} {peer.key}: throughput of the mix ({len(answered)} queries) at c=8")
        mix_file = measure.requests_file(requests / "mix.tsv", answered)
        # The median of a few runs, so that a burst of other work on the machine does not decide the number.
        seconds, repeat = (max(MIX_SECONDS, SLOW_MIX_SECONDS), 1) if peer.slow else (MIX_SECONDS, MIX_REPEAT)
        runs = sorted((measure.wrk(server.url, mix_file, 8, seconds, LIMIT) for _ in range(repeat)),
                      key=lambda stats: stats["rps"])
        stats = runs[len(runs) // 2]
        row["mix"] = {"rps": stats["rps"], "requests": stats["requests"], "seconds": stats["duration_us"] / 1e6,
                      "errors": stats["errors"], "queries": len(answered), "runs": [r["rps"] for r in runs]}
        if PROFILE and peer.key == "ger-kg":
            row["profile"] = profile(server, mix_file, scale)
        row["rss_mb"], row["pss_mb"] = server.memory_mb()
    finally:
        server.stop()
    return row


def count_results(server: peers.Server, peer: peers.Peer, mix: list[measure.Query]) -> dict:
    """Each query once, with the time limit: how many results, how long; a slow peer has a time budget."""
    out = {}
    budget_end = time.monotonic() + SLOW_BUDGET if peer.slow else math.inf
    for q in mix:
        if peer.slow and q.group == "cap":
            continue
        if time.monotonic() > budget_end:
            out[q.name] = {"group": q.group, "count": None, "note": "skipped: time budget"}
            continue
        a = measure.answer(server.url, q, LIMIT)
        out[q.name] = {"group": q.group, "count": a.count, "seconds": a.seconds, "note": a.note}
        if peer.slow and a.note == "timeout":
            time.sleep(LIMIT + 10)  # until gunicorn has replaced the stuck worker, which drops queued requests
    return out


def latency(url: str, q: measure.Query, requests: Path, single_s: float) -> dict:
    """p50/p95/p99 of one query at c=1; a slow query runs longer so that wrk sees a few answers."""
    seconds = min(max(SECONDS, math.ceil(3 * single_s)), max(SECONDS, int(LIMIT)))
    stats = measure.wrk(url, measure.requests_file(requests, [q]), 1, seconds, LIMIT)
    errors = sum(stats["errors"].values())
    if stats["requests"] == 0:  # slower than the run: the one timed answer is all there is
        ms = single_s * 1000
        return {"p50_ms": ms, "p95_ms": ms, "p99_ms": ms, "samples": 1, "errors": errors}
    return {"p50_ms": stats["p50_us"] / 1000, "p95_ms": stats["p95_us"] / 1000, "p99_ms": stats["p99_us"] / 1000,
            "samples": stats["requests"], "errors": errors}


def profile(server: peers.Server, mix_file: Path, scale: str) -> dict | None:
    """Sample the service's processes with py-spy while wrk runs the mix at c=8; the top frames."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        log("py-spy is not installed: no profile")
        return None
    path = OUT / f"profile-{scale}.txt"
    proc = subprocess.Popen([spy, "record", "--pid", str(server.proc.pid), "--subprocesses", "--nonblocking",
                             "--format", "raw", "--rate", "200", "--duration", str(MIX_SECONDS + 1),
                             "--output", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    measure.wrk(server.url, mix_file, 8, MIX_SECONDS, LIMIT)
    proc.wait(60)
    if not path.exists():
        return None
    self_time, total, samples = Counter(), Counter(), 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [_frame(f) for f in stack.split(";") if not f.startswith(("process ", "thread "))]
        if not frames or not count.isdigit():
            continue
        n = int(count)
        samples += n
        self_time[frames[-1]] += n
        for f in set(frames):
            total[f] += n
    top = [(f, 100 * n / samples, 100 * total[f] / samples) for f, n in self_time.most_common(12)]
    top += [(f, 100 * self_time[f] / samples, 100 * n / samples) for f, n in total.most_common(40)
            if f not in dict(self_time.most_common(12)) and "gerkg" in f][:8]
    return {"path": str(path.relative_to(ROOT)), "samples": samples, "top": top}


def _frame(text: str) -> str:
    """'query (/…/gerkg/store.py:58)' -> 'query (gerkg/store.py)'."""
    m = re.match(r"(.*) \((.*?)(?::\d+)?\)$", text.strip())
    if not m:
        return text.strip()
    return f"{m.group(1)} ({'/'.join(Path(m.group(2)).parts[-2:])})"


def ger_graph() -> dict:
    """The GER graph itself: a cold build (parse, OWL 2 RL, SHACL, write) and a warm start of the service."""
    build_dir = OUT / "ger-build"
    env = {**os.environ, "GER_BUILD_DIR": str(build_dir)}
    log("GER graph: cold build")
    started = time.perf_counter()
    out = subprocess.run([ger_bin(), "build", "--force"], env=env, capture_output=True, text=True, check=True).stdout
    cold = time.perf_counter() - started
    steps = dict(re.findall(r"(\w+) ([\d.]+)", out.split("seconds:", 1)[1])) if "seconds:" in out else {}
    log("GER graph: warm start")

    def command(port, tmp):
        return [], [ger_bin(), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(WORKERS),
                    "--quiet"], {"GER_BUILD_DIR": str(build_dir), "GER_STATE_DIR": str(tmp)}

    def health(url):
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    with peers.Server(command, OUT / "logs" / "ger-warm.log", READY_TIMEOUT, "/health", health) as server:
        rss, pss = server.memory_mb()
        warm = server.load_seconds
        log("GER graph: pages")
        page_times = pages.measure(server.url.rsplit("/health", 1)[0])
    return {"cold_build_s": cold, "build_seconds": {k: float(v) for k, v in steps.items()},
            "warm_start_s": warm, "rss_mb": rss, "pss_mb": pss, "pages": page_times}


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk is not installed: `apt-get install wrk` (make bench does it)", file=sys.stderr)
        return 2
    started = datetime.datetime.now().isoformat(timespec="seconds")
    subprocess.run([ger_bin(), "build"], check=True, stdout=subprocess.DEVNULL)
    ger_dataset = Path(ENV("GER_BUILD_DIR", str(ROOT / "build"))) / "dataset.nq"
    mix = queries()
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    results = {"started": started, "commit": commit(), "config": {
        "machine": f"{os.cpu_count()} cores, {mem_gb:.0f} GB", "workers": WORKERS, "seconds": SECONDS,
        "mix_seconds": MIX_SECONDS, "mix_repeat": MIX_REPEAT, "limit_s": LIMIT, "seed": SEED, "scales": SCALES, "peers": PEERS,
        "command": " ".join(f"{k}={v}" for k, v in os.environ.items() if k.startswith("BENCH_")) + " make bench",
        "labels": {k: p.label for k, p in peers.PEERS.items()}}, "scales": []}
    if GER_TIMINGS:
        results["ger"] = ger_graph()
    if ENV("BENCH_WRITES", "1") != "0":
        log("writes: 1, 100, 10,000 triples")
        results["writes"] = writes.run(OUT / "logs")
    for scale in SCALES:
        data, counts = dataset(scale, ger_dataset)
        entry = {"scale": scale, "triples": counts["total"], "ger_triples": counts["ger"],
                 "synthetic": counts["synthetic"], "peers": {}}
        for key in PEERS:
            try:
                entry["peers"][key] = run_peer(peers.PEERS[key], data, scale, mix)
            except Exception as exc:  # one peer failing must not lose the others' numbers
                log(f"{scale} {key} failed: {exc}")
                entry["peers"][key] = {"error": str(exc)[:200]}
        results["scales"].append(entry)
        write(results)
    text = write(results)
    print(text)
    return 0


def commit() -> str:
    """The commit measured, and whether the service's code differs from it."""
    git = lambda *args: subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()  # noqa: E731
    return git("rev-parse", "--short", "HEAD") + (" (server/ modified)" if git("status", "--short", "server") else "")


def write(results: dict) -> str:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=1))
    text = report.markdown(results)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(text)
    return text


if __name__ == "__main__":
    sys.exit(main())
