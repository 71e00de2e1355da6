"""Real servers on loopback ports for the tests: `ger serve` (gunicorn) and, for the remote-store mode,
Oxigraph server. Nothing is mocked: the tests talk HTTP to them."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Process:
    def __init__(self, args, url, env=None, ready_path="/health", log=None):
        self.url = url
        self.log = log
        self.proc = subprocess.Popen(args, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{args[0]} exited with {self.proc.returncode}: {self.output()}")
            try:
                requests.get(url + ready_path, timeout=2)  # any HTTP answer: the server is up
                return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{args} did not become ready: {self.output()}")

    def output(self) -> str:
        if self.log is None:
            return ""
        self.log.flush()
        return Path(self.log.name).read_text()[-3000:]

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, 15)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
                self.proc.wait()


def start_ger(tmp_path: Path, *args, env=None) -> Process:
    port = free_port()
    log = open(tmp_path / f"ger-{port}.log", "w+")
    cmd = [str(BIN / "ger"), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2", *args]
    return Process(cmd, f"http://127.0.0.1:{port}", env=env, log=log)


@pytest.fixture(scope="session")
def built():
    """The GER dataset, built (or taken from the cache) once per session."""
    from gerkg.release import build
    return build.build(ROOT)


@pytest.fixture(scope="session")
def server(built, tmp_path_factory):
    """The service as `make serve` runs it, on a free loopback port."""
    proc = start_ger(tmp_path_factory.mktemp("server"))
    yield proc.url
    proc.stop()


@pytest.fixture(scope="session")
def limited_server(built, tmp_path_factory):
    """A service with a short query timeout and a small row cap."""
    proc = start_ger(tmp_path_factory.mktemp("limited"), "--query-timeout", "1.5", "--row-cap", "5")
    yield proc
    proc.stop()


@pytest.fixture(scope="session")
def oxigraph_server(built, tmp_path_factory):
    """Oxigraph server with build/dataset.nq loaded (its default graph holds the union of the named graphs)."""
    exe = shutil.which("oxigraph", path=str(BIN)) or shutil.which("oxigraph")
    assert exe, "the oxigraph command comes with the test dependencies (pip install oxigraph)"
    tmp = tmp_path_factory.mktemp("oxigraph")
    subprocess.run([exe, "load", "--location", str(tmp / "db"), "--file", built.path], check=True,
                   capture_output=True)
    port = free_port()
    log = open(tmp / "oxigraph.log", "w+")
    proc = Process([exe, "serve", "--location", str(tmp / "db"), "--bind", f"127.0.0.1:{port}"],
                   f"http://127.0.0.1:{port}", log=log, ready_path="/query?query=ASK%7B%7D")
    yield proc.url
    proc.stop()


@pytest.fixture(scope="session")
def remote_server(oxigraph_server, tmp_path_factory):
    """GER-KG as a thin layer over the Oxigraph server."""
    proc = start_ger(tmp_path_factory.mktemp("remote"), "--remote-query-url", oxigraph_server + "/query",
                     "--remote-update-url", oxigraph_server + "/update", "--remote-gsp-url", oxigraph_server + "/store")
    yield proc.url
    proc.stop()
