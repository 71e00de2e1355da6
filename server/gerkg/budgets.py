"""The budget of one request, resolved from the configuration: how many workers, how long a request may
take, how much memory a worker may reach while it answers. Defaults suit the machine the service runs on
(a 24 GB, 2-core host runs 8 workers of 1.5 GB each), and every value has a GER_* variable."""

from __future__ import annotations

import os

MAX_REQUEST_LINE = 8190  # gunicorn enforces at most this, whatever it is told
REQUEST_GRACE = 5.0  # seconds a request may take beyond the query timeout (to write its answer)


def workers(config) -> int:
    """Four per CPU, at least four: a sync worker answers one request at a time, and the admission keeps
    some of them free, so there are more workers than cores (each is a fork of the loaded application)."""
    return config.workers or max(4, (os.cpu_count() or 1) * 4)


def request_timeout(config) -> float:
    return config.request_timeout or config.query_timeout + REQUEST_GRACE


def physical_memory() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 8 << 30


def worker_memory(config) -> int:
    """Bytes of resident memory a worker may reach while answering: half the machine's memory shared
    among the workers, unless GER_WORKER_MEMORY (MB) says otherwise."""
    if config.worker_memory:
        return config.worker_memory << 20
    return physical_memory() // 2 // workers(config)


def address_space_limit(config, current_size: int) -> int:
    """The hard backstop (RLIMIT_AS) for a worker whose address space is current_size now: well above the
    memory budget, which the watchdog enforces first, so that only a request growing faster than the
    watchdog can look is stopped by the allocator failing."""
    budget = worker_memory(config)
    return current_size + max(2 * budget, budget + (1 << 30))


def seats(config) -> int:
    """Requests that may do work at once across all workers: the rest stay free for cheap requests. Two
    workers or fewer keep none free (each would then do half the work or all of it)."""
    n = workers(config)
    return max(min(2, n), n - max(0, config.reserved_workers))


def check(config) -> None:
    """Refuse settings that could not be enforced as written."""
    if not 0 < config.max_request_line <= MAX_REQUEST_LINE:
        raise ValueError(f"GER_MAX_REQUEST_LINE must be between 1 and {MAX_REQUEST_LINE} (gunicorn enforces "
                         f"no more, whatever it is told); send long queries by POST")
    for name in ("client_concurrency", "validate_concurrency", "validate_max_triples"):
        if getattr(config, name) < 1:
            raise ValueError(f"GER_{name.upper()} must be at least 1")
