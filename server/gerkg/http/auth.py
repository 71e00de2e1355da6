"""Data providers: who may write (bearer tokens) and where (the graphs each owns). Reads need no token.

Tokens come from GER_TOKENS ("provider:token provider2:token2") and from GER_TOKENS_FILE (one
"provider token [graph-prefix ...]" or "provider:token [graph-prefix ...]" per line, # for comments). A
provider owns the graphs under <base>/graph/<provider>/ and under the IRI prefixes its line lists."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Provider:
    name: str
    prefixes: tuple[str, ...] = ()  # graph IRI prefixes granted beyond the provider's own space


def load_tokens(pairs=(), path: Path | None = None) -> dict[str, Provider]:
    """token -> provider"""
    entries = list(pairs)
    if path is not None:
        for line in Path(path).read_text().splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                entries.append(line)
    tokens = {}
    for entry in entries:
        head, *prefixes = entry.split()
        if ":" not in head and prefixes:  # "provider token [prefix ...]"
            head = f"{head}:{prefixes.pop(0)}"
        provider, sep, token = head.partition(":")
        provider, token = provider.strip(), token.strip()
        if not sep or not provider or not token:
            raise ValueError(f"a token entry must be 'provider:token', not {entry!r}")
        if not provider.replace("-", "").replace("_", "").replace(".", "").isalnum():
            raise ValueError(f"a provider name may hold letters, digits, '-', '_' and '.': {provider!r}")
        bad = [p for p in prefixes if ":" not in p or any(c in p for c in '<>"{}|^`\\')]
        if bad:
            raise ValueError(f"graph prefixes must be absolute IRIs: {bad[0]!r} (provider {provider})")
        tokens[token] = Provider(provider, tuple(prefixes))
    return tokens


def provider_for(header: str | None, tokens: dict[str, Provider]) -> Provider | None:
    """The provider whose token the Authorization header carries, or None."""
    if not header or not header.lower().startswith("bearer "):
        return None
    given = header[7:].strip()
    found = None
    for token, provider in tokens.items():
        if hmac.compare_digest(token.encode(), given.encode()):
            found = provider
    return found
