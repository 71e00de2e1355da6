"""Admission under load, shared by all gunicorn worker processes: fairness per client, capacity kept for
cheap requests, /validate's own limit, and each admitted request run under its time and memory budget.

A gunicorn sync worker answers one request at a time, so a request doing work holds a whole worker. The
slots that say who may work are byte-range locks (fcntl) in one file created before the workers fork:
the kernel releases them when a process ends, so a worker ended by the watchdog (or crashing) never leaks
one. A request takes, waiting at most 60 ms for a seat (SEAT_RETRIES) and not at all for the rest:
  - one of its client's GER_CLIENT_CONCURRENCY slots, else 429 (the client is over its share);
  - one of the seats (workers minus GER_RESERVED_WORKERS), else 503 (the server is busy), so that some
    workers are always free to answer /health, /metrics and refusals at once;
  - for /validate, one of GER_VALIDATE_CONCURRENCY slots, else 503.
Both refusals carry Retry-After and a readable message, as Wikidata Query Service and QLever answer.
"""

from __future__ import annotations

import atexit
import fcntl
import hashlib
import ipaddress
import os
import random
import shutil
import tempfile
import time
from dataclasses import dataclass, replace

from gerkg import budgets
from gerkg.http.ops import METRICS
from gerkg.http.timeouts import raw_http_response

CHEAP_PATHS = ("/health", "/metrics", "/favicon.ico")
# Seconds to wait before looking for a seat again, then refusing. A look at the seats is not one instant: a
# worker can be paused between two of them while another frees one and a third takes it, so that every seat
# looked busy though one never was. (Measured by `make soak`: 3 refusals in 242,333 legitimate requests with
# the seats exactly as many as the clients, before these retries.) A client's own slots are not waited for.
SEAT_RETRIES = (0.01, 0.05)
CLIENT_BUCKETS = 65_536  # clients are hashed into this many buckets, each with its own slots
_SEATS, _VALIDATE, _CLIENTS = 0, 1 << 16, 1 << 20  # where each kind of slot starts in the lock file


def client_identity(environ, trusted_proxies) -> str:
    """Who sent the request: the peer address, or, when the peer is a trusted proxy, the nearest address in
    X-Forwarded-For that is not one. IPv6 clients are grouped by /64 (one subscriber's prefix)."""
    address = environ.get("REMOTE_ADDR", "")
    if trusted_proxies and _in(address, trusted_proxies):
        for hop in reversed(environ.get("HTTP_X_FORWARDED_FOR", "").split(",")):
            hop = hop.strip()
            address = hop or address
            if not _in(hop, trusted_proxies):
                break
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    return str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)


def _in(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


class Slots:
    """Numbered slots as one-byte locks in a shared file. Each process opens the file itself (locks
    held through a descriptor inherited across fork would be shared with the parent)."""

    def __init__(self, path: str):
        self.path = path
        self._fd, self._pid = None, None

    def _file(self) -> int:
        if self._pid != os.getpid():
            self._fd, self._pid = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600), os.getpid()
        return self._fd

    def take(self, start: int, count: int) -> int | None:
        """Lock one free slot of start..start+count-1 (tried from a random one on); its offset, or None."""
        fd = self._file()
        first = random.randrange(count)
        for i in range(count):
            offset = start + (first + i) % count
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, offset)
                return offset
            except OSError:
                continue
        return None

    def give_back(self, offset: int) -> None:
        fcntl.lockf(self._file(), fcntl.LOCK_UN, 1, offset)


@dataclass
class Refusal:
    status: str
    reason: str  # the metrics label
    message: str
    retry_after: int

    def __call__(self, environ, start_response):
        METRICS.refused.labels(self.reason).inc()
        body = self.message.encode("utf-8")
        start_response(self.status, [("Content-Type", "text/plain; charset=utf-8"),
                                     ("Content-Length", str(len(body))), ("Retry-After", str(self.retry_after)),
                                     ("Access-Control-Allow-Origin", "*")])
        return [body]


OVER_SHARE = Refusal("429 Too Many Requests", "client",
                     "Too many requests from your address at once: this public endpoint answers at most {} of "
                     "one client's requests at a time, so that everyone gets a share. Wait for your running "
                     "requests to finish, then retry.\n", 2)
BUSY = Refusal("503 Service Unavailable", "busy",
               "The server is busy with other requests; retry in a moment.\n", 1)
VALIDATE_BUSY = Refusal("503 Service Unavailable", "validate",
                        "Validations are running at this server's limit of {} at once; retry in a moment, or "
                        "validate on your own machine with `ger validate`.\n", 2)


