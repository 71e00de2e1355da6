"""The servers the benchmark compares, and how to start, probe, weigh and stop each one.

Why: every peer is a real server on a free 127.0.0.1 port, started from the same N-Quads file, timed from
launch (including any separate load step) until it answers a trivial query, and weighed from /proc.

- ger-kg: our service, `ger serve --no-ger --data FILE` (defaults: 30 s timeout, 10,000-row cap).
- ger-kg-nolimits: the same with a one-day timeout and a billion-row cap, to see what the limits cost.
- bare: Flask + pyoxigraph (bare_endpoint.py), the floor for a Python service.
- oxigraph: Oxigraph server (`oxigraph load`, then `oxigraph serve --union-default-graph`), Rust.
- rdflib: rdflib-endpoint over an rdflib Dataset (rdflib_peer.py), pure Python; slow, so it runs under
  per-query time limits.
The Python peers run under gunicorn with the same number of workers, preloaded (loaded once, then forked).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
TRIVIAL = "ASK {}"


@dataclass(frozen=True)
class Peer:
    key: str
    label: str
    path: str            # where the SPARQL query endpoint is
    slow: bool = False   # give it per-query time limits and a time budget rather than wait


PEERS = {p.key: p for p in [
    Peer("ger-kg", "GER-KG", "/sparql"),
    Peer("ger-kg-nolimits", "GER-KG, no limits", "/sparql"),
    Peer("bare", "bare Flask+pyoxigraph", "/sparql"),
    Peer("oxigraph", "Oxigraph server", "/query"),
    Peer("rdflib", "rdflib-endpoint", "/sparql", slow=True),
]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def commands(peer: Peer, data: Path, port: int, workers: int, workdir: Path, limit: float):
    """(commands to run first, the server command, extra environment) for one peer."""
    gunicorn = [str(BIN / "python"), "-m", "gunicorn", "--preload", "--workers", str(workers),
                "--bind", f"127.0.0.1:{port}", "--chdir", str(HERE), "--log-level", "warning"]
    ger = [str(BIN / "ger"), "serve", "--no-ger", "--data", str(data), "--host", "127.0.0.1",
           "--port", str(port), "--workers", str(workers), "--quiet"]
    state = {"GER_STATE_DIR": str(workdir / "state")}  # no journaled writes of a real deployment
    if peer.key == "ger-kg":
        return [], ger, state
    if peer.key == "ger-kg-nolimits":
        return [], ger + ["--query-timeout", "86400", "--row-cap", "1000000000"], state
    if peer.key == "bare":
        return [], gunicorn + ["bare_endpoint:app"], {"BENCH_DATA": str(data)}
    if peer.key == "oxigraph":
        db = workdir / "oxigraph-db"
        return ([[str(BIN / "oxigraph"), "load", "--location", str(db), "--file", str(data)]],
                [str(BIN / "oxigraph"), "serve", "--location", str(db), "--bind", f"127.0.0.1:{port}",
                 "--union-default-graph"], {})
    if peer.key == "rdflib":
        # A worker stuck in a query past the limit stops heart-beating and is replaced by gunicorn.
        return [], gunicorn + ["--worker-class", "uvicorn.workers.UvicornWorker", "--timeout",
                               str(int(limit) + 5), "rdflib_peer:app"], {"BENCH_DATA": str(data)}
    raise KeyError(peer.key)


def start(peer: Peer, data: Path, workers: int, log: Path, limit: float, ready_timeout: float) -> "Server":
    return Server(lambda port, tmp: commands(peer, data, port, workers, tmp, limit), log, ready_timeout, peer.path)


def answers_trivial_query(url: str) -> bool:
    from measure import post
    return post(url, TRIVIAL, "application/sparql-results+json", 2)[0] == 200


class Server:
    """One running server, timed from launch until `probe(url)` succeeds; a context manager that stops it.

    commands(port, scratch_dir) gives (commands to run first, the server command, extra environment)."""

    def __init__(self, commands, log: Path, ready_timeout: float, path: str = "/sparql",
                 probe=answers_trivial_query):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}{path}"
        self._tmp = tempfile.TemporaryDirectory(prefix="bench-")
        prepare, serve, env = commands(self.port, Path(self._tmp.name))
        log.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(log, "w")
        started = time.perf_counter()
        for cmd in prepare:
            subprocess.run(cmd, check=True, stdout=self._log, stderr=subprocess.STDOUT)
        self.proc = subprocess.Popen(serve, env={**os.environ, **env}, stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True)  # its own process group, to stop its workers too
        try:
            self._wait_ready(probe, ready_timeout)
        except BaseException:
            self.stop()
            raise
        self.load_seconds = time.perf_counter() - started

    def _wait_ready(self, probe, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited with {self.proc.returncode}; see {self._log.name}")
            try:
                if probe(self.url):
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"the server did not answer within {timeout:.0f} s; see {self._log.name}")

    def pids(self) -> list[int]:
        """The server process and all its descendants (gunicorn's workers)."""
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(ppid, []).append(int(entry.name))
        found, todo = [], [self.proc.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo += children.get(pid, [])
        return found

    def memory_mb(self) -> tuple[float, float]:
        """(RSS, PSS) of the process tree in MB. RSS counts the pages forked workers share once per
        process; PSS divides them among the sharers, so it is the fairer sum for preforked servers."""
        rss = pss = 0
        for pid in self.pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                rss += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
                pss += int(next(line.split()[1] for line in rollup.splitlines() if line.startswith("Pss:")))
            except (OSError, StopIteration):
                continue
        return rss / 1024, pss / 1024

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)  # the group we created: the server and its workers
            self.proc.wait(20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self._log.close()
        self._tmp.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
