"""Stopping queries that overrun their time.

pyoxigraph evaluates a query in Rust without ever returning to Python, so a thread or a signal cannot
interrupt it. Each worker process therefore has a watchdog thread: when a query passes its deadline, the
watchdog answers the client with a clear 503 and ends the worker process, which stops the evaluation for
real; gunicorn's arbiter starts a fresh worker from the preloaded application at once.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from contextlib import contextmanager

log = logging.getLogger(__name__)

EXIT_CODE = 75  # what a worker ended by the watchdog exits with


class Watchdog:
    """Per worker process; the request path only sets and clears a deadline (no locks, no thread wake-ups).

    The watchdog thread sleeps until the earliest moment a query can pass its deadline: the armed query's
    deadline, or, when none is armed, one full timeout from now (a query that starts later ends later). So
    it wakes about once per timeout period, not on every request, and never competes for the GIL with the
    queries it guards."""

    def __init__(self):
        self._armed: tuple[float, object] | None = None  # (deadline, on_expire), replaced atomically
        self._shortest = float("inf")  # the shortest timeout asked for so far
        self._wake = threading.Event()  # set when a shorter timeout arrives than the thread may sleep
        self._pid = None

    def _ensure_thread(self):
        # A thread does not survive fork: start one lazily in each worker process.
        if self._pid != os.getpid():
            self._pid = os.getpid()
            threading.Thread(target=self._run, name="query-watchdog", daemon=True).start()

    def _run(self):
        while True:
            armed, now = self._armed, time.monotonic()
            if armed is not None and now >= armed[0]:
                try:
                    armed[1]()
                finally:
                    log.warning("query timed out; ending worker %s to stop it", os.getpid())
                    logging.shutdown()
                    os._exit(EXIT_CODE)
            wake_at = now + self._shortest if armed is None else min(armed[0], now + self._shortest)
            self._wake.wait(None if wake_at == float("inf") else max(wake_at - now, 0.001))
            self._wake.clear()

    @contextmanager
    def guard(self, seconds: float, on_expire):
        """Run the body under a deadline; on_expire() is called from the watchdog if it passes."""
        self._ensure_thread()
        self._armed = (time.monotonic() + seconds, on_expire)
        if seconds < self._shortest:
            self._shortest = seconds
            self._wake.set()
        try:
            yield
        finally:
            self._armed = None


def raw_http_response(status: str, message: str, headers: dict | None = None) -> bytes:
    """A complete HTTP/1.1 response, for writing to a socket outside the WSGI cycle."""
    body = message.encode("utf-8")
    lines = [f"HTTP/1.1 {status}", "Content-Type: text/plain; charset=utf-8",
             f"Content-Length: {len(body)}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