class Admission:
    """WSGI middleware around the Flask application; see the module docstring."""

    def __init__(self, app, config, watchdog):
        self.app, self.config, self.watchdog = app, config, watchdog
        folder, creator = tempfile.mkdtemp(prefix="ger-admission-"), os.getpid()
        # Removed when the process that made it ends: not when a worker does, while the others still use it.
        atexit.register(lambda: os.getpid() == creator and shutil.rmtree(folder, ignore_errors=True))
        self.slots = Slots(os.path.join(folder, "slots"))
        self.seats = budgets.seats(config)
        self.proxies = tuple(ipaddress.ip_network(p, strict=False) for p in config.trusted_proxies)
        self.timeout = budgets.request_timeout(config)
        self.memory = budgets.worker_memory(config)
        self.over_share = replace(OVER_SHARE, message=OVER_SHARE.message.format(config.client_concurrency))
        self.validate_busy = replace(VALIDATE_BUSY, message=VALIDATE_BUSY.message.format(config.validate_concurrency))

    def __call__(self, environ, start_response):
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        if method == "OPTIONS" or path in CHEAP_PATHS or path.startswith("/static/"):
            return self.app(environ, start_response)
        held = []
        refusal = self._admit(environ, path, method, held)
        if refusal is not None:
            self._release(held)
            return refusal(environ, start_response)
        return self._run(environ, start_response, held)

    def _admit(self, environ, path, method, held) -> Refusal | None:
        client = client_identity(environ, self.proxies)
        bucket = int.from_bytes(hashlib.blake2b(client.encode(), digest_size=4).digest(), "big") % CLIENT_BUCKETS
        per_client = self.config.client_concurrency
        wanted = [(_CLIENTS + bucket * per_client, per_client, self.over_share), (_SEATS, self.seats, BUSY)]
        if path == "/validate" and method == "POST":
            wanted.append((_VALIDATE, self.config.validate_concurrency, self.validate_busy))
        for start, count, refusal in wanted:
            offset = self.slots.take(start, count)
            for pause in SEAT_RETRIES if refusal is not self.over_share else ():
                if offset is not None:
                    break
                time.sleep(pause)
                offset = self.slots.take(start, count)
            if offset is None:
                return refusal
            held.append(offset)
        return None

    def _release(self, held):
        for offset in held:
            self.slots.give_back(offset)
        held.clear()

    def _run(self, environ, start_response, held):
        """The application's answer, under the request's budget, holding the slots until it is being sent."""
        socket = environ.get("gunicorn.socket")
        sending = []  # not empty once the answer has begun to go out: then a 503 can no longer be written

        def answer(message, counter):
            def send():
                counter.inc()
                if not sending:
                    socket.sendall(raw_http_response("503 Service Unavailable", message,
                                                     {"Access-Control-Allow-Origin": "*"}))
            return send

        self.watchdog.before_end = lambda: self._release(held)  # the kernel would, but only once it has exited
        try:
            if socket is None:  # not under gunicorn (a test client, a debugger): nothing to end
                yield from self._iterate(environ, start_response, sending, lambda: self._release(held))
                return
            over_time = answer(f"The request took longer than this server's limit of {self.timeout:g} s and was "
                               "stopped. Narrow it, or work on your own copy of the data (/dump.nq).\n",
                               METRICS.budget_exceeded.labels("time"))
            over_memory = answer(f"The request needed more memory than this server's budget of "
                                 f"{self.memory >> 20} MB per worker and was stopped. Narrow it (more selective "
                                 "patterns, no ORDER BY over large results), or work on your own copy of the "
                                 "data (/dump.nq).\n", METRICS.budget_exceeded.labels("memory"))
            with self.watchdog.guard(self.timeout, over_time), self.watchdog.memory_limit(self.memory, over_memory):
                yield from self._iterate(environ, start_response, sending, lambda: self._release(held))
        finally:
            self.watchdog.before_end = None
            self._release(held)

    def _iterate(self, environ, start_response, sending, before_last):
        """The application's body; before_last() runs before its last chunk goes out, so that a client that
        sends its next request as soon as it has this answer finds the slots given back (else, on a busy
        machine, the worker may not run again before that request arrives, and it would find them taken)."""
        body = self.app(environ, start_response)
        try:
            chunks = iter(body)
            chunk = next(chunks, None)
            while chunk is not None:
                following = next(chunks, None)
                if following is None:
                    before_last()
                sending[:] = [True]
                yield chunk
                chunk = following
        finally:
            if hasattr(body, "close"):
                body.close()
