"""Settings of one GER-KG service, from arguments or GER_* environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from gerkg.namespaces import DEFAULT_BASE
from gerkg.release.sources import project_root


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").replace(",", " ").split() if v.strip())


@dataclass(frozen=True)
class Config:
    base: str = DEFAULT_BASE                 # GER_BASE: the instance base IRIs are published under
    root: Path = field(default_factory=project_root)   # GER_ROOT: checkout with ontology/, graph/, shapes/
    build_dir: Path | None = None            # GER_BUILD_DIR: where build artefacts are cached (root/build)
    include_ger: bool = True                 # serve the GER graph (off: only the --data files)
    data_files: tuple[str, ...] = ()         # GER_DATA: extra RDF files to serve
    data_reasoning: bool = False             # run OWL 2 RL over the --data files too
    union_default_graph: bool = True         # GER_UNION_DEFAULT_GRAPH: default graph = union of all graphs
    query_timeout: float = 30.0              # GER_QUERY_TIMEOUT, seconds
    row_cap: int = 10_000                    # GER_ROW_CAP: most rows (or triples) in one result
    max_body: int = 10 * 1024 * 1024         # GER_MAX_BODY: largest request body accepted, bytes
    remote_query_url: str | None = None      # GER_REMOTE_QUERY_URL: use a SPARQL 1.1 store instead
    remote_update_url: str | None = None     # GER_REMOTE_UPDATE_URL
    remote_gsp_url: str | None = None        # GER_REMOTE_GSP_URL: its Graph Store Protocol endpoint
    remote_user: str | None = None           # GER_REMOTE_USER / GER_REMOTE_PASSWORD: HTTP basic auth
    remote_password: str | None = None
    remote_token: str | None = None          # GER_REMOTE_TOKEN: bearer token for the remote store
    remote_allowlist: tuple[str, ...] = ()   # GER_REMOTE_ALLOWLIST: IRI prefixes SERVICE and LOAD may fetch
    state_dir: Path | None = None            # GER_STATE_DIR: where accepted writes are kept (root/var)
    tokens_file: Path | None = None          # GER_TOKENS_FILE: bearer tokens of data providers (writes)
    tokens: tuple[str, ...] = ()             # GER_TOKENS: "provider:token" pairs, space separated
    # Budgets per request and admission under load (README, "Security model"):
    workers: int = 0                         # GER_WORKERS: worker processes (0: four per CPU, at least 4)
    request_timeout: float = 0.0             # GER_REQUEST_TIMEOUT: seconds any request may take (0: query + 5)
    worker_memory: int = 0                   # GER_WORKER_MEMORY: MB a worker may reach while answering
                                             #   (0: half the machine's memory shared among the workers)
    reserved_workers: int = 1                # GER_RESERVED_WORKERS: workers kept free for /health, /metrics
                                             #   (with 3 workers or more)
    client_concurrency: int = 2              # GER_CLIENT_CONCURRENCY: one client's requests in progress at once
    validate_concurrency: int = 2            # GER_VALIDATE_CONCURRENCY: /validate requests in progress at once
    validate_max_triples: int = 20_000       # GER_VALIDATE_MAX_TRIPLES: largest document /validate checks
    trusted_proxies: tuple[str, ...] = ()    # GER_TRUSTED_PROXIES: addresses (or CIDR) whose X-Forwarded-For
                                             #   names the client; none by default
    max_request_line: int = 8190             # GER_MAX_REQUEST_LINE: longest request line (gunicorn's most)
    public_url: str | None = None            # GER_PUBLIC_URL: where clients reach this service (VoID, service
                                             # description); unset: the request's Host header, if a host name
    # Writes (issue 9): a write's own time budget, and the plain-store mode in which the service is a
    # standard SPARQL 1.1 store (no GER graph, a real default graph, no ownership, no shapes gate, no log).
    write_timeout: float = 30.0              # GER_WRITE_TIMEOUT: seconds a write may take to plan and validate
    plain_store: bool = False                # GER_PLAIN_STORE

    @property
    def remote(self) -> bool:
        return bool(self.remote_query_url)

    @property
    def journal_path(self) -> Path:
        return (self.state_dir or self.root / "var") / "journal.jsonl"

    @property
    def cache_dir(self) -> Path:
        return self.build_dir or self.root / "build"

    @classmethod
    def from_env(cls, env=None, **overrides) -> "Config":
        env = os.environ if env is None else env
        values = {}
        for f in fields(cls):
            raw = env.get("GER_" + f.name.upper())
            if raw is None:
                continue
            if f.name in ("root", "build_dir", "tokens_file", "state_dir"):
                values[f.name] = Path(raw)
            elif f.name in ("include_ger", "data_reasoning", "union_default_graph", "plain_store"):
                values[f.name] = raw.lower() in ("1", "true", "yes", "on")
            elif f.name in ("query_timeout", "request_timeout", "write_timeout"):
                values[f.name] = float(raw)
            elif f.name in ("row_cap", "max_body", "workers", "worker_memory", "reserved_workers",
                            "client_concurrency", "validate_concurrency", "validate_max_triples",
                            "max_request_line"):
                values[f.name] = int(raw)
            elif f.name in ("data_files", "remote_allowlist", "tokens", "trusted_proxies"):
                values[f.name] = _split(raw)
            else:
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        if values.get("plain_store"):  # a standard store: only the --data files, a real default graph
            values.update(include_ger=False, union_default_graph=False)
        return cls(**values)

    def with_(self, **changes) -> "Config":
        return replace(self, **changes)
