"""Stopping requests that overrun their time or memory budget.

pyoxigraph evaluates a query in Rust without ever returning to Python, so a thread or a signal cannot
interrupt it, and nothing inside it bounds the memory it takes (a cross-product ORDER BY grows by about
0.5 GB a second). Each worker process therefore has a watchdog thread: when a request passes its deadline,
or the worker's resident memory passes its budget while a request is in flight, the watchdog answers the
client with a clear 503 and ends the worker process, which stops the work for real and returns its memory;
gunicorn's arbiter starts a fresh worker from the preloaded application at once.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from contextlib import contextmanager

log = logging.getLogger(__name__)

EXIT_CODE = 75  # what a worker ended by the watchdog exits with
MEMORY_POLL = 0.05  # seconds between looks at the worker's memory while a request is in flight
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes() -> int | None:
    """This process's resident memory now (Linux /proc), or None where it cannot be read."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


class Watchdog:
    """Per worker process; the request path only sets and clears a deadline and a memory limit (no locks).

    The watchdog thread sleeps until the earliest moment a request can pass its deadline: the armed
    deadline, or, when none is armed, one full timeout from now (a request that starts later ends later).
    While a memory limit is set it also wakes every MEMORY_POLL seconds to read /proc/self/statm (a few
    microseconds), so a runaway request is stopped within about MEMORY_POLL of passing its budget."""

    def __init__(self):
        self._armed: tuple[float, object] | None = None  # (deadline, on_expire), replaced atomically
        self._memory: tuple[int, object] | None = None  # (limit in bytes, on_exceed), replaced atomically
        self._shortest = float("inf")  # the shortest timeout asked for so far
        self._wake = threading.Event()  # set when the thread must look again sooner than it planned
        self._pid = None
        self.before_end = None  # set by the request path: what to give back before the worker ends

    def _ensure_thread(self):
        # A thread does not survive fork: start one lazily in each worker process.
        if self._pid != os.getpid():
            self._pid = os.getpid()
            threading.Thread(target=self._run, name="request-watchdog", daemon=True).start()

    def _run(self):
        while True:
            armed, memory, now = self._armed, self._memory, time.monotonic()
            if armed is not None and now >= armed[0]:
                self._end(armed[1], "request timed out")
            if memory is not None:
                rss = resident_bytes()
                if rss is not None and rss > memory[0]:
                    self._end(memory[1], f"request passed the memory budget ({rss >> 20} MB resident)")
            wake_at = now + self._shortest if armed is None else min(armed[0], now + self._shortest)
            if memory is not None:
                wake_at = min(wake_at, now + MEMORY_POLL)
            self._wake.wait(None if wake_at == float("inf") else max(wake_at - now, 0.001))
            self._wake.clear()

    def _end(self, answer, why: str):
        try:
            if self.before_end is not None:  # before the client hears: it may retry at once
                self.before_end()
            answer()
        finally:
            log.warning("%s; ending worker %s to stop it", why, os.getpid())
            logging.shutdown()
            os._exit(EXIT_CODE)

    @contextmanager
    def guard(self, seconds: float, on_expire):
        """Run the body under a deadline; on_expire() is called from the watchdog if it passes. Guards
        nest: an inner guard cannot extend the deadline of the one around it."""
        self._ensure_thread()
        outer = self._armed
        deadline = time.monotonic() + seconds
        if outer is None or deadline < outer[0]:
            self._armed = (deadline, on_expire)
        if seconds < self._shortest:
            self._shortest = seconds
            self._wake.set()
        try:
            yield
        finally:
            self._armed = outer

    @contextmanager
    def memory_limit(self, limit_bytes: int, on_exceed):
        """Run the body with the worker's resident memory bounded; on_exceed() is called from the watchdog
        when it passes the limit."""
        self._ensure_thread()
        self._memory = (limit_bytes, on_exceed)
        self._wake.set()
        try:
            yield
        finally:
            self._memory = None


def raw_http_response(status: str, message: str, headers: dict | None = None) -> bytes:
    """A complete HTTP/1.1 response, for writing to a socket outside the WSGI cycle."""
    body = message.encode("utf-8")
    lines = [f"HTTP/1.1 {status}", "Content-Type: text/plain; charset=utf-8",
             f"Content-Length: {len(body)}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
