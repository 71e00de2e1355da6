"""The budget of one request, resolved from the configuration: how many workers, how long a request may
take, how much memory a worker may reach while it answers. Defaults suit the machine the service runs on
(a 24 GB, 2-core host with 4 workers gets 3 GB per worker), and every value has a GER_* variable."""

from __future__ import annotations

import os

MAX_REQUEST_LINE = 8190  # gunicorn enforces at most this, whatever it is told
REQUEST_GRACE = 5.0  # seconds a request may take beyond the query timeout (to write its answer)


def workers(config) -> int:
    return config.workers or max(2, (os.cpu_count() or 1) * 2)


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
    """Requests that may do work at once across all workers: the rest stay free for cheap requests."""
    return max(1, workers(config) - max(0, config.reserved_workers))


def check(config) -> None:
    """Refuse settings that could not be enforced as written."""
    if not 0 < config.max_request_line <= MAX_REQUEST_LINE:
        raise ValueError(f"GER_MAX_REQUEST_LINE must be between 1 and {MAX_REQUEST_LINE} (gunicorn enforces "
                         f"no more, whatever it is told); send long queries by POST")
    for name in ("client_concurrency", "validate_concurrency", "validate_max_triples"):
        if getattr(config, name) < 1:
            raise ValueError(f"GER_{name.upper()} must be at least 1")
