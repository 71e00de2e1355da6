"""Evaluating queries on a thread with a deep stack.

pyoxigraph parses and evaluates recursively on the calling thread's stack; texts within the nesting and
operator bounds of sparql_text still recurse a few thousand frames deep, past the 8 MB of a worker's main
thread (a stack overflow ends the process without an answer). A thread with a 512 MB stack costs only the
pages it touches.
"""

from __future__ import annotations

import threading

STACK_BYTES = 512 * 1024 * 1024
_lock = threading.Lock()


def run_with_deep_stack(function, *args):
    """function(*args) on a fresh thread with a deep stack; its result, or its exception raised here."""
    outcome = {}

    def target():
        try:
            outcome["value"] = function(*args)
        except BaseException as exc:  # handed to the caller, who decides
            outcome["error"] = exc

    with _lock:  # stack_size() is process-wide: set it only for the thread started here
        previous = threading.stack_size(STACK_BYTES)
        try:
            thread = threading.Thread(target=target, name="query", daemon=True)
            thread.start()
        finally:
            threading.stack_size(previous)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
