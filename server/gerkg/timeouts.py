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
    def __init__(self):
        self._cond = threading.Condition()
        self._deadline: float | None = None
        self._on_expire = None
        self._thread: threading.Thread | None = None
        self._pid = None

    def _ensure_thread(self):
        # A thread does not survive fork: start one lazily in each worker process.
        if self._thread is None or self._pid != os.getpid():
            self._pid = os.getpid()
            self._cond = threading.Condition()
            self._thread = threading.Thread(target=self._run, name="query-watchdog", daemon=True)
            self._thread.start()

    def _run(self):
        with self._cond:
            while True:
                if self._deadline is None:
                    self._cond.wait()
                    continue
                remaining = self._deadline - time.monotonic()
                if remaining > 0:
                    self._cond.wait(remaining)
                    continue
                callback, self._deadline = self._on_expire, None
                try:
                    callback()
                finally:
                    log.warning("query timed out; ending worker %s to stop it", os.getpid())
                    logging.shutdown()
                    os._exit(EXIT_CODE)

    @contextmanager
    def guard(self, seconds: float, on_expire):
        """Run the body under a deadline; on_expire() is called from the watchdog if it passes."""
        self._ensure_thread()
        with self._cond:
            self._deadline = time.monotonic() + seconds
            self._on_expire = on_expire
            self._cond.notify()
        try:
            yield
        finally:
            with self._cond:
                self._deadline = None
                self._on_expire = None


def raw_http_response(status: str, message: str, headers: dict | None = None) -> bytes:
    """A complete HTTP/1.1 response, for writing to a socket outside the WSGI cycle."""
    body = message.encode("utf-8")
    lines = [f"HTTP/1.1 {status}", "Content-Type: text/plain; charset=utf-8",
             f"Content-Length: {len(body)}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
